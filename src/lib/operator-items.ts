import type { MedusaPaymentState, PspPaymentView, SyncPlan } from "./sync-plan"

/**
 * What the plugin cannot settle alone, and what settles it. `refund` items
 * have a button in the Toss page (a refund through Toss of what is left);
 * the others say what to do outside the plugin. Every item is resolved by
 * the sync, when Toss's answer shows the case is over.
 */
export const OPERATOR_ITEM_KINDS = {
  /** Money arrived for an order that was cancelled: refund it (a virtual account needs the shopper's account first). */
  "deposit-after-cancel": { action: "refund" },
  /** Toss refused a refund the operator asked for: refund the shopper outside Toss. */
  "refund-refused": { action: "outside" },
  /** The bank reversed a deposit after Medusa captured it: hold the order until Toss shows the money again. */
  "deposit-reversed": { action: "outside" },
  /** Toss refused to give back money that can have no order: cancel it in Toss's dashboard. */
  "give-back-refused": { action: "outside" },
  /** A confirm whose outcome Toss never told: look the payment up in Toss's dashboard. */
  "outcome-unknown": { action: "outside" },
  /** A virtual account issued more than a day ago, due within a day and still unpaid: remind the shopper. */
  "account-expiring": { action: "outside" },
} as const

export type OperatorItemKind = keyof typeof OPERATOR_ITEM_KINDS

export interface OperatorItemDraft {
  kind: OperatorItemKind
  payment_session_id: string
  payment_key: string | null
  order_id: string | null
  amount: number
  message: string
}

export interface OperatorItemChanges {
  open: OperatorItemDraft[]
  resolve: OperatorItemKind[]
}

const DAY = 24 * 60 * 60_000

/**
 * Which items one sync opens and which it resolves, from the PSP's answer
 * and the sync's decision alone (pure, like `planSync`), whatever the road.
 * The PSP not answering changes nothing; a forged event changes nothing.
 */
export function operatorItemsFor(
  state: MedusaPaymentState<object>,
  psp: PspPaymentView | null | undefined,
  plan: SyncPlan | null,
  now: Date
): OperatorItemChanges {
  if (psp === undefined || !plan || plan.outcome === "forged") {
    return { open: [], resolve: [] }
  }
  if (psp === null) {
    // The PSP never took it: nothing can be pending about it.
    return { open: [], resolve: ["outcome-unknown", "account-expiring"] }
  }
  const draft = (kind: OperatorItemKind, message: string): OperatorItemDraft => ({
    kind,
    payment_session_id: state.paymentSessionId,
    payment_key: psp.paymentKey,
    order_id: state.order?.id ?? null,
    amount: kind === "deposit-after-cancel" || kind === "give-back-refused" ? psp.balance : psp.total,
    message,
  })
  const open: OperatorItemDraft[] = []
  const resolve: OperatorItemKind[] = []
  const { meaning } = psp
  // READY / IN_PROGRESS: a confirm may still be under way.
  const unsettled = !meaning.confirmed && !meaning.final

  if (plan.outcome === "captured-after-cancel") {
    open.push(draft("deposit-after-cancel", `${psp.method ?? psp.psp} payment of ${psp.total} KRW arrived after the order was cancelled; it is captured so that it can be refunded.`))
  } else if (psp.balance === 0 || !meaning.holdsMoney || plan.giveBack) {
    // All given back (or never taken, or given back by this sync, which gets here only when the PSP took
    // the cancel; `psp` is the answer from before it): nothing is left to refund.
    resolve.push("deposit-after-cancel", "refund-refused", "give-back-refused")
  }

  if (plan.outcome === "deposit-reversed") {
    open.push(draft("deposit-reversed", `The bank reversed the deposit of ${psp.total} KRW after the order was paid; ${psp.psp} waits for the money again.`))
  } else if (!meaning.unpaidAccount) {
    resolve.push("deposit-reversed")
  }

  if (unsettled && !state.payment && plan.outcome === "up-to-date" && plan.nextCheckAt === null) {
    // The sync stops watching a confirm that never finished: only a person can find out more.
    open.push(draft("outcome-unknown", `${psp.psp} still shows ${psp.status} for this payment an hour after its confirm; the plugin has stopped asking.`))
  } else if (!unsettled) {
    resolve.push("outcome-unknown")
  }

  const due = psp.dueDate ? new Date(psp.dueDate).getTime() : null
  // An account issued for a day or less is not news when its day ends: only older ones are.
  const issuedAt = psp.requestedAt ? new Date(psp.requestedAt).getTime() : now.getTime()
  const expiring =
    meaning.unpaidAccount &&
    !meaning.final &&
    !state.payment &&
    !!state.session &&
    state.order?.status !== "canceled" &&
    due !== null &&
    due > now.getTime() &&
    due - now.getTime() <= DAY &&
    now.getTime() - issuedAt >= DAY
  if (expiring) {
    open.push(draft("account-expiring", `The virtual account of ${psp.total} KRW is still unpaid and expires at ${psp.dueDate}.`))
  } else {
    resolve.push("account-expiring")
  }
  return { open, resolve: resolve.filter((kind) => !open.some((item) => item.kind === kind)) }
}
