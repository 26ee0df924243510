import { AsyncLocalStorage } from "async_hooks"
import type { Payment } from "../../portone/types"
import type { RefundAccount } from "./cancel"
import type { PortOneSavedCardsContext } from "./saved-cards"
import type { WindowApproval } from "./settle"

/**
 * What a plugin route or workflow hands to the PortOne provider calls it
 * makes through Medusa's payment module (the twin of TossCallContext):
 * what must never be in payment data, which the store API shows, nor in a
 * workflow step's input or output, which Medusa may store.
 */
export interface PortOneCallContext {
  /** A manual-confirm channel's window answer, for the cart completion's authorizePayment. */
  approval?: WindowApproval
  /** What a refund needs beyond the amount and the payment data Medusa passes. */
  refund?: PortOneRefundContext
  /** Saved cards (billing keys): what the plugin lends the provider and takes back (saved-cards.ts). */
  savedCards?: PortOneSavedCardsContext
}

export interface PortOneRefundContext {
  reason?: string | null
  refundAccount?: RefundAccount | null
  /** PortOne's answer the refund's sync took under the lock still held: the cancel rests on it, PortOne is not asked again. */
  answer?: Payment | null
  /**
   * Cancels PortOne has made (its console, a request whose answer was lost)
   * that these refunds record, cancelling nothing at PortOne: each refund
   * takes the first one of its amount, whose id joins the payment's
   * `refundTransactionKeys` (the sync's record of what is a Medusa refund).
   */
  recordCancels?: { cancellationId: string; amount: number }[]
}

const STORE_KEY = Symbol.for("medusa-payment-toss.portone-call-context")
const registry = globalThis as { [key: symbol]: AsyncLocalStorage<PortOneCallContext> | undefined }
const storage = (registry[STORE_KEY] ??= new AsyncLocalStorage<PortOneCallContext>())

/** Runs `run` with `context` for the provider calls it makes; what an enclosing call gave is kept. */
export function withPortOneCallContext<T>(context: PortOneCallContext, run: () => Promise<T>): Promise<T> {
  return storage.run({ ...storage.getStore(), ...context }, run)
}

/** What the caller of this provider call handed over (nothing for Medusa's own calls). */
export function portOneCallContext(): PortOneCallContext {
  return storage.getStore() ?? {}
}
