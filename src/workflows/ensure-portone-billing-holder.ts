import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensurePortOneBillingHolderStep, EnsurePortOneBillingHolderInput } from "./steps/ensure-portone-billing-holder"

export const ensurePortOneBillingHolderWorkflowId = "ensure-portone-billing-holder"

/** One at a time per customer and registration: two first visits at once (a double click) make one holder. */
export const ensurePortOneBillingHolderWorkflow = createWorkflow(
  ensurePortOneBillingHolderWorkflowId,
  (input: WorkflowData<EnsurePortOneBillingHolderInput>) => {
    const key = transform({ input }, ({ input }) => `portone-account-holder:${input.provider_id}:${input.customer_id}`)
    acquireLockStep({ key, timeout: 10, ttl: 30 })
    const holder = ensurePortOneBillingHolderStep(input)
    releaseLockStep({ key })
    return new WorkflowResponse(holder)
  }
)
