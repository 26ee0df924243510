import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { timingSafeEqual } from "crypto"
import { meaningOf as portOneMeaningOf } from "../providers/portone/const"
import { GIVE_BACK_REASON, meaningOf as tossMeaningOf } from "../providers/toss/const"
import type { TossIntegration } from "../providers/toss/options"
import type { TossSessionData } from "../providers/toss/session-data"
import type { Payment as PortOnePayment } from "../portone/types"
import type { TossPayment } from "../toss/types"

/** What the session's and payment's data may say about cancels already recorded as Medusa refunds. */
interface RecordedInData {
  refundTransactionKeys?: string[]
}

/** What Medusa holds about one PSP payment, read under its lock, whatever the road. */
export interface MedusaPaymentState<Data extends RecordedInData = TossSessionData> {
  /** The Medusa payment session id: Toss's orderId, PortOne's paymentId. */
  paymentSessionId: string
  tracked: { id: string; created_at: string | Date; integration: TossIntegration | "portone" } | null
  session: {
    id: string
    status: string
    amount: number
    currency_code: string
    data: Data
  } | null
  order: { id: string; status: string } | null
  /**
   * The session pays an order's balance after it was placed (an order edit,
   * an exchange, a claim): its collection is the order's, not a cart's. If
   * the PSP never takes it, the order stands and the balance stays due.
   */
  balance?: boolean
  payment: {
    id: string
    data: Data
    /** Sum of the Medusa refunds recorded against it. */
    refunded: number
  } | null
  /** Keys of this payment's cancels recorded in the plugin's ledger (Toss transaction keys, PortOne cancellation ids). */
  recordedCancelKeys: string[]
}

/**
 * What the PSP says about one payment, in the planner's words: each road
 * turns its own answer into this (`tossView`, `portOneView`), so the
 * decisions below are made once for every road.
 */
export interface PspPaymentView {
  /** Which PSP answered, as the operator knows it ("Toss", "PortOne"). */
  psp: string
  /** The reference the store gave the PSP: the Medusa payment session id. */
  paymentSessionId: string
  /** What the operator looks the payment up by in the PSP's dashboard (Toss's paymentKey, PortOne's paymentId). */
  paymentKey: string
  /** The PSP's own status word, and its meaning from the road's status table. */
  status: string
  meaning: { confirmed: boolean; paid: boolean; holdsMoney: boolean; final: boolean; unpaidAccount: boolean }
  /** What was paid, and what of it the PSP still holds. */
  total: number
  balance: number
  /** The payment method, in the PSP's words. */
  method?: string | null
  /** When the payment (a virtual account: its account) was requested. */
  requestedAt?: string | null
  /** Cancels the PSP made (succeeded ones only), each under its own key. */
  cancels: { key: string; amount: number; reason: string }[]
  /** A virtual account's due date. */
  dueDate?: string | null
  /** Toss's virtual-account secret, which a DEPOSIT_CALLBACK must repeat; null on roads without one. */
  secret?: string | null
}

/** Toss's answer in the planner's words (null and undefined pass through: no payment, or Toss not asked). */
export function tossView(toss: TossPayment): PspPaymentView
export function tossView(toss: TossPayment | null | undefined): PspPaymentView | null | undefined
export function tossView(toss: TossPayment | null | undefined): PspPaymentView | null | undefined {
  if (!toss) {
    return toss
  }
  const { confirmed, paid, holdsMoney, final, unpaidAccount } = tossMeaningOf(toss)
  return {
    psp: "Toss",
    paymentSessionId: toss.orderId,
    paymentKey: toss.paymentKey,
    status: toss.status,
    meaning: { confirmed, paid, holdsMoney, final, unpaidAccount },
    total: toss.totalAmount,
    balance: toss.balanceAmount,
    method: toss.method,
    requestedAt: toss.requestedAt,
    cancels: (toss.cancels ?? []).map((cancel) => ({ key: cancel.transactionKey, amount: cancel.cancelAmount, reason: cancel.cancelReason })),
    dueDate: toss.virtualAccount?.dueDate ?? null,
    secret: toss.secret,
  }
}

