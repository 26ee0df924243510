import type { CallOptions, PortOneClient } from "../../portone/client"
import { isTransient, PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { Currency } from "../../portone/types"
import { ExpectedPayment } from "./payment-check"
import { settlePayment, Settlement } from "./settle"

export interface BillingCharge {
  /** The Medusa payment session id, which becomes PortOne's paymentId. */
  paymentId: string
  /** Read from the plugin's own table, never from session data. */
  billingKey: string
  /** The saved card's id (`portonecard_…`): part of the charge's key, never the billing key itself. */
  cardId: string
  orderName: string
  amount: number
  taxFreeAmount?: number
  currency: Currency
  /** PortOne's customer id of the key's owner (Toss Pay requires it). */
  customerId: string
  channelKey: string
}

export type ChargeResult =
  | Settlement
  /** The PG or PortOne refused the charge for certain: nothing was taken. */
  | { outcome: "declined"; type: string; message: string; pgCode?: string }

/**
 * Charges a billing key once. The key of the request is built from the
 * session, the amount and the card, so a retry (by the client, or a rerun
 * after a crash) is the same charge, and another card after a decline is a
 * new one (not a replay of the decline); any answer other than a certain refusal is
 * settled by looking the payment up and comparing it with what the store
 * asked for, exactly as a checkout is. "ALREADY_PAID" means an earlier try
 * went through: it is settled, never charged again.
 */
export async function chargeBillingKey(
  client: Pick<PortOneClient, "payWithBillingKey" | "findPayment" | "cancelPayment" | "closeVirtualAccount" | "confirmPayment">,
  charge: BillingCharge,
  expected: Pick<ExpectedPayment, "storeId" | "channelKeys">,
  options: CallOptions = {}
): Promise<ChargeResult> {
  const session: ExpectedPayment = {
    paymentId: charge.paymentId,
    amount: charge.amount,
    currency: charge.currency,
    taxFreeAmount: charge.taxFreeAmount ?? 0,
    ...expected,
  }
  try {
    await client.payWithBillingKey(
      charge.paymentId,
      {
        billingKey: charge.billingKey,
        channelKey: charge.channelKey,
        orderName: charge.orderName,
        amount: { total: charge.amount, taxFree: charge.taxFreeAmount ?? 0 },
        currency: charge.currency,
        customer: { id: charge.customerId },
      },
      idempotencyKey("charge", charge.paymentId, charge.amount, charge.cardId),
      options
    )
  } catch (error) {
    if (!(error instanceof PortOneApiError)) {
      throw error
    }
    if (error.type !== "ALREADY_PAID" && !isTransient(error) && error.status !== 0) {
      return { outcome: "declined", type: error.type, message: error.pg.pgMessage ?? error.message, ...(error.pg.pgCode && { pgCode: error.pg.pgCode }) }
    }
  }
  const settled = await settlePayment(client, session, options)
  // No payment at PortOne after an unanswered charge: it may still be on its
  // way, so the outcome stays unknown (a retry under the same key is safe).
  return settled.outcome === "pending" && settled.payment === null
    ? { outcome: "unknown", error: new PortOneApiError("OUTCOME_UNKNOWN", "PortOne has no payment yet for this charge", 0) }
    : settled
}
