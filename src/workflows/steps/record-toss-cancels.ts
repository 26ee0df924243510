import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordMedusaRefund } from "../../lib/record-medusa-refund"
import type { SyncPlan } from "../../lib/sync-plan"
import { withTossCallContext } from "../../providers/toss/call-context"
import type { TossPayment } from "../../toss/types"

export interface RecordTossCancelsInput {
  paymentId: string
  toss: TossPayment
  cancels: SyncPlan["recordCancels"]
  /** The transaction keys this sync claimed (`claimTossCancelsStep`): only those are recorded here. */
  claimed: string[]
}

/**
 * Records cancels Toss made outside Medusa (the Toss dashboard, a refund
 * whose answer was lost) as Medusa refunds, one each. Medusa's own refund
 * workflow writes the refund and the order's transaction; the provider,
 * told which cancel it records, asks Toss for nothing more.
 */
export const recordTossCancelsStep = createStep(
  "record-toss-cancels",
  async ({ paymentId, toss, cancels, claimed }: RecordTossCancelsInput, { container }) => {
    const recorded: string[] = []
    for (const cancel of cancels.filter((candidate) => claimed.includes(candidate.key))) {
      await withTossCallContext(
        { answer: toss, refund: { recordCancels: [{ transactionKey: cancel.key, cancelAmount: cancel.amount }] } },
        () =>
          recordMedusaRefund(container, {
            payment_id: paymentId,
            amount: cancel.amount,
            note: `Toss에서 취소됨 (cancelled at Toss): ${cancel.reason}`.slice(0, 255),
          })
      )
      recorded.push(cancel.key)
    }
    return new StepResponse(recorded)
  }
)
