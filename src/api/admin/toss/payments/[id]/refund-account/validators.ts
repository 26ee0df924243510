import { z } from "@medusajs/framework/zod"
import { ACCOUNT_NUMBER_PATTERN, HOLDER_NAME_MAX, isTossBankCode, normalizeAccountNumber } from "../../../../../../lib/toss-banks"

/** The shopper's bank account that Toss refunds a deposited virtual account into. */
export const AdminTossRefundAccountSchema = z
  .object({
    bank: z.string().refine(isTossBankCode, {
      message: "Unknown bank: give Toss's two-digit bank code, e.g. 88 for 신한은행 or 04 for KB국민은행.",
    }),
    accountNumber: z
      .string()
      .transform(normalizeAccountNumber)
      .refine((number) => ACCOUNT_NUMBER_PATTERN.test(number), {
        message: "The account number must be 6 to 20 digits (hyphens are fine, nothing else).",
      }),
    holderName: z
      .string()
      .transform((name) => name.trim())
      .refine((name) => name.length > 0 && name.length <= HOLDER_NAME_MAX, {
        message: `The account holder's name is required (at most ${HOLDER_NAME_MAX} characters).`,
      }),
  })
  .strict()

export type AdminTossRefundAccountBody = z.infer<typeof AdminTossRefundAccountSchema>
