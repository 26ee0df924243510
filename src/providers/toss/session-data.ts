import type { TossPayment, TossPaymentStatus } from "../../toss/types"
import type { TossMethod } from "./const"
import type { TossIntegration } from "./options"
import type { TossWindowOptions } from "./window-options"

/**
 * What the plugin keeps in a Medusa payment session (and, once authorised,
 * in the payment). Medusa shows session data to anyone holding the cart id,
 * so it holds only what the storefront may see: never a secret key, never
 * Toss's `secret`, never the shopper's bank account or phone number, never an
 * operator's note (those live in the plugin's module, or nowhere).
 */
export interface TossSessionData extends Partial<TossWindowOptions> {
  /** Medusa's payment session id; also the Toss orderId. */
  session_id?: string
  orderId: string
  orderName: string
  /** Whole won, as the server stored it: the only amount ever confirmed. */
  amount: number
  currency: "KRW"
  integration: TossIntegration
  /** The method the storefront asked for, when it said (decides the minimum amount). */
  method: TossMethod | null
  /** The public key the storefront opens Toss with. */
  clientKey: string | null
  /** Handed over by the storefront after Toss's redirect. */
  paymentKey: string | null
  /** Toss's status at our last contact; null until confirmed. */
  status: TossPaymentStatus | null
  /** What Toss told us about the payment, safe to show (see `toPaymentView`). */
  payment: TossPaymentView | null
  /**
   * Transaction keys of the Toss cancels Medusa has recorded as refunds: the
   * ones it asked for and the ones mirrored from Toss (dashboard cancels).
   * A cancel not listed here is not yet a Medusa refund.
   */
  refundTransactionKeys: string[]
  /**
   * The saved card this session is charged with (Medusa's `payment_method`
   * convention: a `tosscard_…` id of the plugin's module, never the billing
   * key itself); null for the payment window and the widget.
   */
  payment_method?: string | null
  /** The Toss customerKey of the customer whose card it must be (from Medusa's account holder). */
  customerKey?: string | null
}

/** The shopper- and operator-facing part of a Toss payment. */
export interface TossPaymentView {
  paymentKey: string
  orderId: string
  status: TossPaymentStatus
  /** Toss's Korean method name: 카드, 가상계좌, 간편결제, 휴대폰, 계좌이체 … */
  method: string | null
  totalAmount: number
  balanceAmount: number
  approvedAt: string | null
  /** The tax-free (면세) part of what is left. */
  taxFreeAmount: number
  useEscrow: boolean
  /** A transfer's or virtual account's cash receipt (현금영수증), when the shopper asked for one. */
  cashReceipt: { type: string; receiptUrl: string; amount: number } | null
  /** The last approval or cancel, as Toss's transaction ledger lists it. */
  lastTransactionKey: string | null
  receiptUrl: string | null
  card: {
    issuerCode: string
    number: string
    installmentPlanMonths: number
    isInterestFree: boolean
    approveNo: string
    cardType: string
  } | null
  easyPay: { provider: string } | null
  virtualAccount: {
    bankCode: string
    accountNumber: string
    customerName: string
    depositorName: string | null
    dueDate: string
    expired: boolean
  } | null
  transfer: { bankCode: string } | null
  /** The phone number masked: the order route shows this view to anyone holding the order id. */
  mobilePhone: { customerMobilePhone: string } | null
  /** Without Toss's `cancelReason`: it holds the operator's note. The admin's live view adds it. */
  cancels: { transactionKey: string; cancelAmount: number; canceledAt: string; cancelReason?: string }[]
  failure: { code: string; message: string } | null
}

export function toPaymentView(payment: TossPayment): TossPaymentView {
  const { card, easyPay, virtualAccount, transfer, mobilePhone } = payment
  return {
    paymentKey: payment.paymentKey,
    orderId: payment.orderId,
    status: payment.status,
    method: payment.method,
    totalAmount: payment.totalAmount,
    balanceAmount: payment.balanceAmount,
    approvedAt: payment.approvedAt,
    taxFreeAmount: payment.taxFreeAmount ?? 0,
    useEscrow: payment.useEscrow ?? false,
    cashReceipt: payment.cashReceipt
      ? { type: payment.cashReceipt.type, receiptUrl: payment.cashReceipt.receiptUrl, amount: payment.cashReceipt.amount }
      : null,
    lastTransactionKey: payment.lastTransactionKey,
    receiptUrl: payment.receipt?.url ?? null,
    card: card && {
      issuerCode: card.issuerCode,
      number: card.number,
      installmentPlanMonths: card.installmentPlanMonths,
      isInterestFree: card.isInterestFree,
      approveNo: card.approveNo,
      cardType: card.cardType,
    },
    easyPay: easyPay && { provider: easyPay.provider },
    virtualAccount: virtualAccount && {
      bankCode: virtualAccount.bankCode,
      accountNumber: virtualAccount.accountNumber,
      customerName: virtualAccount.customerName,
      depositorName: virtualAccount.depositorName,
      dueDate: virtualAccount.dueDate,
      expired: virtualAccount.expired,
    },
    transfer: transfer && { bankCode: transfer.bankCode },
    mobilePhone: mobilePhone && { customerMobilePhone: maskPhone(mobilePhone.customerMobilePhone) },
    cancels: (payment.cancels ?? []).map((cancel) => ({
      transactionKey: cancel.transactionKey,
      cancelAmount: cancel.cancelAmount,
      canceledAt: cancel.canceledAt,
    })),
    failure: payment.failure,
  }
}

/** The session data after an answer from Toss about `payment`. */
export function withPayment(data: TossSessionData, payment: TossPayment): TossSessionData {
  return { ...data, paymentKey: payment.paymentKey, status: payment.status, payment: toPaymentView(payment) }
}

/** "01012345678" → "010****5678": enough to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  return phone.length <= 7 ? "*".repeat(phone.length) : phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4)
}
