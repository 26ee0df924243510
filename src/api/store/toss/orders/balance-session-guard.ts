import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../lib/toss-config"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`:
 * a Toss session for an order's collection (a balance after an order edit,
 * an exchange, a claim) is opened through the plugin's route, which checks
 * who may pay the order and decides the session's tax-free share; Medusa's
 * route would open it for anyone holding the collection id, with the
 * storefront's word for both. Nor does any other provider's session replace
 * a virtual account issued for the balance: replacing it would close the
 * account at Toss while the shopper may still pay into it.
 */
export async function refuseTossSessionsForOrders(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const toss = isTossProviderId((req.body as { provider_id?: unknown } | undefined)?.provider_id)
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: req.params.id },
    })
    if (data.length && toss) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `This payment collection belongs to an order: open its Toss payment with POST /store/toss/orders/${data[0].order_id}/payment-sessions.`
      )
    }
    if (!data.length) {
      return next()
    }
    const { data: sessions } = await query.graph({
      entity: "payment_session",
      fields: ["provider_id", "status"],
      filters: { payment_collection_id: req.params.id },
    })
    if (sessions.some((session: { provider_id?: string; status?: string } | null) => !!session && isTossProviderId(session.provider_id) && session.status === PaymentSessionStatus.PENDING_AUTHORIZATION)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "A virtual account was issued for this balance and is waiting for its deposit: pay into it, or wait until it expires to pay another way."
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}
