import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { waitingAccountRecheck } from "../../lib/sync-plan"
import { meaningOf, OUTCOME_UNKNOWN } from "../../providers/toss/const"
import type { TossSessionData } from "../../providers/toss/session-data"

export interface FinishTossHandOffInput {
  orderId: string
  /** The completion's error, if it failed. */
  error?: { code?: string; type?: string } | null
}

/**
 * After the confirm: what the confirm's answer settled is written down, so
 * the reconciliation spends no lookup on it. A payment Toss confirmed is
 * settled (Toss's answer covers its approval in the ledger), a virtual account is watched until its
 * due date, a refusal Toss gave for certain (a declined card, a paymentKey
 * Toss does not know) is settled too; only an uncertain outcome stays due.
 */
export const finishTossHandOffStep = createStep("finish-toss-hand-off", async ({ orderId, error }: FinishTossHandOffInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const [tracked] = await module.listTossTrackedPayments({ payment_session_id: orderId }, { select: ["id", "payment_key"] })
  if (!tracked) {
    return new StepResponse(null)
  }
  const session = await container.resolve(Modules.PAYMENT).retrievePaymentSession(orderId, { select: ["id", "data"] }).catch(() => null)
  const data = session?.data as unknown as TossSessionData | undefined
  const status = data?.status ?? null
  const meaning = status ? meaningOf({ status, virtualAccount: data!.payment?.virtualAccount ?? null }) : null
  if (meaning?.confirmed) {
    const due = data!.payment?.virtualAccount?.dueDate
    // Confirmed but neither paid nor over: a virtual account waiting for its deposit.
    const waiting = !meaning.paid && !meaning.final
    await module.updateTossTrackedPayments({
      id: tracked.id,
      // A saved card's charge: the paymentKey came with Toss's answer.
      payment_key: data!.paymentKey ?? tracked.payment_key,
      status,
      last_transaction_key: data!.payment?.lastTransactionKey ?? null,
      due_at: due ? new Date(due) : null,
      last_checked_at: new Date(),
      next_check_at: waiting ? waitingAccountRecheck(due, new Date()) : null,
    })
    return new StepResponse(tracked.id)
  }
  const refusedForCertain = Boolean(error?.code) && error!.code !== OUTCOME_UNKNOWN
  if (refusedForCertain) {
    await module.updateTossTrackedPayments({ id: tracked.id, last_checked_at: new Date(), next_check_at: null })
  }
  return new StepResponse(tracked.id)
})

