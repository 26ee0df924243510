/**
 * How the plugin locks, through Medusa's Locking Module only (cluster-wide
 * with the Redis provider):
 *
 * - One lock per Toss payment: the webhook sync, the reconciliation, the
 *   admin refund, the refund account, an order balance's confirm and the
 *   cash receipts of one payment never run at once. Keyed by the Toss
 *   orderId (the Medusa payment session id), known before there is a
 *   Medusa payment.
 * - A workflow takes it with Medusa's `acquireLockStep` first and
 *   `releaseLockStep` last (its compensation releases it on failure); code
 *   outside a workflow (a route's short job) with `Locking.execute`, same
 *   key and wait.
 * - Taken once per run, by the workflow the caller runs: a workflow that
 *   must sync under its own lock composes the sync's steps
 *   (`syncTossPaymentSteps`) instead of running the sync workflow inside it.
 *   (Medusa skips lock steps in a nested workflow anyway, so nesting would
 *   not deadlock, but it would not lock either.)
 * - Medusa's own workflows that take their cart or order lock
 *   (`processPaymentWorkflow`, `cancelOrderWorkflow`, the cart completion)
 *   run as workflows of their own, never nested, so that their lock is taken.
 *   The hand-off takes that same cart lock (`CART_LOCK`) around its
 *   bookkeeping.
 * - The reconciliation's run lock is the one lock not waited for
 *   (`claimTossReconcileRunStep`, Locking's `acquire` with its release as
 *   the compensation): a run that finds another under way does nothing.
 */
export function tossPaymentLockKey(orderId: string): string {
  return `toss-payment:${orderId}`
}

/** Long enough for a sync that captures and completes a cart; the lock expires if its holder dies. */
export const TOSS_PAYMENT_LOCK = { timeout: 30, ttl: 120 }

/** As Medusa's cart completion takes the cart's lock (its key is the cart id). */
export const CART_LOCK = { timeout: 30, ttl: 120 }
