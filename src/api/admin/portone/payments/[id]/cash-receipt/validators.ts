import { z } from "@medusajs/framework/zod"

/** 소득공제 (PERSONAL): a mobile phone or an 18-digit cash receipt card number; 지출증빙 (CORPORATE): a 10-digit business registration number, or the card number. */
const IDENTITY = { PERSONAL: /^(01[0-9]{8,9}|[0-9]{18})$/, CORPORATE: /^([0-9]{10}|[0-9]{18})$/ } as const

/** The shopper's cash receipt request, as the operator enters it; the identity number goes to PortOne only. */
export const AdminPortOneCashReceiptSchema = z
  .object({
    type: z.enum(["PERSONAL", "CORPORATE"]),
    identity_number: z.string().transform((value) => value.replace(/[\s-]/g, "")),
  })
  .strict()
  .refine((body) => IDENTITY[body.type].test(body.identity_number), {
    message:
      "identity_number: for PERSONAL (소득공제) a mobile phone number (010…) or an 18-digit cash receipt card number; for CORPORATE (지출증빙) a 10-digit business registration number (hyphens are fine).",
    path: ["identity_number"],
  })

export type AdminPortOneCashReceiptBody = z.infer<typeof AdminPortOneCashReceiptSchema>
