import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { chargePortOneCardStep, checkPortOneCardStep, ChargePortOneCardInput } from "./steps/charge-portone-card"
import { startPortOneHandOffStep } from "./steps/start-portone-hand-off"

export const chargePortOneCardWorkflowId = "charge-portone-card"

/**
 * A saved card's charge under the payment's lock (the one the hand-off, the
 * sync and refunds of this payment take): the card's owner is checked, the
 * payment is tracked before PortOne is asked (a lost answer leaves it due
 * for the reconciliation), and the card is charged once, its owner read
 * again at that moment.
 */
export const chargePortOneCardWorkflow = createWorkflow(chargePortOneCardWorkflowId, (input: WorkflowData<ChargePortOneCardInput>) => {
  const key = transform({ input }, ({ input }) => tossPaymentLockKey(input.paymentSessionId))
  acquireLockStep({ key, ...TOSS_PAYMENT_LOCK })
  checkPortOneCardStep(input)
  startPortOneHandOffStep(transform({ input }, ({ input }) => ({ cartId: input.cartId, paymentSessionId: input.paymentSessionId, providerId: input.providerId })))
  const outcome = chargePortOneCardStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(outcome)
})
