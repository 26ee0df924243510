import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { withTossCallContext } from "../../providers/toss/call-context"
import type { TossPayment } from "../../toss/types"
import type { SyncPlan } from "../../lib/sync-plan"
import { recordMedusaRefund } from "../../lib/record-medusa-refund"

export interface RecordTossCancelsInput {
  paymentId: string
  toss: TossPayment
  cancels: SyncPlan["recordCancels"]
}

/**
 * Records cancels Toss made outside Medusa (the Toss dashboard, a refund
 * whose answer was lost) as Medusa refunds, one each: the ledger row is
 * claimed first, and its unique transaction key lets only one process
 * record a cancel. Medusa's own refund workflow writes the refund and the
 * order's transaction; the provider, told which cancel it records, asks
 * Toss for nothing more.
 */
export const recordTossCancelsStep = createStep(
  "record-toss-cancels",
  async ({ paymentId, toss, cancels }: RecordTossCancelsInput, { container }) => {
    const ledger = container.resolve<TossModuleService>(TOSS_MODULE)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const recorded: string[] = []
    for (const cancel of cancels) {
      const claimed = await ledger.claimCancel({
        transaction_key: cancel.transactionKey,
        payment_key: toss.paymentKey,
        payment_session_id: toss.orderId,
        amount: cancel.cancelAmount,
      })
      if (!claimed) {
        continue
      }
      try {
        await withTossCallContext(
          { answer: toss, refund: { recordCancels: [{ transactionKey: cancel.transactionKey, cancelAmount: cancel.cancelAmount }] } },
          () =>
            recordMedusaRefund(container, {
              payment_id: paymentId,
              amount: cancel.cancelAmount,
              note: `Toss에서 취소됨 (cancelled at Toss): ${cancel.cancelReason}`.slice(0, 255),
            })
        )
        recorded.push(cancel.transactionKey)
      } catch (error) {
        // Not recorded: free the claim, so that the next sync records it.
        await ledger.deleteTossRecordedCancels({ transaction_key: cancel.transactionKey })
        logger.error(
          `Toss cancel ${cancel.transactionKey} of ${cancel.cancelAmount} KRW on payment ${paymentId} could not be recorded as a Medusa refund: ${(error as Error).message}`
        )
        throw error
      }
    }
    return new StepResponse(recorded)
  }
)
