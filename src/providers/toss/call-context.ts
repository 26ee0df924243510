import { AsyncLocalStorage } from "async_hooks"
import type { RefundReceiveAccount, TossPayment } from "../../toss/types"
import type { SavedCardsContext } from "./billing"

/**
 * What a plugin workflow hands to the provider calls it makes through
 * Medusa's payment module, for those calls only: Medusa's provider methods
 * take no extra arguments, and what is here must never be in payment data
 * (which the store API shows) or in a workflow step's input or output (which
 * Medusa's workflow engine may store). It travels with the call itself, so
 * nothing is left behind when a process dies mid-way; a provider call made
 * without it (Medusa's own routes and workflows) is an ordinary call.
 *
 * The path: workflow → `withTossCallContext(context, run)` → Medusa's
 * payment module → the provider method, which reads `tossCallContext()`.
 */
export interface TossCallContext {
  /**
   * Toss's answer about a payment, just given to the workflow that holds the
   * payment's lock (and holds it until the call is over): a capture or
   * refund uses it instead of asking Toss again.
   */
  answer?: TossPayment
  /** What a refund needs beyond the amount and the payment data Medusa passes. */
  refund?: TossRefundContext
  /** The customer's saved cards for this call, and what the provider hands back (billing.ts). */
  savedCards?: SavedCardsContext
  /** The storefront's hand-off of one session (src/lib/toss-hand-off.ts). */
  handOff?: TossHandOffContext
}

/**
 * The paymentKey of Toss's redirect goes to the provider with the
 * completion instead of being written into the session before it (the
 * session is written once, by Medusa, with Toss's answer); the provider
 * leaves Toss's answer here for the hand-off to write down.
 */
export interface TossHandOffContext {
  /** The session (Toss's orderId) being handed off. */
  orderId: string
  /** From Toss's redirect; null for a saved card's charge. */
  paymentKey: string | null
  /** Toss's answer to the confirm or charge, once the provider has it. */
  answer?: TossPayment
}

export interface TossRefundContext {
  /** The operator's note, sent to Toss as `cancelReason`. */
  cancelReason?: string | null
  /** Where Toss pays a deposited virtual account's refund. */
  refundReceiveAccount?: RefundReceiveAccount | null
  /**
   * Cancels Toss has made (in its dashboard, or for a request whose answer
   * was lost) that these refunds record, cancelling nothing; each refund
   * consumes the first one of its amount.
   */
  recordCancels?: { transactionKey: string; cancelAmount: number }[]
}

/**
 * One store per process, even if this file is loaded twice (the provider by
 * Medusa's module loader, the workflows by the plugin loader).
 */
const STORE_KEY = Symbol.for("medusa-payment-toss.call-context")
const registry = globalThis as { [key: symbol]: AsyncLocalStorage<TossCallContext> | undefined }
const storage = (registry[STORE_KEY] ??= new AsyncLocalStorage<TossCallContext>())

/**
 * Runs `run` with `context` for the provider calls it makes. What an
 * enclosing call gave and `context` does not name is kept, so a capture run
 * inside a refund still sees the refund's details. The parts are passed as
 * they are: the provider writes into `savedCards` for the caller to read.
 */
export function withTossCallContext<T>(context: TossCallContext, run: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context }, run)
}

/** What the workflow that made this provider call handed over (nothing for Medusa's own calls). */
export function tossCallContext(): TossCallContext {
  return storage.getStore() ?? {}
}

/** The hand-off of this session under way, if any. */
export function handOffOf(orderId: string): TossHandOffContext | undefined {
  const { handOff } = tossCallContext()
  return handOff?.orderId === orderId ? handOff : undefined
}

/** The answer about `paymentKey` the caller holds, if any. */
export function heldAnswer(paymentKey: string | null | undefined): TossPayment | undefined {
  const { answer } = tossCallContext()
  return answer && answer.paymentKey === paymentKey ? answer : undefined
}
