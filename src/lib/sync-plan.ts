import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { timingSafeEqual } from "crypto"
import { GIVE_BACK_REASON, meaningOf } from "../providers/toss/const"
import type { TossIntegration } from "../providers/toss/options"
import type { TossSessionData } from "../providers/toss/session-data"
import type { TossPayment } from "../toss/types"

/** What Medusa holds about one Toss payment, read under its lock. */
export interface TossPaymentState {
  orderId: string
  tracked: { id: string; created_at: string | Date; integration: TossIntegration } | null
  session: {
    id: string
    status: string
    amount: number
    currency_code: string
    data: TossSessionData
  } | null
  order: { id: string; status: string } | null
  /**
   * The session pays an order's balance after it was placed (an order edit,
   * an exchange, a claim): its collection is the order's, not a cart's. If
   * Toss never takes it, the order stands and the balance stays due.
   */
  balance?: boolean
  payment: {
    id: string
    data: TossSessionData
    /** Sum of the Medusa refunds recorded against it. */
    refunded: number
  } | null
  /** Transaction keys of this payment's cancels recorded in the plugin's ledger. */
  recordedCancelKeys: string[]
}

export type SyncOutcome =
  | "unreachable" // Toss could not be asked: try again later
  | "unknown-payment" // Toss has no such payment for our keys: settled
  | "forged" // the event's secret or orderId does not match Toss's payment
  | "up-to-date"
  | "captured" // a payment Toss took is now captured in Medusa
  | "captured-after-cancel" // money arrived for an order that was cancelled: the operator must refund it
  | "refunds-recorded" // cancels made outside Medusa are now Medusa refunds
  | "canceled" // Toss will never take this payment: session (and order) cancelled
  | "given-back" // Toss took money that can have no order: given back (cancelled in full at Toss)
  | "account-closed" // the order was cancelled: its unpaid virtual account is closed at Toss
  | "deposit-reversed" // the bank reversed a deposit after Medusa captured it

/** What the sync does about one payment, decided on Toss's answer alone. */
export interface SyncPlan {
  outcome: SyncOutcome
  /** Capture it in Medusa (`processPaymentWorkflow`, action captured). */
  capture: boolean
  /** Give back all that Toss holds (a full cancel at Toss), with this reason. */
  giveBack: string | null
  /** Mark the session cancelled (Toss will never take this payment). */
  cancelSession: boolean
  /** Cancel the Medusa order as well. */
  cancelOrderId: string | null
  /** Toss cancels to record as Medusa refunds. */
  recordCancels: { transactionKey: string; cancelAmount: number; cancelReason: string }[]
  /** Cancels that are already Medusa refunds but missing from the data (a crash between the two). */
  adoptCancels: string[]
  /** When to ask Toss again; null: settled. */
  nextCheckAt: Date | null
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Toss expires an authenticated payment that is not confirmed within 10 minutes. */
const UNCONFIRMED_WATCH_MS = HOUR
/** Even a quiet waiting virtual account is looked at once a day. */
const WAITING_RECHECK_MS = 24 * HOUR
/** A confirm under way (the hand-off's) is looked at this soon if its answer never arrives. */
export const HAND_OFF_RECHECK_MS = 2 * MINUTE
/** Toss could not be asked, a sync failed halfway, a confirm may still be running: looked at again this soon. */
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
 * The single place where what Toss says about a payment becomes a decision
 * about Medusa state. `toss` is Toss's answer to a lookup with the secret
 * key (null: Toss knows no such payment; undefined: Toss could not be asked);
 * `secret` is what a DEPOSIT_CALLBACK claimed.
 */
export function planTossSync(
  state: TossPaymentState,
  toss: TossPayment | null | undefined,
  { now, secret }: { now: Date; secret?: string | null }
): SyncPlan {
  if (toss === undefined) {
    return plan("unreachable", new Date(now.getTime() + RECHECK_SOON_MS))
  }
  if (toss === null) {
    return plan("unknown-payment", null)
  }
  if (toss.orderId !== state.orderId || (secret != null && !sameSecret(secret, toss.secret))) {
    return plan("forged", null)
  }
  const meaning = meaningOf(toss)
  const { session, order, payment } = state

  if (payment) {
    return planCapturedPayment(state, toss)
  }

  if (!session) {
    // The session was replaced: no order can come from it.
    return meaning.holdsMoney
      ? plan("given-back", null, { giveBack: GIVE_BACK_REASON })
      : plan("up-to-date", meaning.final ? null : recheck(state, toss, now))
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
  return plan("up-to-date", recheck(state, toss, now))
}

/** A captured Toss payment can still change at Toss: cancels made there, a reversed deposit. */
function planCapturedPayment(state: TossPaymentState, toss: TossPayment): SyncPlan {
  const payment = state.payment!
  const recorded = new Set([...(payment.data.refundTransactionKeys ?? []), ...state.recordedCancelKeys])
  const cancels = toss.cancels ?? []
  const recordedTotal = cancels.filter((cancel) => recorded.has(cancel.transactionKey)).reduce((sum, cancel) => sum + cancel.cancelAmount, 0)
  // Medusa refunds whose Toss cancel is not written down yet: a refund in
  // flight, or a crash between Toss's answer and Medusa saving it. Those
  // cancels are adopted, not recorded a second time.
  let unmatched = payment.refunded - recordedTotal
  const adoptCancels: string[] = []
  const recordCancels: SyncPlan["recordCancels"] = []
  for (const cancel of cancels.filter((candidate) => !recorded.has(candidate.transactionKey))) {
    if (unmatched >= cancel.cancelAmount) {
      unmatched -= cancel.cancelAmount
      adoptCancels.push(cancel.transactionKey)
    } else {
      recordCancels.push({ transactionKey: cancel.transactionKey, cancelAmount: cancel.cancelAmount, cancelReason: cancel.cancelReason })
    }
  }
  if (recordCancels.length) {
    return plan("refunds-recorded", null, { recordCancels, adoptCancels })
  }
  if (meaningOf(toss).unpaidAccount) {
    return plan("deposit-reversed", null, { adoptCancels })
  }
  return plan("up-to-date", null, { adoptCancels })
}

/**
 * When a virtual account waiting for its deposit is looked at next: just
 * after its due date, and at least once a day. Deposits show up in Toss's
 * ledger; a lookup is needed for the due date (an expired account changes
 * no money and sends no webhook).
 */
export function waitingAccountRecheck(dueDate: string | null | undefined, now: Date): Date {
  const due = dueDate ? new Date(dueDate).getTime() + MINUTE : Infinity
  return new Date(Math.min(due > now.getTime() ? due : now.getTime() + HOUR, now.getTime() + WAITING_RECHECK_MS))
}

/** When an unsettled payment is looked at next. */
function recheck(state: TossPaymentState, toss: TossPayment, now: Date): Date | null {
  if (meaningOf(toss).unpaidAccount) {
    return waitingAccountRecheck(toss.virtualAccount?.dueDate, now)
  }
  // READY / IN_PROGRESS: a confirm may still be under way.
  const trackedSince = state.tracked ? new Date(state.tracked.created_at).getTime() : now.getTime()
  return now.getTime() - trackedSince > UNCONFIRMED_WATCH_MS ? null : new Date(now.getTime() + RECHECK_SOON_MS)
}