/** PortOne's answer in the planner's words; its cancels are keyed by PortOne's cancellation id. */
export function portOneView(payment: PortOnePayment): PspPaymentView
export function portOneView(payment: PortOnePayment | null | undefined): PspPaymentView | null | undefined
export function portOneView(payment: PortOnePayment | null | undefined): PspPaymentView | null | undefined {
  if (!payment) {
    return payment
  }
  const { confirmed, paid, holdsMoney, final } = portOneMeaningOf(payment)
  const cancellations = ("cancellations" in payment ? payment.cancellations : undefined) ?? []
  const method = "method" in payment ? payment.method : undefined
  const amount = "amount" in payment ? payment.amount : undefined
  const id = "id" in payment ? payment.id : ""
  return {
    psp: "PortOne",
    paymentSessionId: id,
    paymentKey: id,
    status: String(payment.status),
    // PortOne has no status for an account whose deposit came back: an unpaid account is one still waiting.
    meaning: { confirmed, paid, holdsMoney, final, unpaidAccount: payment.status === "VIRTUAL_ACCOUNT_ISSUED" },
    total: amount?.total ?? 0,
    balance: amount ? amount.paid - amount.cancelled : 0,
    method: method && "type" in method ? String(method.type) : null,
    requestedAt: "requestedAt" in payment ? payment.requestedAt : null,
    cancels: cancellations.flatMap((cancel) =>
      cancel.status === "SUCCEEDED" ? [{ key: cancel.id, amount: cancel.totalAmount, reason: cancel.reason }] : []
    ),
    dueDate: method?.type === "PaymentMethodVirtualAccount" ? (method.expiredAt ?? null) : null,
    secret: null,
  }
}

export type SyncOutcome =
  | "unreachable" // the PSP could not be asked: try again later
  | "unknown-payment" // the PSP has no such payment for our keys: settled
  | "forged" // the event's secret or reference does not match the PSP's payment
  | "up-to-date"
  | "captured" // a payment the PSP took is now captured in Medusa
  | "captured-after-cancel" // money arrived for an order that was cancelled: the operator must refund it
  | "refunds-recorded" // cancels made outside Medusa are now Medusa refunds
  | "canceled" // the PSP will never take this payment: session (and order) cancelled
  | "given-back" // the PSP took money that can have no order: given back (cancelled in full there)
  | "account-closed" // the order was cancelled: its unpaid virtual account is closed at the PSP
  | "deposit-reversed" // the bank reversed a deposit after Medusa captured it

