import { z } from "@medusajs/framework/zod"
import { AUTH_KEY_PATTERN } from "../../../../providers/toss/billing"

/** Toss's card registration redirect (`requestBillingAuth`'s successUrl), as the storefront passes it on. */
export const TossSaveCardSchema = z
  .object({
    authKey: z.string().regex(AUTH_KEY_PATTERN, "must be the authKey of Toss's redirect"),
    customerKey: z.string().regex(/^[A-Za-z0-9_=.@-]{2,50}$/, "must be the customerKey of Toss's redirect"),
  })
  .strict()

export type TossSaveCardBody = z.infer<typeof TossSaveCardSchema>

export const TossBillingCompleteSchema = z.object({ cart_id: z.string().min(1).max(100) }).strict()

export type TossBillingCompleteBody = z.infer<typeof TossBillingCompleteSchema>
