import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { isPortOneProviderId, portOneAccounts } from "../../../../lib/portone-config"
import { ensurePortOneBillingHolderWorkflow } from "../../../../workflows/ensure-portone-billing-holder"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`
 * for a PortOne registration that saves cards: a logged-in customer's
 * account holder is made (or found again and relinked) first, so Medusa's
 * own session creation finds it instead of failing with "Account holder …
 * already exists" when it lost the link (medusa#15593).
 */
export async function ensurePortOneHolderForSession(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const providerId = (req.body as { provider_id?: unknown } | undefined)?.provider_id
    const auth = (req as Partial<AuthenticatedMedusaRequest>).auth_context
    // An unknown registration is left to Medusa's own answer.
    const saves = isPortOneProviderId(providerId) && portOneAccounts(req.scope).some((account) => account.providerId === providerId && account.options.billingChannelKey)
    if (saves && auth?.actor_type === "customer" && auth.actor_id) {
      await ensurePortOneBillingHolderWorkflow(req.scope).run({ input: { customer_id: auth.actor_id, provider_id: providerId as string } })
    }
    next()
  } catch (error) {
    next(error)
  }
}
