import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { completeCartWorkflowId } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import type { Completion } from "../../../lib/toss-hand-off"

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

/**
 * Completes the cart the way `POST /store/carts/:id/complete` does (the
 * provider authorises there); a refusal is reported, not thrown.
 */
export async function completeTossCart(container: MedusaContainer, cartId: string): Promise<Completion<{ id: string }>> {
  const { errors, result, transaction } = await container.resolve(Modules.WORKFLOW_ENGINE).run(completeCartWorkflowId, {
    input: { id: cartId },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "This cart is already being completed. Please wait a moment.")
  }
  const error = errors?.[0]?.error
  return error ? { error } : { result, error: null }
}

/**
 * Answers like `POST /store/carts/:id/complete`: `{type: "order", order}`,
 * or `{type: "cart", cart, error}` when the payment was refused.
 */
export async function answerCartCompletion(req: MedusaRequest, res: MedusaResponse, cartId: string, { result, error }: Completion<{ id: string }>) {
  if (error) {
    if (!SHOPPER_ERROR_TYPES.includes(error.type as (typeof SHOPPER_ERROR_TYPES)[number])) {
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
  res.json({ type: "order", order: await retrieveOrder(req, result!.id) })
}

export async function retrieveOrder(req: MedusaRequest, id: string, extraFields: string[] = []) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: [...ORDER_FIELDS, ...extraFields], filters: { id } })
  return order
}
