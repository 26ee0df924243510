import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { withRefundInstructions } from "../providers/toss/refund-instructions"
import { storableText } from "../providers/toss/text"
import { recordMedusaRefund } from "./record-medusa-refund"
import { retrieveRefundAccount } from "./refund-account"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "./lock"
import { syncTossPaymentWorkflow } from "./sync-toss-payment"

export interface RefundTossPaymentInput {
  payment_id: string
  /** Omitted: all that is left. */
  amount?: number
  /** The operator's note; Toss gets it as `cancelReason` (Medusa keeps it on the refund). */
  note?: string
  refund_reason_id?: string
  created_by?: string
}

/** Toss's limit for `cancelReason`. */
const CANCEL_REASON_MAX = 200

/** The operator's note as Toss's `cancelReason`: one line, at most 200 characters; null when empty. */
export function toCancelReason(note: unknown): string | null {
  return storableText(typeof note === "string" ? note.replace(/\s+/g, " ") : note, CANCEL_REASON_MAX) || null
}

const readOrderIdStep = createStep("read-toss-refund-payment", async (paymentId: string, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["id", "payment_session_id"], filters: { id: paymentId } })
  return new StepResponse(data[0].payment_session_id as string)
})

/**
 * Medusa's refund through Toss, with what Medusa does not pass to a
 * provider: the operator's note becomes the cancel reason, and a deposited
 * virtual account is refunded into the account kept in the plugin's module.
 */
const refundThroughTossStep = createStep("refund-through-toss", async (input: RefundTossPaymentInput, { container }) => {
  const refundReceiveAccount = await retrieveRefundAccount(container, input.payment_id)
  await withRefundInstructions({ cancelReason: toCancelReason(input.note), refundReceiveAccount }, () => recordMedusaRefund(container, input))
  return new StepResponse(true)
})

export const refundTossPaymentWorkflowId = "refund-toss-payment"

export interface RefundTossPaymentResult {
  /** false: Toss had refunded money Medusa had not recorded; it is recorded now, and nothing more was refunded. */
  refunded: boolean
}

/**
 * The admin's refund of a Toss payment, under the payment's lock. First
 * Toss is asked what it did that Medusa has not recorded (a cancel made in
 * the Toss dashboard, a refund whose answer was lost). If there is such a
 * cancel, it is recorded and nothing more is refunded: the operator sees it
 * and decides whether more is due, so no refund is ever made twice. Else
 * Medusa's own refund workflow runs, and the provider cancels at Toss.
 */
export const refundTossPaymentWorkflow = createWorkflow(refundTossPaymentWorkflowId, (input: WorkflowData<RefundTossPaymentInput>) => {
  const orderId = readOrderIdStep(input.payment_id)
  const lockKey = transform({ orderId }, ({ orderId }) => tossPaymentLockKey(orderId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  const outcome = syncTossPaymentWorkflow.runAsStep({ input: { orderId } })
  const refunded = transform({ outcome }, ({ outcome }) => outcome !== "refunds-recorded")
  when("refund-when-nothing-unrecorded", { refunded }, ({ refunded }) => refunded).then(() => {
    refundThroughTossStep(input)
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ refunded }, ({ refunded }): RefundTossPaymentResult => ({ refunded })))
})
