import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { isTossProviderId } from "../../../../lib/toss-config"

/**
 * The id of the cart a Toss orderId pays for. The orderId is the Medusa payment
 * session's id, so Toss's success redirect identifies the cart by itself:
 * the hand-off does not depend on the storefront still knowing the cart id
 * (a `SameSite=Strict` cart cookie is not sent on Toss's cross-site
 * redirect). Undefined for an id that is not a current Toss session of a cart
 * (unknown, replaced by a newer attempt, another provider's, an order's).
 */
export async function cartIdForOrderId(query: Pick<RemoteQueryFunction, "graph">, orderId: string): Promise<string | undefined> {
  const {
    data: [session],
  } = await query.graph({
    entity: "payment_session",
    fields: ["provider_id", "payment_collection.cart.id"],
    filters: { id: orderId },
  })
  return !!session && isTossProviderId(session.provider_id) ? session.payment_collection?.cart?.id : undefined
}

/**
 * The id of the order whose balance (after an order edit, an exchange, a
 * claim) a Toss orderId pays: the session's collection is the order's and
 * no cart's. Undefined otherwise.
 */
export async function balanceOrderIdForOrderId(query: Pick<RemoteQueryFunction, "graph">, orderId: string): Promise<string | undefined> {
  const {
    data: [session],
  } = await query.graph({
    entity: "payment_session",
    fields: ["provider_id", "payment_collection.cart.id", "payment_collection.order.id"],
    filters: { id: orderId },
  })
  const collection = !!session && isTossProviderId(session.provider_id) ? session.payment_collection : undefined
  return collection && !collection.cart ? collection.order?.id : undefined
}
