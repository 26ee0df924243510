import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { syncPortOnePaymentSteps } from "./sync-portone-payment"

export const lookUpPortOnePaymentWorkflowId = "look-up-portone-payment"

/**
 * What PortOne says of one payment now, for the admin's panel: the sync runs
 * under the payment's lock (so what the panel shows, Medusa has recorded),
 * and its answer is handed back. `payment` null: PortOne could not be asked
 * or knows no such payment.
 */
export const lookUpPortOnePaymentWorkflow = createWorkflow(lookUpPortOnePaymentWorkflowId, (input: WorkflowData<{ paymentSessionId: string }>) => {
  const lockKey = transform({ input }, ({ input }) => tossPaymentLockKey(input.paymentSessionId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  const { outcome, payment } = syncPortOnePaymentSteps(transform({ input }, ({ input }) => ({ paymentSessionId: input.paymentSessionId })))
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ outcome, payment }, ({ outcome, payment }) => ({ outcome, payment })))
})
