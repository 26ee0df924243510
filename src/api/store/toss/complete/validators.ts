import { z } from "@medusajs/framework/zod"

const tossId = z.string().regex(/^[A-Za-z0-9_-]+$/, "must contain only letters, digits, - and _")

/** The query of Toss's success redirect, as the storefront passes it on. */
export const TossCompleteSchema = z
  .object({
    // Optional: the orderId identifies the cart (see cart-for-order-id.ts).
    cart_id: z.string().min(1).optional(),
    paymentKey: tossId.max(200),
    orderId: tossId.min(6).max(64),
    // The redirect carries it as text; either form is accepted.
    amount: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  })
  .strict()

export type TossCompleteBody = z.infer<typeof TossCompleteSchema>
