/**
 * Every Idempotency-Key the plugin sends to Toss, built here and nowhere
 * else. A key names one request for good: a retry, a second instance or a
 * restart sends the same key, and Toss answers it with its first answer
 * (for 15 days) instead of doing the work again. Keep a key's text once it
 * is sent: a request retried under a new text is a new request to Toss.
 */
export const tossIdempotencyKey = {
  /** The window's payment, confirmed once per paymentKey of this session. */
  confirm: (orderId: string, paymentKey: string) => `confirm-${orderId}-${paymentKey}`,
  /** A saved-card charge: the session is one attempt (its id is the orderId). */
  savedCardCharge: (orderId: string) => `billing-${orderId}`,
  /** One billing key per card registration (Toss's authKey). */
  savedCardIssue: (authKey: string) => `billing-issue-${authKey}`,
  /** A refund, when Medusa passes no key of its own: one per amount taken off this balance. */
  refund: (paymentKey: string, balanceAmount: number, cancelAmount: number) => `refund-${paymentKey}-${balanceAmount}-${cancelAmount}`,
  /** Medusa cancelling a payment it cannot keep, when it passes no key of its own. */
  cancel: (paymentKey: string) => `cancel-${paymentKey}`,
  /** A give-back by the sync or the reconciliation. */
  giveBack: (paymentKey: string) => `give-back-${paymentKey}`,
  /** A give-back of a payment whose session the shopper replaced (its text is older than the word give-back, and kept). */
  giveBackReplaced: (paymentKey: string) => `orphan-${paymentKey}`,
  /** A give-back of a payment that did not match its session. */
  giveBackMismatch: (paymentKey: string) => `mismatch-${paymentKey}`,
  /** The operator's cash receipt: one per receipt of this payment (`issued` before it). */
  cashReceipt: (paymentId: string, issued: number) => `cash-receipt-${paymentId}-${issued}`,
  cashReceiptCancel: (receiptKey: string) => `cash-receipt-cancel-${receiptKey}`,
} as const
