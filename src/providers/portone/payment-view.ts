import type { Payment } from "../../portone/types"

/**
 * What of a PortOne payment may be kept in Medusa's session and payment
 * data, which anyone holding a cart or order id can read: the amounts, the
 * status, and what the shopper needs to pay a virtual account. Never the
 * billing key, the customer's details, a refund account, PG internals or
 * `customData`.
 */
export interface PortOnePaymentView {
  paymentId: string
  status: string
  currency?: string
  amount?: { total: number; taxFree: number; paid: number; cancelled: number; cancelledTaxFree: number }
  method?: string
  /** For a virtual account waiting for its deposit: where the shopper pays, and by when. */
  virtualAccount?: { bank?: string; accountNumber: string; remitteeName?: string; expiredAt?: string }
  paidAt?: string
  cancelledAt?: string
  receiptUrl?: string
  /** Whether the payment went through a test channel. */
  test?: boolean
}

export function paymentView(payment: Payment): PortOnePaymentView {
  if (!("id" in payment)) {
    return { paymentId: "", status: String(payment.status) }
  }
  const { total, taxFree, paid, cancelled, cancelledTaxFree } = payment.amount
  const method = payment.method
  const view: PortOnePaymentView = {
    paymentId: payment.id,
    status: payment.status,
    currency: payment.currency,
    amount: { total, taxFree, paid, cancelled, cancelledTaxFree },
    ...(method && "type" in method && typeof method.type === "string" && { method: method.type }),
    ...(payment.channel && { test: payment.channel.type === "TEST" }),
  }
  if (method?.type === "PaymentMethodVirtualAccount") {
    view.virtualAccount = {
      accountNumber: method.accountNumber,
      ...(method.bank && { bank: method.bank }),
      ...(method.remitteeName && { remitteeName: method.remitteeName }),
      ...(method.expiredAt && { expiredAt: method.expiredAt }),
    }
  }
  if ("paidAt" in payment && payment.paidAt) view.paidAt = payment.paidAt
  if ("cancelledAt" in payment && payment.cancelledAt) view.cancelledAt = payment.cancelledAt
  if ("receiptUrl" in payment && payment.receiptUrl) view.receiptUrl = payment.receiptUrl
  return view
}

/**
 * PortOne's answer as a workflow step may hand it on (Medusa may store a
 * step's output): what the sync's decision, the session's view, a capture
 * and a give-back read (the status, amounts, method, channel, dates and
 * cancellations), without the customer, the billing key, `customData`, the
 * products or the PG's internals.
 */
export function paymentForSteps(payment: Payment): Payment {
  if (!("id" in payment)) {
    return payment
  }
  const method = payment.method
  const keptMethod =
    method?.type === "PaymentMethodVirtualAccount"
      ? { type: method.type, accountNumber: method.accountNumber, bank: method.bank, remitteeName: method.remitteeName, expiredAt: method.expiredAt }
      : method && "type" in method
        ? { type: method.type }
        : undefined
  const kept = {
    status: payment.status,
    id: payment.id,
    storeId: payment.storeId,
    currency: payment.currency,
    amount: payment.amount,
    ...(keptMethod && { method: keptMethod }),
    ...(payment.channel && { channel: { type: payment.channel.type, key: payment.channel.key, pgProvider: payment.channel.pgProvider } }),
    requestedAt: payment.requestedAt,
    ...("paidAt" in payment && payment.paidAt && { paidAt: payment.paidAt }),
    ...("cancelledAt" in payment && payment.cancelledAt && { cancelledAt: payment.cancelledAt }),
    ...("receiptUrl" in payment && payment.receiptUrl && { receiptUrl: payment.receiptUrl }),
    ...("cancellations" in payment && payment.cancellations && {
      cancellations: payment.cancellations.map((cancellation) =>
        "id" in cancellation
          ? { status: cancellation.status, id: cancellation.id, totalAmount: cancellation.totalAmount, taxFreeAmount: cancellation.taxFreeAmount, reason: cancellation.reason, requestedAt: cancellation.requestedAt, cancelledAt: cancellation.cancelledAt }
          : cancellation
      ),
    }),
  }
  return kept as unknown as Payment
}
