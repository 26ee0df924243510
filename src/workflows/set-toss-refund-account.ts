import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { setTossRefundAccountStep, SetRefundAccountInput } from "./steps/set-toss-refund-account"

/** Under the payment's lock: a refund in progress reads the account before or after, never half. */
export const setTossRefundAccountWorkflow = createWorkflow("set-toss-refund-account", (input: WorkflowData<SetRefundAccountInput>) => {
  const key = transform({ input }, ({ input }) => tossPaymentLockKey(input.orderId))
  acquireLockStep({ key, ...TOSS_PAYMENT_LOCK })
  const id = setTossRefundAccountStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(id)
})
