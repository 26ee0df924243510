import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../../../../../lib/portone-provider-id"
import { chargePortOneCard } from "../../../../../lib/portone-saved-card-charge"
import { answerCartCompletion, completeTossCart, retrieveOrder } from "../../../toss/complete-cart"
import { CART_CHECK_FIELDS, portOneSessionMismatch } from "../../cart-session-data"
import type { PortOneBillingCompleteBody } from "../validators"

/**
 * One-click checkout with a PortOne saved card: the cart's current PortOne
 * session (opened as for any PortOne checkout) is paid with the card, for
 * the amount the server stored, and the cart is completed; the answer is
 * the one of `POST /store/portone/complete`. Only the cart's own logged-in
 * customer may pay it with their own card.
 */
export const POST = async (req: AuthenticatedMedusaRequest<PortOneBillingCompleteBody>, res: MedusaResponse) => {
  const { cart_id, payment_method_id } = req.validatedBody
  const {
    data: [cart],
  } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: [
      "id",
      ...CART_CHECK_FIELDS,
      "customer_id",
      "order.id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.amount",
      "payment_collection.payment_sessions.data",
    ],
    filters: { id: cart_id },
  })
  if (!cart || cart.customer_id !== req.auth_context.actor_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found.`)
  }
  // A second press after the order was made: the order, and nothing charged again.
  if (cart.order?.id) {
    return res.json({ type: "order", order: await retrieveOrder(req, cart.order.id) })
  }
  const session = cart.payment_collection?.payment_sessions?.find((candidate: { provider_id?: string } | null) => isPortOneProviderId(candidate?.provider_id))
  if (!session) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This cart has no PortOne payment: initiate a PortOne payment session (pp_portone_<id>) first.")
  }
  // Also its tax-free share, which Medusa leaves as it was while the total is the same.
  if (portOneSessionMismatch(session, cart)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The cart changed after the payment was prepared. Nothing was charged; start the payment again (a new PortOne payment session), then pay."
    )
  }
  const completion = await chargePortOneCard(
    req.scope,
    { cartId: cart_id, paymentSessionId: session.id, providerId: session.provider_id, paymentMethodId: payment_method_id, caller: req.auth_context.actor_id },
    () => completeTossCart(req.scope, cart_id)
  )
  return answerCartCompletion(req, res, cart_id, completion)
}
