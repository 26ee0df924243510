import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { withPayment } from "../../providers/toss/session-data"
import type { TossPayment } from "../../toss/types"
import type { MedusaPaymentState } from "../../lib/sync-plan"

/** Toss will never take this payment: its session is cancelled, with Toss's view in its data. */
export const cancelTossSessionStep = createStep(
  "cancel-toss-session",
  async ({ session, toss }: { session: NonNullable<MedusaPaymentState["session"]>; toss: TossPayment }, { container }) => {
    await container.resolve(Modules.PAYMENT).updatePaymentSession({
      id: session.id,
      data: { ...withPayment(session.data, toss) },
      amount: session.amount,
      currency_code: session.currency_code,
      status: PaymentSessionStatus.CANCELED,
    })
    return new StepResponse(session.id)
  }
)
