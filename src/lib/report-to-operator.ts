import type { Logger } from "@medusajs/framework/types"

/** What the store operator must settle, and the Toss payment it is about. */
export interface OperatorReport {
  /** Toss's orderId (the Medusa payment session id), when known. */
  orderId?: string | null
  paymentKey?: string | null
  message: string
}

/**
 * The one way the plugin tells the store operator about something only a
 * person can settle (a give-back Toss refused, a ledger Toss cannot serve,
 * money for a cancelled order). For now an error line in Medusa's log;
 * never a secret, billing key or bank account in `message`.
 */
export function reportToOperator(logger: Logger, { orderId, paymentKey, message }: OperatorReport): void {
  const about = [orderId && `orderId ${orderId}`, paymentKey && `paymentKey ${paymentKey}`].filter(Boolean).join(", ")
  logger.error(`medusa-payment-toss: ${message}${about ? ` (${about})` : ""}`)
}
