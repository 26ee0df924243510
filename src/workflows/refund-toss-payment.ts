import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { readTossRefundPaymentStep } from "./steps/read-toss-refund-payment"
import { refundThroughTossStep, RefundTossPaymentInput } from "./steps/refund-through-toss"
import { syncTossPaymentSteps } from "./sync-toss-payment"

export type { RefundTossPaymentInput }

export const refundTossPaymentWorkflowId = "refund-toss-payment"

export interface RefundTossPaymentResult {
  /** false: Toss had refunded money Medusa had not recorded; it is recorded now, and nothing more was refunded. */
  refunded: boolean
}

/**
 * The admin's refund of a Toss payment, under the payment's lock. First
 * Toss is asked what it did that Medusa has not recorded (a cancel made in
 * the Toss dashboard, a refund whose answer was lost). If there is such a
 * cancel, it is recorded and nothing more is refunded: the operator sees it
 * and decides whether more is due, so no refund is ever made twice. Else
 * Medusa's own refund workflow runs, and the provider cancels at Toss on
 * the answer the sync just had (the lock is held across both, so it is
 * still Toss's state) instead of asking Toss again.
 */
export const refundTossPaymentWorkflow = createWorkflow(refundTossPaymentWorkflowId, (input: WorkflowData<RefundTossPaymentInput>) => {
  const orderId = readTossRefundPaymentStep(input.payment_id)
  const lockKey = transform({ orderId }, ({ orderId }) => tossPaymentLockKey(orderId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  // Synced under this lock, not as a nested sync workflow asking for it again;
  // Toss is asked now, and the cancel rests on that answer: one lookup per refund.
  const synced = syncTossPaymentSteps(transform({ orderId }, ({ orderId }) => ({ orderId, fresh: true })))
  const refunded = transform({ synced }, ({ synced }) => synced.outcome !== "refunds-recorded")
  when("refund-when-nothing-unrecorded", { refunded }, ({ refunded }) => refunded).then(() => {
    refundThroughTossStep(transform({ input, orderId, synced }, ({ input, orderId, synced }) => ({ ...input, orderId, answer: synced.answer })))
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ refunded }, ({ refunded }): RefundTossPaymentResult => ({ refunded })))
})
