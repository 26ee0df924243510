import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TossHandOff } from "../../lib/toss-hand-off"
import type { TossSessionData } from "../../providers/toss/session-data"

/**
 * A hand-off whose outcome is not known: the paymentKey goes into the
 * session, which is still pending, so that Medusa deleting the session (the
 * shopper starting over) gives back at once whatever Toss took for it. Run
 * under the cart's lock (`keepTossPaymentKeyWorkflow`).
 */
export const keepTossPaymentKeyStep = createStep("keep-toss-payment-key", async ({ session, paymentKey }: TossHandOff, { container }) => {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const current = await paymentModule.retrievePaymentSession(session.id, { select: ["id", "status", "data"] }).catch(() => null)
  const data = current?.data as unknown as TossSessionData | undefined
  if (!current || current.status !== PaymentSessionStatus.PENDING || !paymentKey || data!.paymentKey === paymentKey) {
    return new StepResponse(session.id)
  }
  await paymentModule.updatePaymentSession({
    id: session.id,
    data: { ...data, paymentKey },
    amount: session.amount as number,
    currency_code: session.currency_code,
  })
  return new StepResponse(session.id)
})
