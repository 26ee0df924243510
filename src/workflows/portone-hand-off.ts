import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { finishPortOneHandOffStep, FinishPortOneHandOffInput } from "./steps/finish-portone-hand-off"
import { startPortOneHandOffStep, StartPortOneHandOffInput } from "./steps/start-portone-hand-off"

/**
 * Under the payment's lock (the one the sync and refunds of this payment
 * take, whatever the road), so the row is not tracked while a sync of the
 * same payment writes it.
 */
export const startPortOneHandOffWorkflow = createWorkflow("start-portone-hand-off", (input: WorkflowData<StartPortOneHandOffInput>) => {
  const key = transform({ input }, ({ input }) => tossPaymentLockKey(input.paymentSessionId))
  acquireLockStep({ key, ...TOSS_PAYMENT_LOCK })
  const paymentSessionId = startPortOneHandOffStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(paymentSessionId)
})

export const finishPortOneHandOffWorkflow = createWorkflow("finish-portone-hand-off", (input: WorkflowData<FinishPortOneHandOffInput>) => {
  const key = transform({ input }, ({ input }) => tossPaymentLockKey(input.paymentSessionId))
  acquireLockStep({ key, ...TOSS_PAYMENT_LOCK })
  const tracked = finishPortOneHandOffStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(tracked)
})
