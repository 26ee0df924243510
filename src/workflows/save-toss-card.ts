import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { saveTossCardStep, SaveTossCardInput } from "./steps/save-toss-card"

export const saveTossCardWorkflowId = "save-toss-card"

export const saveTossCardWorkflow = createWorkflow(saveTossCardWorkflowId, (input: WorkflowData<SaveTossCardInput>) => {
  return new WorkflowResponse(saveTossCardStep(input))
})
