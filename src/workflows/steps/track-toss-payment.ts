import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import type { TossPayment } from "../../toss/types"

export interface TrackTossPaymentInput {
  orderId: string
  /** The Toss account whose merchant answered; written on a row from before several accounts, which names none. */
  providerId?: string | null
  toss?: TossPayment | null
  checkedAt?: string | null
  /** null: settled. */
  nextCheckAt: Date | string | null
}

/**
 * What the reconciliation remembers about a tracked payment after a look
 * at Toss: its status, its due date, when it was last asked about and when
 * to ask next. Untracked payments (never handed off) are left alone.
 */
export const trackTossPaymentStep = createStep(
  "track-toss-payment",
  async ({ orderId, providerId, toss, checkedAt, nextCheckAt }: TrackTossPaymentInput, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const [tracked] = await module.listTossTrackedPayments({ payment_session_id: orderId }, { select: ["id", "payment_key", "provider_id"] })
    if (!tracked) {
      return new StepResponse(null)
    }
    const dueDate = toss?.virtualAccount?.dueDate
    await module.updateTossTrackedPayments({
      id: tracked.id,
      next_check_at: nextCheckAt ? new Date(nextCheckAt) : null,
      // Toss's answer covers whatever its ledger showed before it.
      ...(checkedAt ? { last_checked_at: new Date(checkedAt), ledger_changed_at: null } : {}),
      ...(toss ? { status: toss.status, last_transaction_key: toss.lastTransactionKey, due_at: dueDate ? new Date(dueDate) : null } : {}),
      // A saved card's charge whose answer was lost: its paymentKey, now that Toss told.
      ...(toss && !tracked.payment_key && toss.orderId === orderId ? { payment_key: toss.paymentKey } : {}),
      ...(providerId && !tracked.provider_id ? { provider_id: providerId } : {}),
    })
    return new StepResponse(tracked.id)
  }
)
