/**
 * One lock per Toss payment, through Medusa's Locking Module (cluster-wide
 * with the Redis provider): the webhook sync, the reconciliation, the admin
 * refund and the refund account of one payment never run at once. Keyed by
 * the Toss orderId (the Medusa payment session id), known before there is
 * a Medusa payment.
 */
export function tossPaymentLockKey(orderId: string): string {
  return `toss-payment:${orderId}`
}

/** Long enough for a sync that captures and completes a cart; the lock expires if its holder dies. */
export const TOSS_PAYMENT_LOCK = { timeout: 30, ttl: 120 }
