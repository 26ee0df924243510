import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { SyncPlan } from "../../lib/sync-plan"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"

export interface ClaimCancelsInput {
  /** The Medusa payment the cancels become refunds of. */
  paymentId: string
  /** The PSP's payment (Toss's paymentKey, PortOne's paymentId) and its session. */
  paymentKey: string
  paymentSessionId: string
  cancels: SyncPlan["recordCancels"]
}

/**
 * Claims the cancels this sync records as Medusa refunds, in the plugin's
 * ledger of recorded cancels (whatever the road: Toss transaction keys,
 * PortOne cancellation ids): the unique key lets only one process record a
 * cancel. Returns the keys claimed here (a cancel another process claimed
 * is left to it). If the run fails, a claim whose Medusa refund was not
 * written (its key is not in the payment's `refundTransactionKeys`, which
 * the provider writes with the refund) is freed, so that the next sync
 * records it.
 */
export const claimCancelsStep = createStep(
  "claim-cancels",
  async ({ paymentId, paymentKey, paymentSessionId, cancels }: ClaimCancelsInput, { container }) => {
    const ledger = container.resolve<TossModuleService>(TOSS_MODULE)
    const claimed: string[] = []
    for (const cancel of cancels) {
      const claim = { transaction_key: cancel.key, payment_key: paymentKey, payment_session_id: paymentSessionId, amount: cancel.amount }
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
    const recorded = new Set((payment.data as { refundTransactionKeys?: string[] } | null)?.refundTransactionKeys ?? [])
    const unrecorded = claimed.filter((key) => !recorded.has(key))
    if (!unrecorded.length) {
      return
    }
    await container.resolve<TossModuleService>(TOSS_MODULE).deleteTossRecordedCancels({ transaction_key: unrecorded })
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .error(`PSP cancels ${unrecorded.join(", ")} on payment ${paymentId} could not be recorded as Medusa refunds; the next sync records them.`)
  }
)
