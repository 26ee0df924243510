import type { MedusaContainer } from "@medusajs/framework/types"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { TossHandOffContext, withTossCallContext } from "../providers/toss/call-context"
import { meaningOf, OUTCOME_UNKNOWN } from "../providers/toss/const"
import type { TossSessionData } from "../providers/toss/session-data"
import { keepTossPaymentKeyWorkflow } from "../workflows/toss-hand-off"
import { HAND_OFF_RECHECK_MS, waitingAccountRecheck } from "./sync-plan"

/** What Medusa's completion reported: its result, or the error it failed with (Toss's refusal code in `code`). */
export interface Completion<T> {
  result?: T
  error: { message: string; name?: string; type?: string; code?: string } | null
}

export interface TossHandOff {
  /** The cart being completed; null for a payment outside a cart (an order's balance, an off-session charge). */
  cartId: string | null
  session: { id: string; provider_id: string; amount: unknown; currency_code: string; data: TossSessionData }
  /** From Toss's redirect; null for a saved-card charge (Toss gives one with its answer). */
  paymentKey: string | null
}

/**
 * The hand-off, start to finish. The payment is tracked before Toss is
 * asked (whatever happens to the confirm, to this process or to the
 * session, the reconciliation asks Toss about it); Medusa completes, the
 * provider confirming at Toss (or charging a saved card) with the paymentKey
 * this hand-off lends it (the session is written once, by Medusa, with
 * Toss's answer); then what Toss's answer settled is written down, so the
 * reconciliation spends no lookup on it. `complete` reports a refusal as its
 * `error`; it throws only when the completion did not end here (still
 * running elsewhere), which leaves the payment due for the reconciliation.
 */
export async function handOffToToss<T>(container: MedusaContainer, handOff: TossHandOff, complete: () => Promise<Completion<T>>): Promise<Completion<T>> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const { session, paymentKey } = handOff
  await module.trackHandOff({
    payment_session_id: session.id,
    provider_id: session.provider_id,
    payment_key: paymentKey,
    integration: session.data.integration,
    cart_id: handOff.cartId,
    next_check_at: new Date(Date.now() + HAND_OFF_RECHECK_MS),
  })
  const lent: TossHandOffContext = { orderId: session.id, paymentKey }
  const completion = await withTossCallContext({ handOff: lent }, complete)
  await finishHandOff(container, handOff, lent.answer, completion.error)
  return completion
}

/**
 * After the completion: a payment Toss confirmed for an order is settled
 * (Toss's answer covers its approval in the ledger), a virtual account is
 * watched until its due date, a refusal Toss gave for certain (a declined
 * card, a paymentKey Toss does not know) is settled too. Any other failure
 * leaves the payment due, and the session keeps the paymentKey, so a
 * shopper starting over gives back at once what Toss may have taken.
 */
async function finishHandOff(container: MedusaContainer, handOff: TossHandOff, answer: TossHandOffContext["answer"], error: Completion<unknown>["error"]) {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const meaning = answer && meaningOf(answer)
  if (!error && answer && meaning!.confirmed) {
    const due = answer.virtualAccount?.dueDate
    // Confirmed but neither paid nor over: a virtual account waiting for its deposit.
    const waiting = !meaning!.paid && !meaning!.final
    await module.settleHandOff(handOff.session.id, {
      payment_key: answer.paymentKey,
      status: answer.status,
      last_transaction_key: answer.lastTransactionKey ?? null,
      due_at: due ? new Date(due) : null,
      next_check_at: waiting ? waitingAccountRecheck(due, new Date()) : null,
    })
    return
  }
  if (error?.code && error.code !== OUTCOME_UNKNOWN) {
    await module.settleHandOff(handOff.session.id, { next_check_at: null })
    return
  }
  if (error && handOff.paymentKey) {
    await keepTossPaymentKeyWorkflow(container).run({ input: handOff })
  }
}
