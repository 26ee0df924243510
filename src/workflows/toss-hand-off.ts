import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { CART_LOCK } from "../lib/toss-payment-lock"
import { finishTossHandOffStep, FinishTossHandOffInput } from "./steps/finish-toss-hand-off"
import { startTossHandOffStep, StartTossHandOffInput } from "./steps/start-toss-hand-off"

/**
 * Under the cart's lock, the one Medusa's cart completion and webhook
 * capture take (a charge outside a cart: the session's): two hand-offs of
 * one session do not both create its tracked row, and a session being
 * authorised meanwhile is not written over with what this request read
 * before.
 */
export const startTossHandOffWorkflow = createWorkflow("start-toss-hand-off", (input: WorkflowData<StartTossHandOffInput>) => {
  const key = transform({ input }, ({ input }) => input.cartId ?? input.session.id)
  acquireLockStep({ key, ...CART_LOCK })
  const sessionId = startTossHandOffStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(sessionId)
})

export const finishTossHandOffWorkflow = createWorkflow("finish-toss-hand-off", (input: WorkflowData<FinishTossHandOffInput>) => {
  return new WorkflowResponse(finishTossHandOffStep(input))
})
