import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../../lib/toss-config"
import type { TossSessionData } from "../../../../../providers/toss/session-data"
import { chargeSavedCard } from "../../../../../lib/charge-saved-card"
import { answerCartCompletion, completeTossCart, retrieveOrder } from "../../complete-cart"
import type { TossBillingCompleteBody } from "../validators"

/**
 * One-click checkout with a saved card: the cart's current Toss session was
 * initiated with `data: {payment_method}`; the card is charged (the amount
 * the server stored) while the cart is completed, and the answer is the one
 * of `POST /store/toss/complete`. Only the cart's own logged-in customer may
 * pay it with their card.
 */
export const POST = async (req: AuthenticatedMedusaRequest<TossBillingCompleteBody>, res: MedusaResponse) => {
  const { cart_id } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      "total",
      "customer_id",
      "order.id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.amount",
      "payment_collection.payment_sessions.currency_code",
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
  const session = cart.payment_collection?.payment_sessions?.find(
    (candidate: { provider_id?: string; data?: Record<string, unknown> } | null) => !!candidate && isTossProviderId(candidate.provider_id) && candidate.data?.payment_method
  )
  if (!session) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This cart has no saved-card payment: initiate a Toss payment session (pp_toss_<id>) with data {payment_method} first."
    )
  }
  const data = session.data as TossSessionData
  if (new BigNumber(session.amount).numeric !== data.amount || data.amount !== new BigNumber(cart.total).numeric) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The cart changed after the payment was prepared. Nothing was charged; please pay again.")
  }
  const completion = await chargeSavedCard(req.scope, { cartId: cart_id, session: { ...session, data }, caller: req.auth_context.actor_id }, () =>
    completeTossCart(req.scope, cart_id)
  )
  return answerCartCompletion(req, res, cart_id, completion)
}
