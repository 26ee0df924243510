import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { tossBillingAccount } from "../../../../../lib/toss-config"
import { ensureTossAccountHolderWorkflow } from "../../../../../workflows/ensure-toss-account-holder"

/**
 * The logged-in customer's Toss account holder, made on the first call and
 * the same one on every later call: what the storefront opens Toss's card
 * registration with (`customerKey`, and the client key of the API pair).
 * One holder per Toss account: `provider_id` names the account when the
 * store saves cards with more than one.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const account = tossBillingAccount(req.scope, (req.body as { provider_id?: unknown } | undefined)?.provider_id)
  const { result: holder } = await ensureTossAccountHolderWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id, provider_id: account.providerId } })
  res.json({
    account_holder: { id: holder.id, provider_id: holder.provider_id, data: { customerKey: holder.data.customerKey } },
    clientKey: account.options.clientKey,
  })
}
