import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { TossHandOff } from "../lib/toss-hand-off"
import { CART_LOCK } from "../lib/toss-payment-lock"
import { keepTossPaymentKeyStep } from "./steps/keep-toss-payment-key"

/**
 * Under the cart's lock, the one Medusa's cart completion and webhook
 * capture take (a payment outside a cart: the session's), so a session
 * being authorised meanwhile is not written over with what was read before.
 */
export const keepTossPaymentKeyWorkflow = createWorkflow("keep-toss-payment-key", (input: WorkflowData<TossHandOff>) => {
  const key = transform({ input }, ({ input }) => input.cartId ?? input.session.id)
  acquireLockStep({ key, ...CART_LOCK })
  const sessionId = keepTossPaymentKeyStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(sessionId)
})
