import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SyncPlan } from "../../lib/sync-plan"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import type { TossSessionData } from "../../providers/toss/session-data"
import type { TossPayment } from "../../toss/types"

export interface ClaimTossCancelsInput {
  paymentId: string
  toss: TossPayment
  cancels: SyncPlan["recordCancels"]
}

/**
 * Claims the cancels this sync records as Medusa refunds, in the plugin's
 * ledger of recorded cancels: the unique transaction key lets only one
 * process record a cancel. Returns the transaction keys claimed here (a
 * cancel another process claimed is left to it). If the run fails, a claim
 * whose Medusa refund was not written is freed, so that the next sync
 * records it.
 */
export const claimTossCancelsStep = createStep(
  "claim-toss-cancels",
  async ({ paymentId, toss, cancels }: ClaimTossCancelsInput, { container }) => {
    const ledger = container.resolve<TossModuleService>(TOSS_MODULE)
    const claimed: string[] = []
    for (const cancel of cancels) {
      const claim = { transaction_key: cancel.key, payment_key: toss.paymentKey, payment_session_id: toss.orderId, amount: cancel.amount }
      if (await ledger.claimCancel(claim)) {
        claimed.push(cancel.key)
      }
    }
    return new StepResponse(claimed, { paymentId, claimed })
  },
  async (compensation, { container }) => {
    if (!compensation?.claimed.length) {
      return
    }
    const { paymentId, claimed } = compensation
    // A recorded cancel's key is in the payment's data, written with its Medusa refund.
    const payment = await container.resolve(Modules.PAYMENT).retrievePayment(paymentId, { select: ["id", "data"] })
    const recorded = new Set((payment.data as unknown as TossSessionData).refundTransactionKeys ?? [])
    const unrecorded = claimed.filter((key) => !recorded.has(key))
    if (!unrecorded.length) {
      return
    }
    await container.resolve<TossModuleService>(TOSS_MODULE).deleteTossRecordedCancels({ transaction_key: unrecorded })
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .error(`Toss cancels ${unrecorded.join(", ")} on payment ${paymentId} could not be recorded as Medusa refunds; the next sync records them.`)
  }
)
