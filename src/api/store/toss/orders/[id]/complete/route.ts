import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys, MedusaError, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../../../lib/toss-config"
import { Completion, handOffToToss } from "../../../../../../lib/toss-hand-off"
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

  const { error } = await handOffToToss(req.scope, { cartId: null, session, paymentKey }, () => payOrderBalance(req.scope, session.id))
  if (error) {
    if (!SHOPPER_ERROR_TYPES.includes(error.type as (typeof SHOPPER_ERROR_TYPES)[number])) {
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

/** Runs `payTossOrderBalanceWorkflow` as a workflow of its own; a refusal is reported, not thrown. */
async function payOrderBalance(container: MedusaContainer, sessionId: string): Promise<Completion<unknown>> {
  const { errors, transaction } = await container.resolve(Modules.WORKFLOW_ENGINE).run(payTossOrderBalanceWorkflowId, {
    input: { session_id: sessionId },
    throwOnError: false,
  })
  if (!transaction.hasFinished()) {
    throw new MedusaError(MedusaError.Types.CONFLICT, "This payment is already being confirmed. Please wait a moment.")
  }
  return { error: errors?.[0]?.error ?? null }
}
