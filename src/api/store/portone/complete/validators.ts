import { z } from "@medusajs/framework/zod"

/** What the storefront hands over after PortOne's window (the browser SDK's answer). */
export const PortOneCompleteSchema = z
  .object({
    // The Medusa payment session id, which the storefront passed to requestPayment as paymentId.
    paymentId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, "must be the paymentId of a PortOne payment session"),
    // Only on a manual-confirm (수동 승인) channel.
    paymentToken: z.string().min(1).max(500).regex(/^[\x21-\x7e]+$/, "must be PortOne's paymentToken").optional(),
    txId: z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, "must be PortOne's txId").optional(),
  })
  .strict()

export type PortOneCompleteBody = z.infer<typeof PortOneCompleteSchema>
