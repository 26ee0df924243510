import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { completeCartWorkflowId } from "@medusajs/core-flows"
import {
  BigNumber,
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
} from "@medusajs/framework/utils"
import { cartIdForOrderId } from "./cart-for-order-id"
import type { TossCompleteBody } from "./validators"
import { finishTossHandOffWorkflow, startTossHandOffWorkflow } from "../../../../workflows/toss-hand-off"

import { TOSS_PROVIDER_ID } from "../../../../lib/toss-config"

/** The order as the storefront's confirmation page needs it. */
const ORDER_FIELDS = [
  "id",
  "display_id",
  "email",
  "currency_code",
  "total",
  "subtotal",
  "shipping_total",
  "created_at",
  "items.id",
  "items.title",
  "items.quantity",
  "items.unit_price",
  "items.thumbnail",
  "payment_collections.id",
  "payment_collections.status",
  "payment_collections.payment_sessions.id",
  "payment_collections.payment_sessions.provider_id",
  "payment_collections.payment_sessions.status",
  "payment_collections.payment_sessions.data",
]

/** Payment errors that leave the cart open for another try (as Medusa's own complete route). */
const SHOPPER_ERROR_TYPES = [
  MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
]

/**
 * Toss's success redirect lands here: `{paymentKey, orderId, amount}`, and
 * `cart_id` when the storefront knows it (else the orderId names the cart).
 * The orderId must be the cart's current Toss session and the amount the one
 * the server stored, or nothing is sent to Toss. The paymentKey is handed to
 * the provider, and the cart is completed the way
 * `POST /store/carts/:id/complete` does it (the provider confirms there).
 */
export const POST = async (req: MedusaRequest<TossCompleteBody>, res: MedusaResponse) => {
  const { paymentKey, orderId, amount } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const cart_id = req.validatedBody.cart_id ?? (await cartIdForOrderId(query, orderId))
  if (!cart_id) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This Toss payment does not belong to a current checkout of this store. Please start the payment again."
    )
  }

  const {
    data: [cart],
  } = await query.graph({
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
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart ${cart_id} was not found.`)
  }
  // A replayed success URL: the order exists, Toss is not asked again.
  if (cart.order?.id) {
    return res.json({ type: "order", order: await retrieveOrder(req, cart.order.id) })
  }

  const session = cart.payment_collection?.payment_sessions?.find(
    (candidate: { provider_id?: string; data?: Record<string, unknown> } | null) => candidate?.provider_id === TOSS_PROVIDER_ID && candidate.data?.orderId === orderId
  )
  if (!session) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This Toss payment does not belong to this cart's current checkout. Please start the payment again."
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

  await startTossHandOffWorkflow(req.scope).run({ input: { cartId: cart_id, session, paymentKey } })

  const workflowEngine = req.scope.resolve(Modules.WORKFLOW_ENGINE)
  const { errors, result, transaction } = await workflowEngine.run(completeCartWorkflowId, {
    input: { id: cart_id },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "This cart is already being completed. Please wait a moment.")
  }
  const error = errors?.[0]?.error
  await finishTossHandOffWorkflow(req.scope).run({ input: { orderId, error: error ? { code: error.code, type: error.type } : null } })
  if (error) {
    if (!SHOPPER_ERROR_TYPES.includes(error.type)) {
      throw error
    }
    const {
      data: [openCart],
    } = await query.graph({ entity: "cart", fields: ["id", "total", "currency_code", "items.*"], filters: { id: cart_id } })
    return res.json({
      type: "cart",
      cart: openCart,
      error: { message: error.message, name: error.name, type: error.type },
    })
  }
  res.json({ type: "order", order: await retrieveOrder(req, result.id) })
}

async function retrieveOrder(req: MedusaRequest, id: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id } })
  return order
}
