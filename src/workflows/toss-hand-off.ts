import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { finishTossHandOffStep, FinishTossHandOffInput } from "./steps/finish-toss-hand-off"
import { startTossHandOffStep, StartTossHandOffInput } from "./steps/start-toss-hand-off"

export const startTossHandOffWorkflow = createWorkflow("start-toss-hand-off", (input: WorkflowData<StartTossHandOffInput>) => {
  return new WorkflowResponse(startTossHandOffStep(input))
})

export const finishTossHandOffWorkflow = createWorkflow("finish-toss-hand-off", (input: WorkflowData<FinishTossHandOffInput>) => {
  return new WorkflowResponse(finishTossHandOffStep(input))
})
