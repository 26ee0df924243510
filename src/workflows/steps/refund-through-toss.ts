import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { withTossCallContext } from "../../providers/toss/call-context"
import type { TossPayment } from "../../toss/types"
import { storableText } from "../../providers/toss/text"
import type { OperatorItemDraft } from "../../lib/operator-items"
import { recordMedusaRefund } from "../../lib/record-medusa-refund"
import { retrieveRefundAccount } from "../../lib/refund-account"
import { tellOperator } from "../../lib/tell-operator"

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

export interface RefundThroughTossInput extends RefundTossPaymentInput {
  orderId: string
  /** Toss's answer the refund's sync took under the lock still held; null: the provider asks Toss itself. */
  answer: TossPayment | null
}

/**
 * Medusa's refund through Toss, with what Medusa does not pass to a
 * provider: the operator's note becomes the cancel reason, a deposited
 * virtual account is refunded into the account kept in the plugin's module,
 * and the provider cancels on the sync's answer instead of asking again.
 */
export const refundThroughTossStep = createStep("refund-through-toss", async ({ answer, ...input }: RefundThroughTossInput, { container }) => {
  const refundReceiveAccount = await retrieveRefundAccount(container, input.payment_id)
  try {
    await withTossCallContext({ answer: answer ?? undefined, refund: { cancelReason: toCancelReason(input.note), refundReceiveAccount } }, () =>
      recordMedusaRefund(container, input)
    )
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
