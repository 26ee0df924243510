import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { Payment } from "../../portone/types"

/** The statuses of PortOne's `Payment` union (@portone/server-sdk 0.19). */
export type PortOnePaymentStatus =
  | "READY"
  | "PAY_PENDING"
  | "VIRTUAL_ACCOUNT_ISSUED"
  | "PAID"
  | "PARTIAL_CANCELLED"
  | "CANCELLED"
  | "FAILED"

/** What one PortOne status means for Medusa: the same five meanings as TOSS_STATUS. */
export interface PortOneStatusMeaning {
  /** The Medusa payment session status of a payment in this state. */
  session: PaymentSessionStatus
  /** The PG approved it (or issued its account): it is only ever looked up again, never confirmed. */
  confirmed: boolean
  /** The money is at PortOne's PG: Medusa captures it, and refunds are PortOne cancels. */
  paid: boolean
  /**
   * PortOne holds the shopper's money, or a virtual account that can still
   * receive it: a payment in this state that can have no order is cancelled
   * (or its account closed) at PortOne.
   */
  holdsMoney: boolean
  /** PortOne will never take (more) money for it: nothing is left to watch. */
  final: boolean
}

/**
 * PortOne status → its meaning for Medusa: the one table the PortOne road
 * reads. PortOne's PG approves when the window completes, so a PAID payment
 * is `captured`; a virtual account waiting for its deposit is
 * `pending_authorization`, as for Toss. PAY_PENDING (approval still with the
 * PG, e.g. PayPal) cannot be cancelled yet (PAYMENT_NOT_PAID), so it is
 * watched until it settles.
 */
export const PORTONE_STATUS: Readonly<Record<PortOnePaymentStatus, PortOneStatusMeaning>> = {
  READY: { session: PaymentSessionStatus.PENDING, confirmed: false, paid: false, holdsMoney: false, final: false },
  PAY_PENDING: { session: PaymentSessionStatus.PENDING, confirmed: true, paid: false, holdsMoney: false, final: false },
  VIRTUAL_ACCOUNT_ISSUED: {
    session: PaymentSessionStatus.PENDING_AUTHORIZATION,
    confirmed: true,
    paid: false,
    holdsMoney: true,
    final: false,
  },
  PAID: { session: PaymentSessionStatus.CAPTURED, confirmed: true, paid: true, holdsMoney: true, final: false },
  PARTIAL_CANCELLED: { session: PaymentSessionStatus.CAPTURED, confirmed: true, paid: true, holdsMoney: true, final: false },
  CANCELLED: { session: PaymentSessionStatus.CANCELED, confirmed: true, paid: false, holdsMoney: false, final: true },
  FAILED: { session: PaymentSessionStatus.ERROR, confirmed: false, paid: false, holdsMoney: false, final: true },
}

/**
 * A status newer than this table (PortOne's unions grow without notice):
 * nothing is captured or given back on its word, and the payment stays
 * watched until it reaches a status the table knows.
 */
export const UNKNOWN_STATUS: PortOneStatusMeaning = {
  session: PaymentSessionStatus.PENDING,
  confirmed: false,
  paid: false,
  holdsMoney: false,
  final: false,
}

export function meaningOf(payment: Pick<Payment, "status">): PortOneStatusMeaning {
  const status = payment.status as string
  return Object.prototype.hasOwnProperty.call(PORTONE_STATUS, status) ? PORTONE_STATUS[status as PortOnePaymentStatus] : UNKNOWN_STATUS
}

/** What the PortOne road does with a verified webhook before anything else. */
export type PortOneWebhookAction =
  /** Look the payment up at PortOne and let the sync apply what PortOne says. */
  | "sync-payment"
  /** Look the billing key up at PortOne (issued, changed or deleted there). */
  | "sync-billing-key"
  /** Nothing to do: no money moved. */
  | "ignore"

/**
 * Webhook type → action: the second table, as Stripe's provider keeps its
 * event mapping apart from its status mapping. Every payment event leads to
 * a lookup, never to trusting the webhook; a type this table does not know
 * is accepted and ignored, as PortOne asks.
 */
export const PORTONE_WEBHOOK_ACTION: Readonly<Record<string, PortOneWebhookAction>> = {
  "Transaction.Ready": "ignore",
  "Transaction.Paid": "sync-payment",
  "Transaction.VirtualAccountIssued": "sync-payment",
  "Transaction.PayPending": "sync-payment",
  "Transaction.Confirm": "sync-payment",
  "Transaction.Failed": "sync-payment",
  "Transaction.PartialCancelled": "sync-payment",
  "Transaction.Cancelled": "sync-payment",
  "Transaction.CancelPending": "sync-payment",
  "Transaction.DisputeCreated": "sync-payment",
  "Transaction.DisputeResolved": "sync-payment",
  "BillingKey.Ready": "ignore",
  "BillingKey.Issued": "sync-billing-key",
  "BillingKey.Failed": "ignore",
  "BillingKey.Updated": "sync-billing-key",
  "BillingKey.Deleted": "sync-billing-key",
}

export function webhookAction(type: string): PortOneWebhookAction {
  return Object.prototype.hasOwnProperty.call(PORTONE_WEBHOOK_ACTION, type) ? PORTONE_WEBHOOK_ACTION[type] : "ignore"
}
