import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys, MedusaError, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../../../lib/toss-config"
import { finishTossHandOffWorkflow, startTossHandOffWorkflow } from "../../../../../../workflows/toss-hand-off"
import { payTossOrderBalanceWorkflowId } from "../../../../../../workflows/pay-toss-order-balance"
import { retrieveOrder, SHOPPER_ERROR_TYPES } from "../../../complete-cart"
import { dueCollection, readOrderBalance } from "../../order-balance"
import type { TossOrderCompleteBody } from "../../validators"

/** With the order's confirmation: what it still waits for (0 once paid). */
const BALANCE_FIELDS = ["summary"]

/**
 * Toss's success redirect for an order's balance (an order edit, an
 * exchange, a claim that raised its total): `{paymentKey, orderId, amount}`.
 * The orderId must be a Toss session of the order's open collection and the
 * amount the one the server stored for it, which must still be what the
 * order waits for; else nothing is sent to Toss. The paymentKey is handed to
 * the session, and `payTossOrderBalanceWorkflow` confirms and records it.
 * Answers `{type: "order", order}`, or `{type: "payment_collection",
 * payment_collection, error}` when Toss refused the payment (the balance
 * stays due, for another try).
 */
export const POST = (req: MedusaRequest<TossOrderCompleteBody>, res: MedusaResponse) => completeOrderBalance(req, res)

/** Completes the balance of the order `req.params.id` (also from `POST /store/toss/complete`, whose orderId names the order). */
export async function completeOrderBalance(req: MedusaRequest<TossOrderCompleteBody>, res: MedusaResponse) {
  const { paymentKey, orderId, amount } = req.validatedBody
  const balance = await readOrderBalance(req, { escrow: false })
  const session = balance.collections
    .flatMap((collection) => collection.payment_sessions ?? [])
    .find((candidate) => candidate?.id === orderId && isTossProviderId(candidate.provider_id))
  // A replayed success URL: the balance was paid with this payment, Toss is not asked again.
  if (session && session.status !== PaymentSessionStatus.PENDING && session.data?.paymentKey === paymentKey) {
    return res.json({ type: "order", order: await retrieveOrder(req, balance.id, BALANCE_FIELDS) })
  }
  const collection = dueCollection(balance)
  if (!session || !collection.payment_sessions.some((candidate) => candidate?.id === session.id)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This Toss payment does not belong to this order's balance. Please start the payment again."
    )
  }
  const storedAmount = new BigNumber(session.amount as number).numeric
  if (amount !== storedAmount || amount !== session.data?.amount) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The payment amount does not match this order's balance. Nothing was charged; please start the payment again."
    )
  }
  if (storedAmount !== balance.pendingDifference) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "The order changed after the payment window was opened. Nothing was charged; please start the payment again."
    )
  }

  await startTossHandOffWorkflow(req.scope).run({ input: { cartId: null, session, paymentKey } })
  const { errors, transaction } = await req.scope.resolve(Modules.WORKFLOW_ENGINE).run(payTossOrderBalanceWorkflowId, {
    input: { session_id: session.id },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "This payment is already being confirmed. Please wait a moment.")
  }
  const error = errors?.[0]?.error
  await finishTossHandOffWorkflow(req.scope).run({ input: { orderId, error: error ? { code: error.code, type: error.type } : null } })
  if (error) {
    if (!SHOPPER_ERROR_TYPES.includes(error.type)) {
      throw error
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [openCollection],
    } = await query.graph({ entity: "payment_collection", fields: ["id", "status", "amount", "currency_code"], filters: { id: collection.id } })
    return res.json({
      type: "payment_collection",
      payment_collection: openCollection,
      error: { message: error.message, name: error.name, type: error.type },
    })
  }
  res.json({ type: "order", order: await retrieveOrder(req, balance.id, BALANCE_FIELDS) })
}
