import type { Currency, Payment } from "../../portone/types"

/** What the store stored for a payment session: the only amount that counts. */
export interface ExpectedPayment {
  /** The Medusa payment session id, which is PortOne's paymentId. */
  paymentId: string
  /** In the currency's PortOne unit (whole won for KRW). */
  amount: number
  currency: Currency
  taxFreeAmount?: number
  storeId: string
  /** The channels this registration offers: a payment through another one is not ours to accept. */
  channelKeys: readonly string[]
}

/**
 * Where PortOne's payment differs from what the store stored, in words an
 * operator can act on; empty when it matches. The browser's word is never
 * taken: this compares PortOne's own answer (`GET /payments/{id}`) with the
 * stored session. A payment that does not match is cancelled in full.
 */
export function paymentMismatches(payment: Payment, expected: ExpectedPayment): string[] {
  if (!("id" in payment)) {
    return [`PortOne answered a payment status this version does not know (${String(payment.status)})`]
  }
  const mismatches: string[] = []
  if (payment.id !== expected.paymentId) {
    mismatches.push(`paymentId ${payment.id} instead of ${expected.paymentId}`)
  }
  if (payment.storeId !== expected.storeId) {
    mismatches.push(`store ${payment.storeId} instead of ${expected.storeId}`)
  }
  if (payment.amount.total !== expected.amount || payment.currency !== expected.currency) {
    mismatches.push(`${payment.amount.total} ${payment.currency} instead of ${expected.amount} ${expected.currency}`)
  }
  if (payment.amount.taxFree !== (expected.taxFreeAmount ?? 0)) {
    mismatches.push(`tax-free ${payment.amount.taxFree} instead of ${expected.taxFreeAmount ?? 0}`)
  }
  // The SDK types the channel's key as optional (and READY or FAILED payments
  // may have no channel): only a key PortOne names and the store does not
  // offer counts against the payment, never a missing one.
  const channelKey = payment.channel?.key
  if (channelKey !== undefined && !expected.channelKeys.includes(channelKey)) {
    mismatches.push(`channel ${channelKey} is not one of this store's channels`)
  }
  return mismatches
}
