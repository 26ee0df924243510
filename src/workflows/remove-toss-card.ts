import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { removeTossCardStep, RemoveTossCardInput } from "./steps/remove-toss-card"

export const removeTossCardWorkflowId = "remove-toss-card"

export const removeTossCardWorkflow = createWorkflow(removeTossCardWorkflowId, (input: WorkflowData<RemoveTossCardInput>) => {
  return new WorkflowResponse(removeTossCardStep(input))
})
