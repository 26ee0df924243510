import type { RefundReceiveAccount, TossPayment } from "../../../toss/types"
import { meaningOf } from "../../../providers/toss/const"
import { TossSessionData, TossPaymentView, toPaymentView } from "../../../providers/toss/session-data"
import { bankName } from "../../../lib/toss-banks"
import { kstMonth } from "../../../toss/time"

export { kstTime } from "../../../toss/time"

/** The shopper's refund account as the operator sees it: the number masked. */
export interface RefundAccountView {
  bank: string
  bankName: string
  accountNumber: string
  holderName: string
}

/** What refunding this payment takes, as far as Toss lets a store know. */
export interface RefundableView {
  balanceAmount: number
  /** Toss's `isPartialCancelable`; null while Toss cannot be asked. */
  partialCancelable: boolean | null
  /** A deposited virtual account: Toss refunds into the shopper's bank account. */
  needsRefundAccount: boolean
  refundAccount: RefundAccountView | null
  mobilePhoneWarning?: string
}

/** `GET /admin/toss/payments/:id`. */
export interface AdminTossPaymentResponse {
  payment: TossPaymentView | null
  /** true: `payment` is Toss's answer just now; false: the last data the store saved. */
  live: boolean
  error?: string
  refundable: RefundableView
  medusa: { amount: number; captured: number; refunded: number }
}

/** `POST /admin/toss/payments/:id/refund-account`. */
export interface AdminTossRefundAccountResponse {
  refundAccount: RefundAccountView
}

export interface OperatorViewInput {
  data: TossSessionData
  /** The refund account kept in the plugin's module. */
  refundAccount: RefundReceiveAccount | null
  /** The payment as Toss answered just now, or null when the lookup failed. */
  live: TossPayment | null
  /** Why the lookup failed, in plain words. */
  error?: string
  medusa: AdminTossPaymentResponse["medusa"]
  now: Date
}

/** The admin's answer about one Toss payment. Built from `toPaymentView` only: never Toss's `secret`. */
export function operatorView({ data, refundAccount, live, error, medusa, now }: OperatorViewInput): AdminTossPaymentResponse {
  // The cancel reasons (operators' notes) are only in Toss's live answer: payment data never keeps them.
  const payment = live ? withCancelReasons(toPaymentView(live), live) : data.payment ?? null
  const warning = payment ? mobilePhoneWarning(payment, now) : undefined
  return {
    payment,
    live: Boolean(live),
    ...(error ? { error } : {}),
    refundable: {
      balanceAmount: payment?.balanceAmount ?? 0,
      partialCancelable: live ? live.isPartialCancelable : null,
      needsRefundAccount: needsRefundAccount(payment),
      refundAccount: refundAccount ? refundAccountView(refundAccount) : null,
      ...(warning ? { mobilePhoneWarning: warning } : {}),
    },
    medusa,
  }
}

function withCancelReasons(view: TossPaymentView, live: TossPayment): TossPaymentView {
  const reasons = new Map((live.cancels ?? []).map((cancel) => [cancel.transactionKey, cancel.cancelReason]))
  return { ...view, cancels: view.cancels.map((cancel) => ({ ...cancel, cancelReason: reasons.get(cancel.transactionKey) })) }
}

/** The provider's rule: a virtual account whose money has arrived is refunded by bank transfer. */
export function needsRefundAccount(payment: TossPaymentView | null): boolean {
  return Boolean(payment?.virtualAccount) && meaningOf(payment!).paid
}

export function refundAccountView(account: RefundReceiveAccount): RefundAccountView {
  return {
    bank: account.bank,
    bankName: bankName(account.bank),
    accountNumber: maskAccountNumber(account.accountNumber),
    holderName: account.holderName,
  }
}

/** Only the last four digits stay readable: enough to confirm with the shopper on the phone. */
export function maskAccountNumber(accountNumber: string): string {
  const visible = accountNumber.slice(-4)
  return "*".repeat(Math.max(accountNumber.length - visible.length, 0)) + visible
}

/**
 * Carriers let Toss cancel a mobile-phone payment only in the calendar month
 * (Korean time) it was paid, and a partial refund cancels the whole payment
 * and charges the rest again (toss-api.md §2).
 */
export function mobilePhoneWarning(payment: TossPaymentView, now: Date): string | undefined {
  if (!payment.mobilePhone || !payment.approvedAt || payment.balanceAmount <= 0) {
    return undefined
  }
  const paidMonth = kstMonth(new Date(payment.approvedAt))
  if (paidMonth === kstMonth(now)) {
    return (
      `휴대폰 결제는 결제한 달(${paidMonth})에만 취소할 수 있어요. 부분 환불은 결제 전체를 취소하고 남은 금액을 다시 결제해요. ` +
      `(A mobile-phone payment can only be refunded in the month it was paid, ${paidMonth} Korean time; ` +
      "a partial refund cancels the whole payment and charges the rest again.)"
    )
  }
  return (
    `휴대폰 결제는 결제한 달(${paidMonth})이 지나 토스에서 취소할 수 없어요. 구매자에게 직접 환불해 주세요. ` +
    `(This mobile-phone payment was made in ${paidMonth}; carriers only allow cancelling it in that month, ` +
    "so refund the shopper outside Toss, e.g. by bank transfer.)"
  )
}
