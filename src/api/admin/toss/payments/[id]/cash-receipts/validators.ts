import { z } from "@medusajs/framework/zod"

/** 소득공제: a mobile phone or an 18-digit cash receipt card number; 지출증빙: a 10-digit business registration number, or the card number. */
const IDENTITY = { 소득공제: /^(01[0-9]{8,9}|[0-9]{18})$/, 지출증빙: /^([0-9]{10}|[0-9]{18})$/ } as const

/** What the operator enters for a cash receipt the shopper asked for. */
export const AdminTossCashReceiptSchema = z
  .object({
    type: z.enum(["소득공제", "지출증빙"]),
    customerIdentityNumber: z.string().transform((value) => value.replace(/[\s-]/g, "")),
  })
  .strict()
  .refine((body) => IDENTITY[body.type].test(body.customerIdentityNumber), {
    message:
      "customerIdentityNumber: for 소득공제 a mobile phone number (010…) or an 18-digit cash receipt card number; for 지출증빙 a 10-digit business registration number (hyphens are fine).",
    path: ["customerIdentityNumber"],
  })

export type AdminTossCashReceiptBody = z.infer<typeof AdminTossCashReceiptSchema>
