import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"

/** What a PSP's answer tells the tracked row, whatever the road. */
export interface TrackedAnswer {
  status: string
  /** A virtual account's due date. */
  dueDate?: string | null
  /** Toss: the payment's newest transaction, the ledger row it accounts for. */
  lastTransactionKey?: string | null
  /** Written on a row that has none yet (a saved card's charge whose answer was lost). */
  paymentKey?: string | null
}

export interface TrackPaymentInput {
  paymentSessionId: string
  /** The registration whose merchant answered; written on a row from before several accounts, which names none. */
  providerId?: string | null
  answer?: TrackedAnswer | null
  checkedAt?: string | null
  /** null: settled. */
  nextCheckAt: Date | string | null
}

/**
 * What the reconciliation remembers about a tracked payment after a look
 * at its PSP: its status, its due date, when it was last asked about and
 * when to ask next. Untracked payments (never handed off) are left alone.
 */
export const trackPaymentStep = createStep(
  "track-payment",
  async ({ paymentSessionId, providerId, answer, checkedAt, nextCheckAt }: TrackPaymentInput, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const [tracked] = await module.listTossTrackedPayments({ payment_session_id: paymentSessionId }, { select: ["id", "payment_key", "provider_id"] })
    if (!tracked) {
      return new StepResponse(null)
    }
    await module.updateTossTrackedPayments({
      id: tracked.id,
      next_check_at: nextCheckAt ? new Date(nextCheckAt) : null,
      // The PSP's answer covers whatever its ledger (or event feed) showed before it.
      ...(checkedAt ? { last_checked_at: new Date(checkedAt), ledger_changed_at: null } : {}),
      ...(answer
        ? { status: answer.status, last_transaction_key: answer.lastTransactionKey ?? null, due_at: answer.dueDate ? new Date(answer.dueDate) : null }
        : {}),
      ...(answer?.paymentKey && !tracked.payment_key ? { payment_key: answer.paymentKey } : {}),
      ...(providerId && !tracked.provider_id ? { provider_id: providerId } : {}),
    })
    return new StepResponse(tracked.id)
  }
)
