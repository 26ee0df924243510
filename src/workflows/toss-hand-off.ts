import { Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { OUTCOME_UNKNOWN, TOSS_STATUS } from "../providers/toss/const"
import type { TossSessionData } from "../providers/toss/session-data"

/** A confirm whose outcome is not known yet is looked at this soon. */
const UNCERTAIN_RECHECK_MS = 2 * 60_000
const WAITING_RECHECK_MS = 24 * 60 * 60_000

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
 * session for the provider's `authorizePayment`.
 */
const startTossHandOffStep = createStep("start-toss-hand-off", async ({ cartId, session, paymentKey }: StartTossHandOffInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const paymentModule = container.resolve(Modules.PAYMENT)
  // Under the cart's lock, the one Medusa's cart completion and webhook
  // capture take (a charge outside a cart: the session's): two hand-offs of
  // one session do not both create its tracked row, and a session being
  // authorised meanwhile is not written over with what this request read
  // before.
  await container.resolve(Modules.LOCKING).execute(
    cartId ?? session.id,
    async () => {
      const nextCheckAt = new Date(Date.now() + UNCERTAIN_RECHECK_MS)
      const [tracked] = await module.listTossTrackedPayments({ order_id: session.id }, { select: ["id"] })
      if (tracked) {
        // (A saved card's charge again: the paymentKey of an earlier answer stays.)
        await module.updateTossTrackedPayments({ id: tracked.id, ...(paymentKey ? { payment_key: paymentKey } : {}), next_check_at: nextCheckAt })
      } else {
        await module.createTossTrackedPayments({
          order_id: session.id,
          provider_id: session.provider_id,
          payment_key: paymentKey,
          integration: session.data.integration,
          cart_id: cartId,
          next_check_at: nextCheckAt,
        })
      }
      if (!paymentKey) {
        // A saved card's charge: nothing to hand to the session.
        return
      }
      const current = await paymentModule.retrievePaymentSession(session.id, { select: ["id", "status", "data"] })
      const data = current.data as unknown as TossSessionData
      if (current.status !== PaymentSessionStatus.PENDING || data.paymentKey === paymentKey) {
        return
      }
      await paymentModule.updatePaymentSession({
        id: session.id,
        data: { ...data, paymentKey },
        amount: session.amount as number,
        currency_code: session.currency_code,
      })
    },
    { timeout: 30 }
  )
  return new StepResponse(session.id)
})

export const startTossHandOffWorkflow = createWorkflow("start-toss-hand-off", (input: WorkflowData<StartTossHandOffInput>) => {
  return new WorkflowResponse(startTossHandOffStep(input))
})

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
const finishTossHandOffStep = createStep("finish-toss-hand-off", async ({ orderId, error }: FinishTossHandOffInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const [tracked] = await module.listTossTrackedPayments({ order_id: orderId }, { select: ["id", "payment_key"] })
  if (!tracked) {
    return new StepResponse(null)
  }
  const session = await container.resolve(Modules.PAYMENT).retrievePaymentSession(orderId, { select: ["id", "data"] }).catch(() => null)
  const data = session?.data as unknown as TossSessionData | undefined
  const status = data?.status ?? null
  if (status && TOSS_STATUS[status].confirmed) {
    const due = data!.payment?.virtualAccount?.dueDate
    const waiting = status === "WAITING_FOR_DEPOSIT"
    await module.updateTossTrackedPayments({
      id: tracked.id,
      // A saved card's charge: the paymentKey came with Toss's answer.
      payment_key: data!.paymentKey ?? tracked.payment_key,
      status,
      last_transaction_key: data!.payment?.lastTransactionKey ?? null,
      due_at: due ? new Date(due) : null,
      last_checked_at: new Date(),
      next_check_at: waiting
        ? new Date(Math.min(due ? new Date(due).getTime() + 60_000 : Infinity, Date.now() + WAITING_RECHECK_MS))
        : null,
    })
    return new StepResponse(tracked.id)
  }
  const refusedForCertain = Boolean(error?.code) && error!.code !== OUTCOME_UNKNOWN
  if (refusedForCertain) {
    await module.updateTossTrackedPayments({ id: tracked.id, last_checked_at: new Date(), next_check_at: null })
  }
  return new StepResponse(tracked.id)
})

export const finishTossHandOffWorkflow = createWorkflow("finish-toss-hand-off", (input: WorkflowData<FinishTossHandOffInput>) => {
  return new WorkflowResponse(finishTossHandOffStep(input))
})
