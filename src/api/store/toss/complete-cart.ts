import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { completeCartWorkflowId } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"

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
export const SHOPPER_ERROR_TYPES = [
  MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  MedusaError.Types.PAYMENT_REQUIRES_MORE_ERROR,
]

export type CompletionError = { code?: string; type?: string } | null

/**
 * Completes the cart the way `POST /store/carts/:id/complete` does (the
 * provider authorises there) and answers like it: `{type: "order", order}`,
 * or `{type: "cart", cart, error}` when the payment was refused. `settle`
 * runs first with the completion's error, for the hand-off's bookkeeping.
 */
export async function completeTossCart(
  req: MedusaRequest,
  res: MedusaResponse,
  cartId: string,
  settle: (error: CompletionError) => Promise<void>
) {
  const workflowEngine = req.scope.resolve(Modules.WORKFLOW_ENGINE)
  const { errors, result, transaction } = await workflowEngine.run(completeCartWorkflowId, {
    input: { id: cartId },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "This cart is already being completed. Please wait a moment.")
  }
  const error = errors?.[0]?.error
  await settle(error ? { code: error.code, type: error.type } : null)
  if (error) {
    if (!SHOPPER_ERROR_TYPES.includes(error.type)) {
      throw error
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [openCart],
    } = await query.graph({ entity: "cart", fields: ["id", "total", "currency_code", "items.*"], filters: { id: cartId } })
    // `code` is Toss's refusal code (REJECT_CARD_PAYMENT …): the storefront words it for the shopper.
    return res.json({
      type: "cart",
      cart: openCart,
      error: { message: error.message, name: error.name, type: error.type, code: error.code },
    })
  }
  res.json({ type: "order", order: await retrieveOrder(req, result.id) })
}

export async function retrieveOrder(req: MedusaRequest, id: string, extraFields: string[] = []) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: [...ORDER_FIELDS, ...extraFields], filters: { id } })
  return order
}
