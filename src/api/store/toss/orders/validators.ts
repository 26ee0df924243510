import { z } from "@medusajs/framework/zod"
import { TossCompleteSchema } from "../complete/validators"

/**
 * What the storefront chooses for the balance's Toss session (as for a cart's:
 * method, integration, orderName, a virtual account's validHours or dueDate,
 * useEscrow, maxCardInstallmentPlan); the provider checks each. The tax-free
 * share and escrow's products are the server's.
 */
export const TossOrderSessionSchema = z
  .object({
    /** The Toss account to pay with (`pp_toss_<id>`); default: the one the order was paid with, else the store's first. */
    provider_id: z.string().optional(),
    data: z
      .object({
        method: z.string().optional(),
        integration: z.string().optional(),
        orderName: z.string().optional(),
        validHours: z.number().optional(),
        dueDate: z.string().optional(),
        useEscrow: z.boolean().optional(),
        maxCardInstallmentPlan: z.number().optional(),
        // Accepted here only to be refused by the route with a clear message (see docs/after-the-order.md).
        payment_method: z.unknown().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type TossOrderSessionBody = z.infer<typeof TossOrderSessionSchema>

/** Toss's success redirect for an order's balance: the order is in the route. */
export const TossOrderCompleteSchema = TossCompleteSchema.omit({ cart_id: true })

export type TossOrderCompleteBody = z.infer<typeof TossOrderCompleteSchema>
