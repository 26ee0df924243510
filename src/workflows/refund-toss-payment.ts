import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { withTossCallContext } from "../providers/toss/call-context"
import { storableText } from "../providers/toss/text"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import type { OperatorItemDraft } from "./operator-items"
import { recordMedusaRefund } from "./record-medusa-refund"
import { tellOperator } from "./steps/tell-operator"
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
const refundThroughTossStep = createStep("refund-through-toss", async (input: RefundTossPaymentInput & { orderId: string }, { container }) => {
  const refundReceiveAccount = await retrieveRefundAccount(container, input.payment_id)
  try {
    await withTossCallContext({ refund: { cancelReason: toCancelReason(input.note), refundReceiveAccount } }, () => recordMedusaRefund(container, input))
  } catch (error) {
    const refusal = TOSS_REFUSAL.exec((error as Error).message)
    // A wrong refund account is the operator's to fix in the panel, and they see it at once.
    if (refusal && !/ACCOUNT/.test(refusal[1])) {
      await tellOperator(container, [await refusedRefundItem(container, input, (error as Error).message)])
    }
    throw error
  }
  // Toss refunded: a refusal of an earlier try is over.
  await container.resolve<TossModuleService>(TOSS_MODULE).resolveOperatorItems(input.orderId, ["refund-refused"])
  return new StepResponse(true)
})

/** The provider's words for a cancel Toss answered with a refusal (its code last). */
const TOSS_REFUSAL = /^Toss refused the cancel: .* \(([A-Z_]+)\)$/

async function refusedRefundItem(container: MedusaContainer, input: RefundTossPaymentInput & { orderId: string }, message: string): Promise<OperatorItemDraft> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment",
    fields: ["amount", "data", "payment_collection.order.id"],
    filters: { id: input.payment_id },
  })
  const payment = data[0] as { amount: unknown; data: { paymentKey?: string } | null; payment_collection?: { order?: { id: string } | null } | null }
  return {
    kind: "refund-refused",
    payment_session_id: input.orderId,
    payment_key: payment?.data?.paymentKey ?? null,
    order_id: payment?.payment_collection?.order?.id ?? null,
    amount: input.amount ?? new BigNumber(payment?.amount as number).numeric,
    message,
  }
}

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
    refundThroughTossStep(transform({ input, orderId }, ({ input, orderId }) => ({ ...input, orderId })))
  })
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ refunded }, ({ refunded }): RefundTossPaymentResult => ({ refunded })))
})
