import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Whether the session still waits for its confirm (read under the payment's lock). */
export const readTossBalanceSessionStep = createStep("read-toss-balance-session", async (sessionId: string, { container }) => {
  const session = await container.resolve(Modules.PAYMENT).retrievePaymentSession(sessionId, { select: ["id", "status"] })
  return new StepResponse({ pending: session.status === PaymentSessionStatus.PENDING })
})
