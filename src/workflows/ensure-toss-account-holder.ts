import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureTossAccountHolderStep, EnsureTossAccountHolderInput } from "./steps/ensure-toss-account-holder"

export const ensureTossAccountHolderWorkflowId = "ensure-toss-account-holder"

/** One at a time per customer and account: two first visits at once (a double click) make one holder. */
export const ensureTossAccountHolderWorkflow = createWorkflow(
  ensureTossAccountHolderWorkflowId,
  (input: WorkflowData<EnsureTossAccountHolderInput>) => {
    const key = transform({ input }, ({ input }) => `toss-account-holder:${input.provider_id}:${input.customer_id}`)
    acquireLockStep({ key, timeout: 10, ttl: 30 })
    const holder = ensureTossAccountHolderStep(input)
    releaseLockStep({ key })
    return new WorkflowResponse(holder)
  }
)
