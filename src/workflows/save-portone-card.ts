import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { savePortOneCardStep, SavePortOneCardInput } from "./steps/save-portone-card"

export const savePortOneCardWorkflowId = "save-portone-card"

/**
 * Run inside `withPortOneCallContext({ savedCards: { offered: billingKey } })`:
 * the billing key travels beside the workflow, never in its input or output.
 */
export const savePortOneCardWorkflow = createWorkflow(savePortOneCardWorkflowId, (input: WorkflowData<SavePortOneCardInput>) => {
  return new WorkflowResponse(savePortOneCardStep(input))
})
