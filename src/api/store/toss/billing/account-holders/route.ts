import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { tossOptions } from "../../../../../lib/toss-config"
import { ensureTossAccountHolderWorkflow } from "../../../../../workflows/ensure-toss-account-holder"

/**
 * The logged-in customer's Toss account holder, made on the first call and
 * the same one on every later call: what the storefront opens Toss's card
 * registration with (`customerKey`, and the client key of the API pair).
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result: holder } = await ensureTossAccountHolderWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id } })
  res.json({
    account_holder: { id: holder.id, provider_id: holder.provider_id, data: { customerKey: holder.data.customerKey } },
    clientKey: tossOptions(req.scope).clientKey,
  })
}
