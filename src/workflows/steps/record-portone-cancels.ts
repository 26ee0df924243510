import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { recordMedusaRefund } from "../../lib/record-medusa-refund"
import type { SyncPlan } from "../../lib/sync-plan"
import { withPortOneCallContext } from "../../providers/portone/call-context"

export interface RecordPortOneCancelsInput {
  paymentId: string
  cancels: SyncPlan["recordCancels"]
  /** The cancellation ids this sync claimed (`claimCancelsStep`): only those are recorded here. */
  claimed: string[]
}

/**
 * Records cancels PortOne made outside Medusa (its console, a refund whose
 * answer was lost) as Medusa refunds, one each, through Medusa's refund
 * workflow; the provider, told which cancel it records, cancels nothing.
 */
export const recordPortOneCancelsStep = createStep(
  "record-portone-cancels",
  async ({ paymentId, cancels, claimed }: RecordPortOneCancelsInput, { container }) => {
    const recorded: string[] = []
    for (const cancel of cancels.filter((candidate) => claimed.includes(candidate.key))) {
      await withPortOneCallContext({ refund: { recordCancels: [{ cancellationId: cancel.key, amount: cancel.amount }] } }, () =>
        recordMedusaRefund(container, {
          payment_id: paymentId,
          amount: cancel.amount,
          note: `포트원에서 취소됨 (cancelled at PortOne): ${cancel.reason}`.slice(0, 255),
        })
      )
      recorded.push(cancel.key)
    }
    return new StepResponse(recorded)
  }
)
