import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { HAND_OFF_RECHECK_MS } from "../../lib/sync-plan"
import type { TossSessionData } from "../../providers/toss/session-data"

export interface StartTossHandOffInput {
  /** The cart being completed; null for an off-session charge outside a cart. */
  cartId: string | null
  session: { id: string; provider_id: string; amount: unknown; currency_code: string; data: TossSessionData }
  /** From Toss's redirect; null for a saved-card charge (Toss gives one with its answer). */
  paymentKey: string | null
}

/**
 * Before the confirm (or a saved card's charge): the payment is tracked (so
 * that whatever happens to the confirm, to this process or to the session,
 * the reconciliation asks Toss about it), then the paymentKey goes into the
 * session for the provider's `authorizePayment`. Run under the cart's lock
 * (`startTossHandOffWorkflow`).
 */
export const startTossHandOffStep = createStep("start-toss-hand-off", async ({ cartId, session, paymentKey }: StartTossHandOffInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const nextCheckAt = new Date(Date.now() + HAND_OFF_RECHECK_MS)
  await module.trackHandOff({
    payment_session_id: session.id,
    provider_id: session.provider_id,
    payment_key: paymentKey,
    integration: session.data.integration,
    cart_id: cartId,
    next_check_at: nextCheckAt,
  })
  if (!paymentKey) {
    // A saved card's charge: nothing to hand to the session.
    return new StepResponse(session.id)
  }
  const current = await paymentModule.retrievePaymentSession(session.id, { select: ["id", "status", "data"] })
  const data = current.data as unknown as TossSessionData
  if (current.status !== PaymentSessionStatus.PENDING || data.paymentKey === paymentKey) {
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

