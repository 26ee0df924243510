import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaRefundInput, recordMedusaRefund } from "../../lib/record-medusa-refund"
import { portOneCallContext, withPortOneCallContext } from "../../providers/portone/call-context"
import type { Payment } from "../../portone/types"
import { toCancelReason } from "./refund-through-toss"

export type RefundPortOnePaymentInput = MedusaRefundInput & { payment_id: string }

export interface RefundThroughPortOneInput extends RefundPortOnePaymentInput {
  /** PortOne's answer the refund's sync took under the lock still held; null: the provider asks PortOne itself. */
  answer: Payment | null
}

/**
 * Medusa's refund through PortOne, with what Medusa does not pass to a
 * provider: the operator's note becomes the cancel reason, and the provider
 * cancels on the sync's answer instead of asking again. A deposited virtual
 * account's refund account comes from the caller's call context (the admin
 * route's request), never from this step's input, which Medusa may store.
 */
export const refundThroughPortOneStep = createStep("refund-through-portone", async ({ answer, ...input }: RefundThroughPortOneInput, { container }) => {
  const refund = { ...portOneCallContext().refund, reason: toCancelReason(input.note), answer }
  await withPortOneCallContext({ refund }, () => recordMedusaRefund(container, input))
  return new StepResponse(true)
})
