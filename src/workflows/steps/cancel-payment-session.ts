import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaPaymentState } from "../../lib/sync-plan"

export interface CancelPaymentSessionInput {
  session: NonNullable<MedusaPaymentState<object>["session"]>
  /** The session's data with the PSP's last view in it (the road writes its own view). */
  data: Record<string, unknown>
}

/** The PSP will never take this payment: its session is cancelled, with the PSP's view in its data. */
export const cancelPaymentSessionStep = createStep(
  "cancel-payment-session",
  async ({ session, data }: CancelPaymentSessionInput, { container }) => {
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      data,
      amount: session.amount,
      currency_code: session.currency_code,
      status: PaymentSessionStatus.CANCELED,
    })
    return new StepResponse(session.id)
  }
)
