import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { readTossSettlementsStep } from "./steps/read-toss-settlements"

export interface ReadTossSettlementsWorkflowInput {
  pageSize?: number
  maxPages?: number
}

export const readTossSettlementsWorkflowId = "read-toss-settlements"

/** What the settlements job runs: Toss's settlements since the last run, bounded per run (see the step). */
export const readTossSettlementsWorkflow = createWorkflow(readTossSettlementsWorkflowId, (input: WorkflowData<ReadTossSettlementsWorkflowInput>) => {
  const reading = readTossSettlementsStep(transform({ input }, ({ input }) => ({ pageSize: input.pageSize ?? 1000, maxPages: input.maxPages ?? 20 })))
  return new WorkflowResponse(reading)
})
