import type { UpdatePaymentDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaPaymentState, PspPaymentView } from "../../lib/sync-plan"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import type { Payment as PortOnePayment } from "../../portone/types"
import { PortOneSessionData, withPayment as withPortOnePayment } from "../../providers/portone/session"
import { TossSessionData, withPayment } from "../../providers/toss/session-data"
import type { TossPayment } from "../../toss/types"

type Data = Record<string, unknown> & { refundTransactionKeys?: string[] }

/** The PSP's answer → session or payment data with the PSP's view in it: each road writes its own view. */
export type PaymentAnswer = { road: "toss"; toss: TossPayment } | { road: "portone"; payment: PortOnePayment }

export function withAnswer(data: Data, answer: PaymentAnswer): Data {
  return answer.road === "toss"
    ? (withPayment(data as unknown as TossSessionData, answer.toss) as unknown as Data)
    : (withPortOnePayment(data as unknown as PortOneSessionData, answer.payment) as unknown as Data)
}

export interface SavePaymentViewInput {
  state: MedusaPaymentState<object>
  answer: PaymentAnswer
  psp: PspPaymentView
  /** Cancels that already are Medusa refunds, missing from the payment's data. */
  adoptCancels: string[]
}

/**
 * Writes the PSP's current view into the Medusa payment's data (or, before
 * there is a payment, the session's), only when it changed: repeated
 * deliveries about an unchanged payment write nothing.
 */
export const savePaymentViewStep = createStep(
  "save-payment-view",
  async ({ state, answer, psp, adoptCancels }: SavePaymentViewInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const target = state.payment ?? state.session
    if (!target) {
      return new StepResponse(false)
    }
    // Read again: the capture or refunds of this sync may have rewritten it.
    const current = (
      state.payment
        ? (await paymentModule.retrievePayment(state.payment.id, { select: ["id", "data"] })).data
        : (await paymentModule.retrievePaymentSession(state.session!.id, { select: ["id", "data"] })).data
    ) as Data
    const keys = [...(current.refundTransactionKeys ?? [])]
    for (const key of adoptCancels) {
      if (!keys.includes(key)) keys.push(key)
    }
    const data = withAnswer({ ...current, refundTransactionKeys: keys }, answer)
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
      for (const cancel of psp.cancels.filter((candidate) => adoptCancels.includes(candidate.key))) {
        await ledger.claimCancel({ transaction_key: cancel.key, payment_key: psp.paymentKey, payment_session_id: psp.paymentSessionId, amount: cancel.amount })
      }
    }
    return new StepResponse(true)
  }
)
