import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { portOneBillingAccount } from "../../../../../lib/portone-saved-cards"
import { ensurePortOneBillingHolderWorkflow } from "../../../../../workflows/ensure-portone-billing-holder"
import type { PortOneAccountHolderBody } from "../validators"

/**
 * The logged-in customer's PortOne account holder, made on the first call
 * and the same one on every later call: what the storefront opens PortOne's
 * `requestIssueBillingKey` with (`storeId`, the billing `channelKey`, and
 * the holder's `customerId` as `customer.customerId`).
 */
export const POST = async (req: AuthenticatedMedusaRequest<PortOneAccountHolderBody>, res: MedusaResponse) => {
  const account = portOneBillingAccount(req.scope, req.validatedBody?.provider_id)
  const { result: holder } = await ensurePortOneBillingHolderWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id, provider_id: account.providerId } })
  res.json({
    account_holder: { id: holder.id, provider_id: holder.provider_id, data: { customerId: holder.data.customerId } },
    storeId: account.options.storeId,
    channelKey: account.options.billingChannelKey,
  })
}
