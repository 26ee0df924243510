import { z } from "@medusajs/framework/zod"
import { isPortOneBank } from "../../../../../../lib/portone-banks"

const digits = (value: unknown) => (typeof value === "string" ? value.replace(/[\s-]/g, "") : value)

/**
 * The account a deposited virtual account is refunded into: sent to PortOne
 * with the cancel and kept nowhere (not in payment data, a workflow's
 * input, an answer or a log line).
 */
export const AdminPortOneRefundAccountSchema = z
  .object({
    bank: z.string().refine(isPortOneBank, { message: "Not one of PortOne's bank codes (e.g. KOOKMIN, SHINHAN, WOORI, HANA, NONGHYUP, KAKAO, TOSS)." }),
    number: z.preprocess(digits, z.string().regex(/^[0-9]{6,20}$/, { message: "An account number is 6 to 20 digits (hyphens are fine)." })),
    holder_name: z.string().trim().min(1).max(50),
    holder_phone_number: z.preprocess(digits, z.string().regex(/^01[0-9]{8,9}$/, { message: "A mobile phone number (010…)." })).optional(),
  })
  .strict()

/** The admin's refund of one PortOne payment. */
export const AdminPortOneRefundSchema = z
  .object({
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    note: z.string().max(1000).optional(),
    refund_reason_id: z.string().optional(),
    refund_account: AdminPortOneRefundAccountSchema.optional(),
  })
  .strict()

export type AdminPortOneRefundBody = z.infer<typeof AdminPortOneRefundSchema>