/** What the sync does about one payment, decided on the PSP's answer alone. */
export interface SyncPlan {
  outcome: SyncOutcome
  /** Capture it in Medusa (`processPaymentWorkflow`, action captured). */
  capture: boolean
  /** Give back all that the PSP holds (a full cancel there, or its virtual account closed), with this reason. */
  giveBack: string | null
  /** Mark the session cancelled (the PSP will never take this payment). */
  cancelSession: boolean
  /** Cancel the Medusa order as well. */
  cancelOrderId: string | null
  /** The PSP's cancels to record as Medusa refunds. */
  recordCancels: PspPaymentView["cancels"]
  /** Cancels that are already Medusa refunds but missing from the data (a crash between the two). */
  adoptCancels: string[]
  /** When to ask the PSP again; null: settled. */
  nextCheckAt: Date | null
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Toss expires an authenticated payment that is not confirmed within 10 minutes; PortOne's window is as short. */
export const UNCONFIRMED_WATCH_MS = HOUR
/** Even a quiet waiting virtual account is looked at once a day. */
const WAITING_RECHECK_MS = 24 * HOUR
/** A confirm under way (the hand-off's) is looked at this soon if its answer never arrives. */
export const HAND_OFF_RECHECK_MS = 2 * MINUTE
/** The PSP could not be asked, a sync failed halfway, a confirm may still be running: looked at again this soon. */
export const RECHECK_SOON_MS = 5 * MINUTE

export const CANCELED_ORDER_REASON = "주문이 취소되어 가상계좌를 닫습니다 (the order was cancelled)"

function plan(outcome: SyncOutcome, nextCheckAt: Date | null, changes: Partial<SyncPlan> = {}): SyncPlan {
  return {
    outcome,
    capture: false,
    giveBack: null,
    cancelSession: false,
    cancelOrderId: null,
    recordCancels: [],
    adoptCancels: [],
    nextCheckAt,
    ...changes,
  }
}

function sameSecret(claimed: string, actual: string | null): boolean {
  const a = Buffer.from(claimed)
  const b = Buffer.from(actual ?? "")
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The single place where what the PSP says about a payment becomes a
 * decision about Medusa state, for every road. `psp` is the PSP's answer to
 * a lookup with the store's secret (null: the PSP knows no such payment;
 * undefined: it could not be asked); `secret` is what a Toss
 * DEPOSIT_CALLBACK claimed.
 */
export function planSync(
  state: MedusaPaymentState<RecordedInData>,
  psp: PspPaymentView | null | undefined,
  { now, secret }: { now: Date; secret?: string | null }
): SyncPlan {
  if (psp === undefined) {
    return plan("unreachable", new Date(now.getTime() + RECHECK_SOON_MS))
  }
  if (psp === null) {
    return plan("unknown-payment", null)
  }
  if (psp.paymentSessionId !== state.paymentSessionId || (secret != null && !sameSecret(secret, psp.secret ?? null))) {
    return plan("forged", null)
  }
  const { meaning } = psp
  const { session, order, payment } = state

  if (payment) {
    return planCapturedPayment(state, psp)
  }

  if (!session) {
    // The session was replaced: no order can come from it.
    return meaning.holdsMoney
      ? plan("given-back", null, { giveBack: GIVE_BACK_REASON })
      : plan("up-to-date", meaning.final ? null : recheck(state, psp, now))
  }

  const orderCanceled = order?.status === "canceled"
  if (meaning.paid) {
    return plan(orderCanceled ? "captured-after-cancel" : "captured", null, { capture: true })
  }
  if (meaning.holdsMoney && orderCanceled) {
    return plan("account-closed", null, { giveBack: CANCELED_ORDER_REASON, cancelSession: true })
  }
  if (meaning.final) {
    if (session.status === PaymentSessionStatus.CANCELED) {
      return plan("up-to-date", null)
    }
    return plan("canceled", null, {
      cancelSession: true,
      cancelOrderId: order && order.status !== "canceled" && !state.balance ? order.id : null,
    })
  }
  return plan("up-to-date", recheck(state, psp, now))
}

/** A captured payment can still change at the PSP: cancels made there, a reversed deposit. */
function planCapturedPayment(state: MedusaPaymentState<RecordedInData>, psp: PspPaymentView): SyncPlan {
  const payment = state.payment!
  const recorded = new Set([...(payment.data.refundTransactionKeys ?? []), ...state.recordedCancelKeys])
  const recordedTotal = psp.cancels.filter((cancel) => recorded.has(cancel.key)).reduce((sum, cancel) => sum + cancel.amount, 0)
  // Medusa refunds whose PSP cancel is not written down yet: a refund in
  // flight, or a crash between the PSP's answer and Medusa saving it. Those
  // cancels are adopted, not recorded a second time.
  let unmatched = payment.refunded - recordedTotal
  const adoptCancels: string[] = []
  const recordCancels: SyncPlan["recordCancels"] = []
  for (const cancel of psp.cancels.filter((candidate) => !recorded.has(candidate.key))) {
    if (unmatched >= cancel.amount) {
      unmatched -= cancel.amount
      adoptCancels.push(cancel.key)
    } else {
      recordCancels.push(cancel)
    }
  }
  if (recordCancels.length) {
    return plan("refunds-recorded", null, { recordCancels, adoptCancels })
  }
  if (psp.meaning.unpaidAccount) {
    return plan("deposit-reversed", null, { adoptCancels })
  }
  return plan("up-to-date", null, { adoptCancels })
}

/**
 * When a virtual account waiting for its deposit is looked at next: just
 * after its due date, and at least once a day. Deposits show up in the
 * PSP's ledger (Toss's transactions, PortOne's payment events); a lookup is
 * needed for the due date (an expired account changes no money and sends
 * no webhook).
 */
export function waitingAccountRecheck(dueDate: string | null | undefined, now: Date): Date {
  const due = dueDate ? new Date(dueDate).getTime() + MINUTE : Infinity
  return new Date(Math.min(due > now.getTime() ? due : now.getTime() + HOUR, now.getTime() + WAITING_RECHECK_MS))
}

/** When an unsettled payment is looked at next. */
function recheck(state: MedusaPaymentState<RecordedInData>, psp: PspPaymentView, now: Date): Date | null {
  if (psp.meaning.unpaidAccount) {
    return waitingAccountRecheck(psp.dueDate, now)
  }
  // READY / IN_PROGRESS: a confirm may still be under way.
  const trackedSince = state.tracked ? new Date(state.tracked.created_at).getTime() : now.getTime()
  return now.getTime() - trackedSince > UNCONFIRMED_WATCH_MS ? null : new Date(now.getTime() + RECHECK_SOON_MS)
}
