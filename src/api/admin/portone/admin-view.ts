import type { Payment } from "../../../portone/types"
import { balanceOf } from "../../../providers/portone/cancel"
import { meaningOf } from "../../../providers/portone/const"

/**
 * What the admin panel shows of a PortOne payment: read field by field, so
 * a billing key, the shopper's identity, a refund account, PG internals or
 * `customData` never reach the answer.
 */
export interface AdminPortOnePayment {
  payment_id: string
  /** PortOne's paymentId (the Medusa payment session id). */
  portone_payment_id: string
  /** null: PortOne could not be asked, or knows no such payment; `error` says which. */
  portone: AdminPortOneView | null
  error?: string
  medusa: { amount: number; captured: number; refunded: number }
}

export interface AdminPortOneView {
  status: string
  method: string | null
  /** The card issuer, easy-pay provider or bank, as PortOne names it. */
  method_detail: string | null
  channel: { name: string | null; pg_provider: string | null; test: boolean } | null
  currency: string | null
  amount: { total: number; paid: number; cancelled: number; cancellable: number; tax_free: number; cancelled_tax_free: number; tax_free_cancellable: number } | null
  paid_at: string | null
  receipt_url: string | null
  cancels: { id: string; status: string; amount: number; tax_free_amount: number; reason: string | null; cancelled_at: string | null }[]
  virtual_account: { bank: string | null; account_number: string; remittee_name: string | null; expired_at: string | null } | null
  escrow: { status: string; company: string | null; invoice_number: string | null; sent_at: string | null } | null
  cash_receipt: { status: string; type: string | null; issue_number: string | null; amount: number | null; url: string | null; issued_at: string | null; cancelled_at: string | null } | null
  /** What the panel may offer. */
  can: { refund: boolean; refund_needs_account: boolean; escrow_logistics: boolean; escrow_complete: boolean; cash_receipt: boolean }
}

type Loose = Record<string, any>

const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null)

export function adminPortOneView(payment: Payment): AdminPortOneView {
  const loose = payment as Loose
  const method: Loose | undefined = loose.method
  const paid = "amount" in payment && meaningOf(payment).paid
  const balance = "amount" in payment ? balanceOf(payment) : null
  const isVirtualAccount = method?.type === "PaymentMethodVirtualAccount"
  const escrow: Loose | undefined = loose.escrow
  const receipt: Loose | undefined = loose.cashReceipt
  return {
    status: String(payment.status),
    method: text(method?.type),
    method_detail: text(method?.card?.name) ?? text(method?.provider) ?? text(method?.bank),
    channel: loose.channel ? { name: text(loose.channel.name), pg_provider: text(loose.channel.pgProvider), test: loose.channel.type === "TEST" } : null,
    currency: text(loose.currency),
    amount:
      "amount" in payment && balance
        ? {
            total: payment.amount.total,
            paid: payment.amount.paid,
            cancelled: payment.amount.cancelled,
            cancellable: balance.cancellable,
            tax_free: payment.amount.taxFree,
            cancelled_tax_free: payment.amount.cancelledTaxFree,
            tax_free_cancellable: balance.taxFreeCancellable,
          }
        : null,
    paid_at: text(loose.paidAt),
    receipt_url: text(loose.receiptUrl),
    cancels: ((loose.cancellations ?? []) as Loose[]).map((cancel) => ({
      id: String(cancel.id),
      status: String(cancel.status),
      amount: Number(cancel.totalAmount ?? 0),
      tax_free_amount: Number(cancel.taxFreeAmount ?? 0),
      reason: text(cancel.reason),
      cancelled_at: text(cancel.cancelledAt) ?? text(cancel.requestedAt),
    })),
    virtual_account: isVirtualAccount
      ? { bank: text(method!.bank), account_number: String(method!.accountNumber), remittee_name: text(method!.remitteeName), expired_at: text(method!.expiredAt) }
      : null,
    escrow: escrow
      ? { status: String(escrow.status), company: text(escrow.company), invoice_number: text(escrow.invoiceNumber), sent_at: text(escrow.sentAt) }
      : null,
    cash_receipt: receipt
      ? {
          status: String(receipt.status),
          type: text(receipt.type),
          issue_number: text(receipt.issueNumber),
          amount: typeof receipt.totalAmount === "number" ? receipt.totalAmount : null,
          url: text(receipt.url),
          issued_at: text(receipt.issuedAt),
          cancelled_at: text(receipt.cancelledAt),
        }
      : null,
    can: {
      refund: paid && (balance?.cancellable ?? 0) > 0,
      refund_needs_account: paid && isVirtualAccount,
      escrow_logistics: paid && !!escrow && (escrow.status === "BEFORE_REGISTERED" || escrow.status === "REGISTERED"),
      escrow_complete: paid && escrow?.status === "REGISTERED",
      cash_receipt: paid && (isVirtualAccount || method?.type === "PaymentMethodTransfer"),
    },
  }
}
