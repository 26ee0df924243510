import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { balanceOrderIdForOrderId, cartIdForOrderId } from "./cart-for-order-id"
import type { TossCompleteBody } from "./validators"
import { isTossProviderId } from "../../../../lib/toss-config"
import { handOffToToss } from "../../../../lib/toss-hand-off"
import { answerCartCompletion, completeTossCart, retrieveOrder } from "../complete-cart"
import { completeOrderBalance } from "../orders/[id]/complete/route"

/**
 * Toss's success redirect lands here: `{paymentKey, orderId, amount}`, and
 * `cart_id` when the storefront knows it (else the orderId names the cart,
 * or the order whose balance it pays: see `completeOrderBalance`).
 * The orderId must be the cart's current Toss session and the amount the one
 * the server stored, or nothing is sent to Toss. The paymentKey is handed to
 * the provider, and the cart is completed the way
 * `POST /store/carts/:id/complete` does it (the provider confirms there).
 */
export const POST = async (req: MedusaRequest<TossCompleteBody>, res: MedusaResponse) => {
  const { paymentKey, orderId, amount } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const cart_id = req.validatedBody.cart_id ?? (await cartIdForOrderId(query, orderId))
  const cart = cart_id
    ? (
        await query.graph({
          entity: "cart",
          fields: [
            "id",
            "total",
            "order.id",
            "payment_collection.payment_sessions.id",
            "payment_collection.payment_sessions.provider_id",
            "payment_collection.payment_sessions.amount",
            "payment_collection.payment_sessions.currency_code",
            "payment_collection.payment_sessions.status",
            "payment_collection.payment_sessions.data",
          ],
          filters: { id: cart_id },
        })
      ).data[0]
    : undefined
  const session = cart?.payment_collection?.payment_sessions?.find(
    (candidate: { provider_id?: string; data?: Record<string, unknown> } | null) => !!candidate && isTossProviderId(candidate.provider_id) && candidate.data?.orderId === orderId
  )
  if (!session) {
    // An order's balance (the storefront's `requestOrderPayment`): the orderId
    // names the order, whatever cart the storefront still knows.
    const balanceOf = await balanceOrderIdForOrderId(query, orderId)
    if (balanceOf) {
      req.params.id = balanceOf
      return completeOrderBalance(req, res)
    }
  }
  if (!cart_id) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This Toss payment does not belong to a current checkout of this store. Please start the payment again."
    )
  }
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found.`)
  }
  // A replayed success URL: the order exists, Toss is not asked again.
  if (cart.order?.id) {
    return res.json({ type: "order", order: await retrieveOrder(req, cart.order.id) })
  }
  if (!session) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This Toss payment does not belong to this cart's current checkout. Please start the payment again."
    )
  }
  if (session.data?.payment_method) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This checkout pays with a saved card: it is completed through POST /store/toss/billing/complete, not with a payment from Toss's window."
    )
  }
  const storedAmount = new BigNumber(session.amount).numeric
  if (amount !== storedAmount || amount !== session.data?.amount) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The payment amount does not match this order. Nothing was charged; please start the payment again."
    )
  }
  if (storedAmount !== new BigNumber(cart.total).numeric) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The cart changed after the payment window was opened. Nothing was charged; please start the payment again."
    )
  }

  const completion = await handOffToToss(req.scope, { cartId: cart_id, session, paymentKey }, () => completeTossCart(req.scope, cart_id))
  return answerCartCompletion(req, res, cart_id, completion)
}
