import { markAttempted } from "./attempts"
import { FAIL_CODES } from "./fail-codes"
import { checkoutError, statusOf, TossCheckoutError } from "./failure"
import { readSearchParam, type SearchParamsInput } from "./search-params"
import type { CompletedOrder, MedusaStoreSdk, StoreHeaders } from "./types"

const COMPLETE_PATH = "/store/toss/complete"
// A 409 means another request (a double-submitted success page, a webhook) is
// completing this cart; it finishes within seconds, then the route answers
// with the order. Wait for it rather than show an error.
const COMPLETION_ATTEMPTS = 30
const COMPLETION_RETRY_MS = 1000

export interface CompleteTossPaymentOptions {
  /** A `Medusa` instance from `@medusajs/js-sdk`, configured with the publishable key. */
  sdk: MedusaStoreSdk
  /** The query of Toss's success redirect, or a Promise of it (Next.js 15's `searchParams`). */
  searchParams: SearchParamsInput | Promise<SearchParamsInput>
  /** The cart, if the page knows it; without it the store finds the cart from Toss's orderId. */
  cartId?: string
  /** Headers for this request's store API calls, e.g. a logged-in customer's `authorization`. */
  headers?: StoreHeaders
}

/** The order, or why there is none, worded for the shopper (`TossFailure` fields). */
export type TossCompletion = { type: "order"; order: CompletedOrder } | { type: "failure"; failure: TossCheckoutError }

type CompleteResponse =
  | { type: "order"; order: CompletedOrder }
  | { type: "cart"; error?: { message?: string; code?: string } }

/**
 * Turns Toss's success redirect into a Medusa order (`POST /store/toss/complete`).
 * Made for Route Handlers and server actions: it needs no URLs and no browser,
 * and answers instead of throwing, so the route can clear the cart cookie and
 * redirect either way.
 */
export async function completeTossPayment(options: CompleteTossPaymentOptions): Promise<TossCompletion> {
  try {
    return { type: "order", order: await confirmOrder(options) }
  } catch (error) {
    const failure = error instanceof TossCheckoutError ? error : checkoutError("COMPLETION_FAILED", undefined, error)
    return { type: "failure", failure }
  }
}

/** The order for Toss's success redirect; throws `TossCheckoutError` (see `TossCheckout.handleSuccess`). */
export async function confirmOrder({ sdk, searchParams, cartId, headers }: CompleteTossPaymentOptions): Promise<CompletedOrder> {
  const query = await searchParams
  const paymentKey = readSearchParam(query, "paymentKey")
  const orderId = readSearchParam(query, "orderId")
  const amount = Number(readSearchParam(query, "amount"))
  if (!paymentKey || !orderId || !(Number.isSafeInteger(amount) && amount > 0)) {
    throw checkoutError("MISSING_PAYMENT_RESULT")
  }
  // The success page may open in a new tab (mobile apps): never offer this orderId again.
  markAttempted(orderId)
  // The amount is Toss's claim from the URL; the server checks it against the session.
  return completeCart(sdk, COMPLETE_PATH, { ...(cartId && { cart_id: cartId }), paymentKey, orderId, amount }, headers)
}

/** Posts to one of the plugin's completion routes and returns the order, waiting out a completion already under way. */
export async function completeCart(sdk: MedusaStoreSdk, path: string, body: Record<string, unknown>, headers?: StoreHeaders): Promise<CompletedOrder> {
  for (let attempt = 1; ; attempt++) {
    let result: CompleteResponse
    try {
      result = await sdk.client.fetch<CompleteResponse>(path, { method: "POST", body, headers })
    } catch (error) {
      const status = statusOf(error)
      if (status === 409 && attempt < COMPLETION_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, COMPLETION_RETRY_MS))
        continue
      }
      // 400 (404 for a saved card that is not the shopper's): the payment does
      // not match a checkout (tampered amount, foreign orderId) or the cart
      // cannot become an order; either way nothing stays charged.
      throw checkoutError(status === 400 || status === 404 ? "PAYMENT_NOT_CONFIRMED" : "COMPLETION_FAILED", undefined, error)
    }
    if (result.type === "order") {
      return result.order
    }
    // Toss's refusal code (REJECT_CARD_PAYMENT …) when this module words it, as for a refusal in Toss's window.
    const code = result.error?.code
    throw checkoutError(code && FAIL_CODES[code] ? code : "PAYMENT_DECLINED", result.error?.message)
  }
}
