import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isPortOneProviderId, portOneAccount } from "../../../../lib/portone-config"
import { handOffToPortOne } from "../../../../lib/portone-hand-off"
import { answerCartCompletion, completeTossCart, retrieveOrder } from "../../toss/complete-cart"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"
import { CART_CHECK_FIELDS, portOneSessionMismatch } from "../cart-session-data"
import type { PortOneCompleteBody } from "./validators"

/**
 * The storefront lands here after PortOne's window with the paymentId (the
 * Medusa payment session id) and, on a manual-confirm channel, the window's
 * paymentToken and txId. The paymentId must be the current PortOne session
 * of an open cart whose total and tax-free share are still the stored ones,
 * or PortOne is not asked. The cart is then completed the way `POST /store/carts/:id/complete`
 * does it (the provider settles by asking PortOne there).
 */
export const POST = async (req: MedusaRequest<PortOneCompleteBody>, res: MedusaResponse) => {
  const { paymentId, paymentToken, txId } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [found],
  } = await query.graph({
    entity: "payment_session",
    fields: ["id", "provider_id", "payment_collection.cart.id"],
    filters: { id: paymentId },
  })
  const cartId: string | undefined = found && isPortOneProviderId(found.provider_id) ? found.payment_collection?.cart?.id : undefined
  if (!cartId) {
    await dueNow(req, paymentId)
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "This PortOne payment does not belong to a checkout of this store. Please start the payment again.")
  }
  // The provider must be one this store registers (a clear 400 otherwise).
  portOneAccount(req.scope, found.provider_id)
  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: [
      "id",
      ...CART_CHECK_FIELDS,
      "order.id",
      "payment_collection.payment_sessions.id",
      "payment_collection.payment_sessions.provider_id",
      "payment_collection.payment_sessions.amount",
      "payment_collection.payment_sessions.data",
    ],
    filters: { id: cartId },
  })
  // A replayed hand-off: the order exists, PortOne is not asked again.
  if (cart?.order?.id) {
    return res.json({ type: "order", order: await retrieveOrder(req, cart.order.id) })
  }
  const session = cart?.payment_collection?.payment_sessions?.find((candidate: { id?: string } | null) => candidate?.id === paymentId)
  if (!cart || !session) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This PortOne payment does not belong to this cart's current checkout. Please start the payment again.")
  }
  const mismatch = portOneSessionMismatch(session, cart)
  if (mismatch === "registered-amount") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This payment session's amount does not match what PortOne was told. Please start the payment again.")
  }
  if (mismatch) {
    // The shopper starts again with a new session (the storefront does not reuse one it handed over); a payment
    // already made for this one is given back when Medusa replaces it, or by the reconciliation.
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The cart changed after the payment window was opened${mismatch === "tax-free" ? " (its tax-free share)" : ""}. Please start the payment again; a payment already made for the old cart is given back.`
    )
  }
  const approval = paymentToken ? { paymentToken, ...(txId && { txId }) } : undefined
  const completion = await handOffToPortOne(
    req.scope,
    { cartId, paymentSessionId: paymentId, providerId: found.provider_id },
    approval,
    () => completeTossCart(req.scope, cartId)
  )
  return answerCartCompletion(req, res, cartId, completion)
}

/**
 * A tracked PortOne payment whose session is gone (the cart changed while
 * PortOne's window was open): the shopper may have just paid it, so the
 * reconciliation's next run asks PortOne, and gives back what it took.
 * Nothing is tracked on the caller's word alone.
 */
async function dueNow(req: MedusaRequest, paymentId: string): Promise<void> {
  const module = req.scope.resolve<TossModuleService>(TOSS_MODULE)
  const [row] = await module.listTossTrackedPayments({ payment_session_id: paymentId }, { select: ["id", "provider_id", "next_check_at"] })
  const now = new Date()
  if (row && isPortOneProviderId(row.provider_id) && !(row.next_check_at && new Date(row.next_check_at) <= now)) {
    await module.updateTossTrackedPayments({ id: row.id, next_check_at: now })
  }
}
