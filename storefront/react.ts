/**
 * React bindings, e.g. for Medusa's Next.js starter. Use them in client
 * components ("use client"): Toss's and PortOne's SDKs run in the browser only.
 */
import { createElement, useCallback, useEffect, useId, useMemo, useRef, useState } from "react"
import {
  createTossCheckout,
  type RequestPaymentOptions,
  type TossCheckout,
  type TossCheckoutError,
  type TossCheckoutOptions,
  type TossWidget,
} from "./index"
import { requestOrderPayment } from "./orders"
import {
  createPortOneCheckout,
  type CompletedOrder,
  type PortOneCheckout,
  type PortOneCheckoutOptions,
  type PortOneRequestOptions,
  type PortOneSavedCard,
  type SavePortOneCardOptions,
} from "./portone"

export type { TossWidget } from "./index"

/** One checkout per set of options, stable across renders. */
export function useTossCheckout({ sdk, providerId, successUrl, failUrl, sdkSrc, locale, appScheme }: TossCheckoutOptions): TossCheckout {
  return useMemo(
    () => createTossCheckout({ sdk, providerId, successUrl, failUrl, sdkSrc, locale, appScheme }),
    [sdk, providerId, successUrl, failUrl, sdkSrc, locale, appScheme]
  )
}

export interface TossPayment {
  /** Opens Toss's payment window; the page then leaves for Toss, which comes back to successUrl or failUrl. */
  requestPayment(cartId: string, request: RequestPaymentOptions): void
  /** From the click until the page leaves, or until Toss could not be opened. */
  paying: boolean
  /** Why Toss could not be opened, for the shopper; null when the shopper only closed the window. */
  error: TossCheckoutError | null
  /**
   * The shopper closed Toss's window (desktop: an iframe over the page, so they
   * are still at checkout with the cart intact): a calm note to show, not an
   * error. Null otherwise, and again from the next click.
   */
  canceled: TossCheckoutError | null
}

/** What a pay button ("Place order") needs: `requestPayment` with its pending state and error. */
export function useTossPayment(options: TossCheckoutOptions): TossPayment {
  const checkout = useTossCheckout(options)
  return usePaying(useCallback((cartId: string, request: RequestPaymentOptions) => checkout.requestPayment(cartId, request), [checkout]))
}

/**
 * `useTossPayment` for what an order still owes after it was changed (an
 * order edit, an exchange): `requestPayment(orderId, request)` opens Toss's
 * window for the order's balance ("차액 결제하기"); the checkout's
 * `handleSuccess` on successUrl pays it.
 */
export function useTossOrderPayment(options: TossCheckoutOptions): TossPayment {
  const checkout = useTossCheckout(options)
  const { sdk } = options
  return usePaying(
    useCallback((orderId: string, request: RequestPaymentOptions) => requestOrderPayment({ checkout, sdk, orderId, ...request }), [checkout, sdk])
  )
}

/** The pending state and outcome of opening Toss with `open`. */
function usePaying(open: (id: string, request: RequestPaymentOptions) => Promise<void>): TossPayment {
  const [paying, setPaying] = useState(false)
  const [failure, setFailure] = useState<TossCheckoutError | null>(null)
  const requestPayment = useCallback(
    (id: string, request: RequestPaymentOptions) => {
      setPaying(true)
      setFailure(null)
      open(id, request).catch((failure: TossCheckoutError) => {
        setFailure(failure)
        setPaying(false)
      })
    },
    [open]
  )
  const canceled = failure?.canceledByShopper ? failure : null
  return { requestPayment, paying, error: canceled ? null : failure, canceled }
}

/** One PortOne checkout per set of options, stable across renders. */
export function usePortOneCheckout({ sdk, providerId, redirectUrl, forceRedirect, locale }: PortOneCheckoutOptions): PortOneCheckout {
  return useMemo(
    () => createPortOneCheckout({ sdk, providerId, redirectUrl, forceRedirect, locale }),
    [sdk, providerId, redirectUrl, forceRedirect, locale]
  )
}

export interface PortOnePayment {
  /**
   * Opens PortOne's window; when the shopper has paid, the cart becomes an
   * order (`order`), unless PortOne redirects the page to redirectUrl first.
   */
  requestPayment(cartId: string, request: PortOneRequestOptions): void
  /** From the click until the order, a failure, or the page leaving for redirectUrl. */
  paying: boolean
  /** The order the payment completed; null before. */
  order: CompletedOrder | null
  /** Why the payment did not go through, for the shopper; null when the shopper only closed the window. */
  error: TossCheckoutError | null
  /** The shopper closed PortOne's window: a calm note to show, not an error. Null otherwise, and again from the next click. */
  canceled: TossCheckoutError | null
}

/** What a pay button needs for PortOne: `requestPayment` with its pending state, the order, and the failure. */
export function usePortOnePayment(options: PortOneCheckoutOptions): PortOnePayment {
  const checkout = usePortOneCheckout(options)
  const [paying, setPaying] = useState(false)
  const [order, setOrder] = useState<CompletedOrder | null>(null)
  const [failure, setFailure] = useState<TossCheckoutError | null>(null)
  const requestPayment = useCallback(
    (cartId: string, request: PortOneRequestOptions) => {
      setPaying(true)
      setFailure(null)
      checkout.requestPayment(cartId, request).then(
        (completed) => {
          // null: the page is leaving for redirectUrl, so it stays "paying".
          if (completed) {
            setOrder(completed)
            setPaying(false)
          }
        },
        (failure: TossCheckoutError) => {
          setFailure(failure)
          setPaying(false)
        }
      )
    },
    [checkout]
  )
  const canceled = failure?.canceledByShopper ? failure : null
  return { requestPayment, paying, order, error: canceled ? null : failure, canceled }
}

