import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { TOSS_PROVIDER_ID } from "../../../../lib/toss-config"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`:
 * a Toss session for an order's collection (a balance after an order edit,
 * an exchange, a claim) is opened through the plugin's route, which checks
 * who may pay the order and decides the session's tax-free share; Medusa's
 * route would open it for anyone holding the collection id, with the
 * storefront's word for both.
 */
export async function refuseTossSessionsForOrders(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    if ((req.body as { provider_id?: unknown } | undefined)?.provider_id !== TOSS_PROVIDER_ID) {
      return next()
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id"],
      filters: { payment_collection_id: req.params.id },
    })
    if (data.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `This payment collection belongs to an order: open its Toss payment with POST /store/toss/orders/${data[0].order_id}/payment-sessions.`
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}
