import { callContext } from "./call-context"
import type { TossPayment } from "../../toss/types"

/**
 * Toss's answer about a payment, just given to the plugin's workflow that
 * holds the payment's lock, for the provider calls that workflow makes
 * through Medusa (a capture, a refund): they use it instead of asking Toss
 * again within Toss's one-second window. Only within that one call.
 */
const answer = callContext<TossPayment>("toss-answer")

export function withTossAnswer<T>(payment: TossPayment, run: () => Promise<T>): Promise<T> {
  return answer.run(payment, run)
}

/** The answer about `paymentKey` the caller holds, if any. */
export function tossAnswer(paymentKey: string | null | undefined): TossPayment | undefined {
  const payment = answer.get()
  return payment && payment.paymentKey === paymentKey ? payment : undefined
}