export interface PortOneSavedCardsState {
  /** The logged-in customer's saved cards; null until loaded (and on the server). */
  cards: PortOneSavedCard[] | null
  /** Opens PortOne's billing-key window; the saved card joins `cards`. */
  saveCard(options?: SavePortOneCardOptions): void
  removeSavedCard(paymentMethodId: string): void
  /** One click: the cart becomes `order`, paid with the saved card. */
  payWithSavedCard(cartId: string, paymentMethodId: string): void
  /** From a click until its outcome, or until the page leaves for `redirectUrl`. */
  busy: boolean
  /** The order a one-click payment made; null before. */
  order: CompletedOrder | null
  /** What went wrong, for the customer; null when they only closed PortOne's window. */
  error: TossCheckoutError | null
  /** The customer closed PortOne's window: a calm note to show, not an error. */
  canceled: TossCheckoutError | null
}

/** A saved-cards page (or a one-click pay button) for PortOne: the cards, loaded once mounted, and what can be done with them. */
export function usePortOneSavedCards(options: PortOneCheckoutOptions): PortOneSavedCardsState {
  const checkout = usePortOneCheckout(options)
  const [cards, setCards] = useState<PortOneSavedCard[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [order, setOrder] = useState<CompletedOrder | null>(null)
  const [failure, setFailure] = useState<TossCheckoutError | null>(null)

  useEffect(() => {
    let active = true
    checkout.listSavedCards().then(
      (listed) => active && setCards(listed),
      (failure: TossCheckoutError) => active && setFailure(failure)
    )
    return () => {
      active = false
    }
  }, [checkout])

  /** Runs one click's task; `done` answering false leaves it busy (the page is leaving). */
  const run = useCallback(<T,>(task: () => Promise<T>, done: (result: T) => boolean) => {
    setBusy(true)
    setFailure(null)
    task().then(
      (result) => done(result) && setBusy(false),
      (failure: TossCheckoutError) => {
        setFailure(failure)
        setBusy(false)
      }
    )
  }, [])

  const saveCard = useCallback(
    (request?: SavePortOneCardOptions) =>
      run(
        () => checkout.saveCard(request),
        (saved) => {
          // null: the page is leaving for redirectUrl.
          if (!saved) return false
          setCards((current) => [...(current ?? []).filter((card) => card.id !== saved.id), saved])
          return true
        }
      ),
    [checkout, run]
  )
  const removeSavedCard = useCallback(
    (paymentMethodId: string) =>
      run(
        () => checkout.removeSavedCard(paymentMethodId),
        () => {
          setCards((current) => current && current.filter((card) => card.id !== paymentMethodId))
          return true
        }
      ),
    [checkout, run]
  )
  const payWithSavedCard = useCallback(
    (cartId: string, paymentMethodId: string) =>
      run(
        () => checkout.payWithSavedCard(cartId, paymentMethodId),
        (completed) => {
          setOrder(completed)
          return true
        }
      ),
    [checkout, run]
  )

  const canceled = failure?.canceledByShopper ? failure : null
  return { cards, saveCard, removeSavedCard, payWithSavedCard, busy, order, error: canceled ? null : failure, canceled }
}

export interface TossPaymentWidgetProps {
  checkout: TossCheckout
  cartId: string
  /** Receives the mounted widget; call its `requestPayment()` from your pay button. */
  onReady?: (widget: TossWidget) => void
  onError?: (error: TossCheckoutError) => void
  className?: string
}

/**
 * Renders Toss's payment widget (method list and terms) for a cart. Give it
 * `key={cart.total}` to show a changed total at once; paying always uses the
 * cart's current total either way.
 */
export function TossPaymentWidget({ checkout, cartId, onReady, onError, className }: TossPaymentWidgetProps) {
  // useId gives ":r0:"; colons are not valid in the CSS selectors Toss takes.
  const id = "toss-widget-" + useId().replace(/[^A-Za-z0-9_-]/g, "")
  const callbacks = useRef({ onReady, onError })
  callbacks.current = { onReady, onError }
  // Toss refuses to render twice into one element, so a new widget waits until
  // the previous one is gone (strict mode mounts every effect twice).
  const previousTeardown = useRef<Promise<unknown>>(Promise.resolve())

  useEffect(() => {
    let active = true
    const mounting = previousTeardown.current.then(() =>
      checkout.mountWidget(cartId, { methods: `#${id}-methods`, agreement: `#${id}-agreement` })
    )
    mounting.then(
      (widget) => active && callbacks.current.onReady?.(widget),
      // mountWidget only rejects with TossCheckoutError.
      (error: TossCheckoutError) => active && callbacks.current.onError?.(error)
    )
    return () => {
      active = false
      previousTeardown.current = mounting.then((widget) => widget.destroy()).catch(() => undefined)
    }
  }, [checkout, cartId, id])

  return createElement(
    "div",
    { className },
    createElement("div", { id: `${id}-methods` }),
    createElement("div", { id: `${id}-agreement` })
  )
}
