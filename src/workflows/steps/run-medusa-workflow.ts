import { cancelOrderWorkflow, processPaymentWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { withPortOneCallContext } from "../../providers/portone/call-context"
import { withTossCallContext } from "../../providers/toss/call-context"
import type { Payment as PortOnePayment } from "../../portone/types"
import type { TossPayment } from "../../toss/types"

/*
 * Medusa's own workflows run from a step of ours, each as a workflow of its
 * own rather than as a nested step: Medusa's acquireLockStep does nothing in
 * a nested workflow, and these two must take their cart or order lock, or a
 * capture here races the storefront's hand-off on another instance
 * (medusajs/medusa#13301).
 */

/** Captures a payment the PSP took, completing the cart if no order exists yet (`processPaymentWorkflow`). */
async function capturePayment(container: MedusaContainer, sessionId: string, amount: number) {
  await processPaymentWorkflow(container).run({ input: { action: "captured", data: { session_id: sessionId, amount } } })
}

/** Toss's capture: the provider uses Toss's answer the sync just had instead of asking again. */
export const captureTossPaymentStep = createStep(
  "capture-toss-payment",
  async ({ sessionId, toss }: { sessionId: string; toss: TossPayment }, { container }) => {
    await withTossCallContext({ answer: toss }, () => capturePayment(container, sessionId, toss.totalAmount))
    return new StepResponse(sessionId)
  }
)

/** PortOne's capture: the provider settles with PortOne's answer the sync just had instead of asking again. */
export const capturePortOnePaymentStep = createStep(
  "capture-portone-payment",
  async ({ sessionId, payment }: { sessionId: string; payment: Extract<PortOnePayment, { amount: unknown }> }, { container }) => {
    await withPortOneCallContext({ answer: payment }, () => capturePayment(container, sessionId, payment.amount.total))
    return new StepResponse(sessionId)
  }
)

/** Cancels an order whose payment the PSP will never take (`cancelOrderWorkflow`). */
export const cancelUnpaidOrderStep = createStep("cancel-unpaid-order", async (orderId: string, { container }) => {
  await cancelOrderWorkflow(container).run({ input: { order_id: orderId, no_notification: false } })
  return new StepResponse(orderId)
})
