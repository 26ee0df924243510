import { AsyncLocalStorage } from "async_hooks"
import type { Payment } from "../../portone/types"

/**
 * What a plugin workflow hands to the PortOne provider calls it makes
 * through Medusa's payment module (the PortOne twin of Toss's
 * `call-context.ts`, for the same reasons: never in payment data, never in
 * a step's input or output). The provider reads `portOneCallContext()`.
 */
export interface PortOneCallContext {
  /**
   * PortOne's answer about a payment, just given to the workflow that holds
   * the payment's lock: a capture or refund uses it instead of asking again.
   */
  answer?: Payment
  refund?: {
    /**
     * Cancels PortOne has made (its console, a request whose answer was
     * lost) that these refunds record, cancelling nothing at PortOne; each
     * refund consumes the first one of its amount, and the provider adds its
     * id to the payment's `refundTransactionKeys`, as the Toss provider does.
     */
    recordCancels?: { cancellationId: string; amount: number }[]
  }
}

const STORE_KEY = Symbol.for("medusa-payment-toss.portone-call-context")
const registry = globalThis as { [key: symbol]: AsyncLocalStorage<PortOneCallContext> | undefined }
const storage = (registry[STORE_KEY] ??= new AsyncLocalStorage<PortOneCallContext>())

/** Runs `run` with `context` for the provider calls it makes; what an enclosing call gave and `context` does not name is kept. */
export function withPortOneCallContext<T>(context: PortOneCallContext, run: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context }, run)
}

/** What the workflow that made this provider call handed over (nothing for Medusa's own calls). */
export function portOneCallContext(): PortOneCallContext {
  return storage.getStore() ?? {}
}
