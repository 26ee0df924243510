import type { UpdatePaymentDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { TossSessionData, withPayment } from "../../providers/toss/session-data"
import type { TossPayment } from "../../toss/types"
import type { MedusaPaymentState } from "../../lib/sync-plan"

export interface SaveTossPaymentViewInput {
  state: MedusaPaymentState
  toss: TossPayment
  /** Cancels that already are Medusa refunds, missing from the payment's data. */
  adoptCancels: string[]
}

/**
 * Writes Toss's current view into the Medusa payment's data (or, before
 * there is a payment, the session's), only when it changed: repeated
 * deliveries about an unchanged payment write nothing.
 */
export const saveTossPaymentViewStep = createStep(
  "save-toss-payment-view",
  async ({ state, toss, adoptCancels }: SaveTossPaymentViewInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const target = state.payment ?? state.session
    if (!target) {
      return new StepResponse(false)
    }
    // Read again: the capture or refunds of this sync may have rewritten it.
    const current = state.payment
      ? ((await paymentModule.retrievePayment(state.payment.id, { select: ["id", "data"] })).data as unknown as TossSessionData)
      : ((await paymentModule.retrievePaymentSession(state.session!.id, { select: ["id", "data"] })).data as unknown as TossSessionData)
    const keys = [...(current.refundTransactionKeys ?? [])]
    for (const key of adoptCancels) {
      if (!keys.includes(key)) keys.push(key)
    }
    const data = withPayment({ ...current, refundTransactionKeys: keys }, toss)
    if (JSON.stringify(data) === JSON.stringify(current)) {
      return new StepResponse(false)
    }
    if (state.payment) {
      // The payment module stores `data` on update although its DTO type does not list it (Medusa 2.21).
      await paymentModule.updatePayment({ id: state.payment.id, data: { ...data } } as UpdatePaymentDTO & { data: Record<string, unknown> })
    } else {
      const session = state.session!
      await paymentModule.updatePaymentSession({ id: session.id, data: { ...data }, amount: session.amount, currency_code: session.currency_code })
    }
    if (adoptCancels.length) {
      const ledger = container.resolve<TossModuleService>(TOSS_MODULE)
      for (const cancel of (toss.cancels ?? []).filter((candidate) => adoptCancels.includes(candidate.transactionKey))) {
        await ledger.claimCancel({
          transaction_key: cancel.transactionKey,
          payment_key: toss.paymentKey,
          payment_session_id: toss.orderId,
          amount: cancel.cancelAmount,
        })
      }
    }
    return new StepResponse(true)
  }
)
