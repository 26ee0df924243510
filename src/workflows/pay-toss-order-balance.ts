import { acquireLockStep, authorizePaymentSessionStep, capturePaymentWorkflow, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { readTossBalanceSessionStep } from "./steps/read-toss-balance-session"

export interface PayTossOrderBalanceInput {
  /** The session of the order's collection; also the Toss orderId. */
  session_id: string
}

export const payTossOrderBalanceWorkflowId = "pay-toss-order-balance"

/**
 * Pays an order's balance with the Toss payment the shopper just made, as
 * Medusa's own `markPaymentCollectionAsPaid` pays a collection: the session
 * is authorised (the provider confirms at Toss: the card is charged, or a
 * virtual account is issued), then `capturePaymentWorkflow` records the
 * capture on the order (its transaction, so the order's pending difference
 * falls to 0) and emits `payment.captured`. Under the payment's lock, the
 * one the webhook sync and the reconciliation take: a session already
 * confirmed (a second press, a webhook first) is left as it is, so nothing
 * is confirmed or recorded twice. A virtual account waiting for its deposit
 * is captured later by the sync, through Medusa's `processPaymentWorkflow`.
 */
export const payTossOrderBalanceWorkflow = createWorkflow(payTossOrderBalanceWorkflowId, (input: WorkflowData<PayTossOrderBalanceInput>) => {
  const lockKey = transform({ input }, ({ input }) => tossPaymentLockKey(input.session_id))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  const session = readTossBalanceSessionStep(input.session_id)
  const payment = when("authorize-toss-balance", { session }, ({ session }) => session.pending).then(() =>
    authorizePaymentSessionStep({ id: input.session_id, context: {} })
  )
  const captured = transform({ payment }, ({ payment }) => (payment?.captures?.length ? payment : null))
  when("capture-toss-balance", { captured }, ({ captured }) => Boolean(captured)).then(() => {
    capturePaymentWorkflow.runAsStep({ input: { payment_id: transform({ captured }, ({ captured }) => captured!.id) } })
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(captured)
})
