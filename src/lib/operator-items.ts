import { meaningOf } from "../providers/toss/const"
import type { TossPayment } from "../toss/types"
import type { MedusaPaymentState, SyncPlan } from "./sync-plan"

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
 * Which items one sync opens and which it resolves, from Toss's answer and
 * the sync's decision alone (pure, like `planSync`). Toss not answering
 * changes nothing; a forged event changes nothing.
 */
export function operatorItemsFor(
  state: MedusaPaymentState,
  toss: TossPayment | null | undefined,
  plan: SyncPlan | null,
  now: Date
): OperatorItemChanges {
  if (toss === undefined || !plan || plan.outcome === "forged") {
    return { open: [], resolve: [] }
  }
  if (toss === null) {
    // Toss never took it: nothing can be pending about it.
    return { open: [], resolve: ["outcome-unknown", "account-expiring"] }
  }
  const draft = (kind: OperatorItemKind, message: string): OperatorItemDraft => ({
    kind,
    payment_session_id: state.paymentSessionId,
    payment_key: toss.paymentKey,
    order_id: state.order?.id ?? null,
    amount: kind === "deposit-after-cancel" || kind === "give-back-refused" ? toss.balanceAmount : toss.totalAmount,
    message,
  })
  const open: OperatorItemDraft[] = []
  const resolve: OperatorItemKind[] = []
  const meaning = meaningOf(toss)
  // READY / IN_PROGRESS: a confirm may still be under way.
  const unsettled = !meaning.confirmed && !meaning.final

  if (plan.outcome === "captured-after-cancel") {
    open.push(draft("deposit-after-cancel", `${toss.method ?? "Toss"} payment of ${toss.totalAmount} KRW arrived after the order was cancelled; it is captured so that it can be refunded.`))
  } else if (toss.balanceAmount === 0 || !meaning.holdsMoney || plan.giveBack) {
    // All given back (or never taken, or given back by this sync, which gets here only when Toss took
    // the cancel; `toss` is the answer from before it): nothing is left to refund.
    resolve.push("deposit-after-cancel", "refund-refused", "give-back-refused")
  }

  if (plan.outcome === "deposit-reversed") {
    open.push(draft("deposit-reversed", `The bank reversed the deposit of ${toss.totalAmount} KRW after the order was paid; Toss waits for the money again.`))
  } else if (!meaning.unpaidAccount) {
    resolve.push("deposit-reversed")
  }

  if (unsettled && !state.payment && plan.outcome === "up-to-date" && plan.nextCheckAt === null) {
    // The sync stops watching a confirm that never finished: only a person can find out more.
    open.push(draft("outcome-unknown", `Toss still shows ${toss.status} for this payment an hour after its confirm; the plugin has stopped asking.`))
  } else if (!unsettled) {
    resolve.push("outcome-unknown")
  }

  const due = toss.virtualAccount?.dueDate ? new Date(toss.virtualAccount.dueDate).getTime() : null
  // An account issued for a day or less is not news when its day ends: only older ones are.
  const issuedAt = toss.requestedAt ? new Date(toss.requestedAt).getTime() : now.getTime()
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
    open.push(draft("account-expiring", `The virtual account of ${toss.totalAmount} KRW is still unpaid and expires at ${toss.virtualAccount!.dueDate}.`))
  } else {
    resolve.push("account-expiring")
  }
  return { open, resolve: resolve.filter((kind) => !open.some((item) => item.kind === kind)) }
}
