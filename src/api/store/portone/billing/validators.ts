import { z } from "@medusajs/framework/zod"
import { BILLING_KEY_PATTERN, PORTONE_CARD_ID_PATTERN } from "../../../../providers/portone/saved-cards"

export const PortOneAccountHolderSchema = z.object({ provider_id: z.string().min(1).max(100).optional() }).strict()

export type PortOneAccountHolderBody = z.infer<typeof PortOneAccountHolderSchema>

/** What PortOne's `requestIssueBillingKey` answered the storefront. */
export const PortOneSaveCardSchema = z
  .object({ billingKey: z.string().regex(BILLING_KEY_PATTERN, "must be the billingKey of PortOne's requestIssueBillingKey answer") })
  .strict()

export type PortOneSaveCardBody = z.infer<typeof PortOneSaveCardSchema>

export const PortOneBillingCompleteSchema = z
  .object({
    cart_id: z.string().min(1).max(100),
    payment_method_id: z.string().regex(PORTONE_CARD_ID_PATTERN, "must be the id of a saved PortOne card (portonecard_…)"),
  })
  .strict()

export type PortOneBillingCompleteBody = z.infer<typeof PortOneBillingCompleteSchema>
