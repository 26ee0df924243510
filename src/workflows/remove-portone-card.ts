import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removePortOneCardStep, RemovePortOneCardInput } from "./steps/remove-portone-card"

export const removePortOneCardWorkflowId = "remove-portone-card"

export const removePortOneCardWorkflow = createWorkflow(removePortOneCardWorkflowId, (input: WorkflowData<RemovePortOneCardInput>) => {
  return new WorkflowResponse(removePortOneCardStep(input))
})
