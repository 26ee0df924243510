import type { RefundReceiveAccount, TossPayment, TossPaymentStatus } from "../../toss/types"
import type { TossMethod } from "./const"
import type { TossIntegration } from "./options"

/**
 * What the plugin keeps in a Medusa payment session (and, once authorised,
 * in the payment). Medusa shows session data to anyone holding the cart id,
 * so it holds only what the storefront may see: never a secret key and never
 * Toss's `secret`.
 */
export interface TossSessionData {
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
   * Set by the admin just before a refund (the operator's note, used once as
   * Toss's `cancelReason`) and for a deposited virtual account (the shopper's
   * bank account Toss refunds into). Payment data is admin-side only.
   */
  refundReason?: string | null
  refundReceiveAccount?: RefundReceiveAccount | null
  /**
   * Set by the webhook sync just before it records a cancel made outside
   * Medusa (the Toss dashboard) as a Medusa refund: the refund is then
   * written down without cancelling at Toss a second time.
   */
  mirroredCancel?: { transactionKey: string; cancelAmount: number } | null
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
  receiptUrl: string | null
  card: {
    issuerCode: string
    number: string
    installmentPlanMonths: number
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
  mobilePhone: { customerMobilePhone: string } | null
  cancels: { transactionKey: string; cancelAmount: number; cancelReason: string; canceledAt: string }[]
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
    receiptUrl: payment.receipt?.url ?? null,
    card: card && {
      issuerCode: card.issuerCode,
      number: card.number,
      installmentPlanMonths: card.installmentPlanMonths,
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
    mobilePhone: mobilePhone && { customerMobilePhone: mobilePhone.customerMobilePhone },
    cancels: (payment.cancels ?? []).map((cancel) => ({
      transactionKey: cancel.transactionKey,
      cancelAmount: cancel.cancelAmount,
      cancelReason: cancel.cancelReason,
      canceledAt: cancel.canceledAt,
    })),
    failure: payment.failure,
  }
}

/** The session data after an answer from Toss about `payment`. */
export function withPayment(data: TossSessionData, payment: TossPayment): TossSessionData {
  return { ...data, paymentKey: payment.paymentKey, status: payment.status, payment: toPaymentView(payment) }
}
