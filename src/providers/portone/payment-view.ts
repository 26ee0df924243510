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
 * step's output): what the sync's decision, the session's view, a capture,
 * a give-back, a refund and the admin's panel read (the status, amounts,
 * method and its issuer or bank, channel, dates, cancellations, escrow and
 * cash receipt), without the customer, the billing key, `customData`, the
 * products or the PG's internals.
 */
export function paymentForSteps(payment: Payment): Payment {
  if (!("id" in payment)) {
    return payment
  }
  const loose = payment as unknown as Record<string, any>
  const method = loose.method as Record<string, any> | undefined
  const kept = {
    status: payment.status,
    id: payment.id,
    storeId: payment.storeId,
    currency: payment.currency,
    amount: payment.amount,
    requestedAt: payment.requestedAt,
    ...(method && {
      method: pick(method, ["type", "bank", "accountNumber", "remitteeName", "expiredAt", "provider"], method.card && { card: pick(method.card, ["name", "issuer", "publisher", "type"]) }),
    }),
    ...(payment.channel && { channel: pick(payment.channel as Record<string, any>, ["type", "key", "name", "pgProvider"]) }),
    ...pick(loose, ["paidAt", "cancelledAt", "receiptUrl"]),
    ...(loose.escrow && { escrow: pick(loose.escrow, ["status", "company", "invoiceNumber", "sentAt"]) }),
    ...(loose.cashReceipt && { cashReceipt: pick(loose.cashReceipt, ["status", "type", "issueNumber", "totalAmount", "url", "issuedAt", "cancelledAt"]) }),
    ...(Array.isArray(loose.cancellations) && {
      cancellations: loose.cancellations.map((cancellation: Record<string, any>) =>
        pick(cancellation, ["status", "id", "totalAmount", "taxFreeAmount", "reason", "requestedAt", "cancelledAt"])
      ),
    }),
  }
  return kept as unknown as Payment
}

/** The named fields that are set, and `extra`. */
function pick(from: Record<string, any>, keys: string[], extra?: Record<string, unknown> | false): Record<string, unknown> {
  const picked: Record<string, unknown> = {}
  for (const key of keys) {
    if (from[key] !== undefined && from[key] !== null) {
      picked[key] = from[key]
    }
  }
  return { ...picked, ...(extra || {}) }
}
