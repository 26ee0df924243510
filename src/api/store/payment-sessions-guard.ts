import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`:
 * a new session deletes the collection's others, and anyone holding the
 * collection id (it is in the cart and in the order) may ask for one. Once
 * the cart is an order, its payment (a virtual account waiting for its
 * deposit, say) must not be replaced, so the request is refused.
 */
export async function refuseSessionsAfterOrder(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "cart_payment_collection",
      fields: ["cart.id", "cart.completed_at"],
      filters: { payment_collection_id: req.params.id },
    })
    if (data.some((link: { cart?: { completed_at?: unknown } | null }) => link.cart?.completed_at)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This cart has already been ordered, so its payment cannot be changed. Start a new cart to pay again."
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}
