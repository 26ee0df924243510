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
