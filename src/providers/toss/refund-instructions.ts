import { callContext } from "./call-context"
import type { RefundReceiveAccount } from "../../toss/types"

/**
 * What the plugin's own refund paths tell the provider about the Medusa
 * refund being recorded, beyond the amount and the payment data Medusa
 * passes: private details (the operator's note, the shopper's bank account)
 * never touch payment data, and a cancel Toss already made is recorded
 * without cancelling again.
 *
 * They travel with the call itself (AsyncLocalStorage), so nothing is left
 * behind when a process dies mid-way: a refund run without them (Medusa's
 * order cancellation, or anything else) is an ordinary refund, and the
 * provider then refuses to cancel while Toss shows cancels Medusa has not
 * recorded.
 */
export interface TossRefundInstructions {
  /** The operator's note, sent to Toss as `cancelReason`. */
  cancelReason?: string | null
  /** Where Toss pays a deposited virtual account's refund. */
  refundReceiveAccount?: RefundReceiveAccount | null
  /**
   * Cancels Toss has made (in its dashboard, or for a request whose answer
   * was lost) that these refunds record; each refund consumes the first one
   * of its amount.
   */
  recordCancels?: { transactionKey: string; cancelAmount: number }[]
}

const instructions = callContext<TossRefundInstructions>("refund-instructions")

export function withRefundInstructions<T>(given: TossRefundInstructions, run: () => Promise<T>): Promise<T> {
  return instructions.run(given, run)
}

export function refundInstructions(): TossRefundInstructions | undefined {
  return instructions.get()
}
