import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { readTossRefundPaymentStep } from "./steps/read-toss-refund-payment"
import { refundThroughPortOneStep, RefundPortOnePaymentInput } from "./steps/refund-through-portone"
import { syncPortOnePaymentSteps } from "./sync-portone-payment"

export type { RefundPortOnePaymentInput }

export const refundPortOnePaymentWorkflowId = "refund-portone-payment"

export interface RefundPortOnePaymentResult {
  /** false: PortOne had cancelled money Medusa had not recorded; it is recorded now, and nothing more was refunded. */
  refunded: boolean
}

/**
 * The admin's refund of a PortOne payment, under the payment's lock (the
 * twin of `refund-toss-payment`). First the PortOne sync's steps run: a
 * cancel made in PortOne's console, or a refund whose answer was lost, is
 * recorded as a Medusa refund, and then nothing more is refunded, so no
 * refund is ever made twice; the operator sees it and decides whether more
 * is due. Else Medusa's refund workflow runs, and the provider cancels on
 * the answer the sync just had (its `currentCancellableAmount` and tax-free
 * balance, a stable Idempotency-Key) without asking PortOne again.
 */
export const refundPortOnePaymentWorkflow = createWorkflow(refundPortOnePaymentWorkflowId, (input: WorkflowData<RefundPortOnePaymentInput>) => {
  // The payment session id, PortOne's paymentId, names the lock (the step reads it for either road).
  const paymentSessionId = readTossRefundPaymentStep(input.payment_id)
  const lockKey = transform({ paymentSessionId }, ({ paymentSessionId }) => tossPaymentLockKey(paymentSessionId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  const synced = syncPortOnePaymentSteps(transform({ paymentSessionId }, ({ paymentSessionId }) => ({ paymentSessionId })))
  const refunded = transform({ outcome: synced.outcome }, ({ outcome }) => outcome !== "refunds-recorded")
  when("refund-at-portone-when-nothing-unrecorded", { refunded }, ({ refunded }) => refunded).then(() => {
    refundThroughPortOneStep(transform({ input, payment: synced.payment }, ({ input, payment }) => ({ ...input, answer: payment })))
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ refunded }, ({ refunded }): RefundPortOnePaymentResult => ({ refunded })))
})
