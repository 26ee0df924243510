/**
 * PortOne (포트원) V2 checkout for Medusa storefronts whose store registers
 * the PortOne provider (`pp_portone_<id>`, default `pp_portone_portone`):
 * opens PortOne's payment window with the official `@portone/browser-sdk` for
 * a cart's PortOne session (토스페이 and the store's other PG channels), and
 * turns PortOne's answer, or its redirect back on mobile, into a Medusa
 * order (`POST /store/portone/complete`). Failures are `TossCheckoutError`s,
 * worded like the Toss checkout's, in Korean and English.
 */
import * as PortOne from "@portone/browser-sdk/v2"
import { markAttempted, wasAttempted } from "./attempts"
import { completeCart } from "./complete"
import { customerFields } from "./customer"
import { checkoutError, failureFor, inLocale, storeRefusal, TossCheckoutError, type TossFailure } from "./failure"
import { orderNameFor } from "./order-name"
import { portOneFailure } from "./portone-failure"
import { portOneSavedCards, type PortOneSavedCards } from "./portone-saved-cards"
import { absoluteUrl, readSearchParam, type SearchParamsInput } from "./search-params"
import type { CheckoutCart, CheckoutPaymentSession, CompletedOrder, MedusaStoreSdk, StoreHeaders, TossCustomer } from "./types"

// What a PortOne storefront needs of the shared parts, from this entry, so
// that `instanceof TossCheckoutError` holds for this entry's failures.
export { TossCheckoutError, type TossFailure } from "./failure"
export type { CheckoutCart, CompletedOrder, MedusaStoreSdk, StoreHeaders, TossCustomer } from "./types"
export type { SearchParamsInput } from "./search-params"
export type { PortOneSavedCard, PortOneSavedCards, SavePortOneCardOptions } from "./portone-saved-cards"

/** The PortOne provider of a store that registers it with `id: "portone"`. */
export const PORTONE_PROVIDER_ID = "pp_portone_portone"

/** Whether a session's or payment's `provider_id` is a PortOne registration (`pp_portone_<id>`), whatever its id. */
export function isPortOneProviderId(providerId: unknown): providerId is string {
  return typeof providerId === "string" && /^pp_portone_./.test(providerId)
}

/**
 * Loads PortOne's browser SDK from elsewhere (a local sandbox's stand-in)
 * instead of cdn.portone.io. Call it before the first payment.
 */
export function setPortOneJsSdkUrl(url: string): void {
  PortOne.__INTERNAL__setPortOneSdkUrl(url)
}

const COMPLETE_PATH = "/store/portone/complete"

// The cart's default fields plus the customer, for the customer details PGs ask for.
const CART_FIELDS = "*customer"

/** What the PortOne provider puts in a session's `data.portone`: the public fields of PortOne's window request. */
export interface PortOneSession {
  storeId: string
  /** PortOne's paymentId: the Medusa payment session's id. */
  paymentId: string
  /** The channels (PGs) the store offers, as its PortOne console lists them. */
  channelKeys: string[]
  orderName: string
  /** What PortOne will charge, in whole won, as the server stored it. */
  totalAmount: number
  taxFreeAmount: number
  currency: "KRW"
}

/** The payment methods of PortOne's window this module opens. 토스페이 is `EASY_PAY` on its channel. */
export type PortOnePayMethod = "CARD" | "EASY_PAY" | "VIRTUAL_ACCOUNT"

export interface PortOneCheckoutOptions {
  /** A `Medusa` instance from `@medusajs/js-sdk`, configured with the publishable key. */
  sdk: MedusaStoreSdk
  /** The PortOne registration this storefront pays with, `pp_portone_<id>`; default `pp_portone_portone`. */
  providerId?: string
  /**
   * Where PortOne sends the shopper back where it cannot answer in the page
   * (mobile browsers always); may be relative to the page. That page calls
   * `handleRedirect`. Without it, mobile shoppers may not see the window.
   */
  redirectUrl?: string
  /**
   * Always leave for `redirectUrl`, on computers too: for a server-rendered
   * storefront whose Route Handler there completes the cart
   * (`completePortOnePayment`) and clears its cart cookie.
   */
  forceRedirect?: boolean
  /** The storefront's language for this module's texts. Default "ko". */
  locale?: "ko" | "en"
}

export interface PortOneRequestOptions {
  /** The channel (PG) to pay through: one of the session's `channelKeys`; default the first. */
  channelKey?: string
  payMethod: PortOnePayMethod
  /** With `EASY_PAY`: which easy pay a multi-provider PG opens directly (a 토스페이 channel needs none). */
  easyPayProvider?: "TOSSPAY" | "KAKAOPAY" | "NAVERPAY" | "PAYCO" | "SAMSUNGPAY" | (string & {})
  /** With `VIRTUAL_ACCOUNT`: how long the account waits for the deposit, in hours. */
  validHours?: number
  customer?: TossCustomer
  headers?: StoreHeaders
}

export interface PreparedPortOnePayment {
  cart: CheckoutCart
  session: CheckoutPaymentSession
  portone: PortOneSession
}

/** A checkout, and the logged-in customer's saved cards (PortOne billing keys, the store's `billingChannelKey`). */
export interface PortOneCheckout extends PortOneSavedCards {
  /** The PortOne registration its sessions are made with. */
  readonly providerId: string
  /** The cart's PortOne session: a fresh one reused, else one initiated. */
  preparePayment(cartId: string, options?: { headers?: StoreHeaders }): Promise<PreparedPortOnePayment>
  /**
   * Opens PortOne's window and completes the cart when the shopper has paid:
   * the order, or null when PortOne is redirecting the page to `redirectUrl`
   * (whose page calls `handleRedirect`). Throws `TossCheckoutError`, with
   * `canceledByShopper` when the shopper closed the window.
   */
  requestPayment(cartId: string, options: PortOneRequestOptions): Promise<CompletedOrder | null>
  /** The order for PortOne's redirect back (`?paymentId=…`, with `code` on a failure); throws `TossCheckoutError`. */
  handleRedirect(searchParams: SearchParamsInput | Promise<SearchParamsInput>, options?: { headers?: StoreHeaders }): Promise<CompletedOrder>
  describeFailure(searchParams: SearchParamsInput): TossFailure
}

/** The data a storefront sends when it initiates the PortOne session itself (the DTC starter's payment step). */
export function portOneSessionData(cart: CheckoutCart) {
  return { orderName: orderNameFor(cart) }
}

export function createPortOneCheckout(options: PortOneCheckoutOptions): PortOneCheckout {
  const { sdk } = options
  const providerId = options.providerId ?? PORTONE_PROVIDER_ID
  const locale = options.locale ?? "ko"
  if (options.forceRedirect && !options.redirectUrl) {
    throw new TypeError("createPortOneCheckout: forceRedirect needs redirectUrl")
  }

  // One preparation at a time, so a double click cannot create two sessions.
  let queue: Promise<unknown> = Promise.resolve()
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  function preparePayment(cartId: string, { headers }: { headers?: StoreHeaders } = {}): Promise<PreparedPortOnePayment> {
    return serially(async () => {
      const cart = await sdk.store.cart.retrieve(cartId, { fields: CART_FIELDS }, headers).then(
        (response) => response.cart,
        (error: unknown) => {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", undefined, error)
        }
      )
      let session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id === providerId && isFresh(s, cart))
      if (!session) {
        try {
          const { payment_collection } = await sdk.store.payment.initiatePaymentSession(
            cart,
            { provider_id: providerId, data: portOneSessionData(cart) },
            {},
            headers
          )
          session = payment_collection.payment_sessions?.find((s) => s.provider_id === providerId)
        } catch (error) {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", storeRefusal(error), error)
        }
      }
      const portone = session && sessionFields(session)
      if (!session || !portone) {
        throw checkoutError("PAYMENT_PREPARATION_FAILED", undefined, new Error("The PortOne session data lacks storeId, paymentId, channelKeys, orderName or totalAmount."))
      }
      return { cart, session, portone }
    })
  }

  async function requestPayment(cartId: string, request: PortOneRequestOptions): Promise<CompletedOrder | null> {
    const { cart, portone } = await preparePayment(cartId, { headers: request.headers })
    const channelKey = request.channelKey ?? portone.channelKeys[0]
    if (!portone.channelKeys.includes(channelKey)) {
      throw new TypeError(`requestPayment: channelKey ${channelKey} is not one the store offers (${portone.channelKeys.join(", ")})`)
    }
    const { customerName, customerEmail, customerMobilePhone } = customerFields(cart, request.customer)
    let response: PortOne.PaymentResponse | undefined
    try {
      response = await PortOne.requestPayment({
        storeId: portone.storeId,
        channelKey,
        paymentId: portone.paymentId,
        orderName: portone.orderName,
        totalAmount: portone.totalAmount,
        ...(portone.taxFreeAmount > 0 && { taxFreeAmount: portone.taxFreeAmount }),
        currency: portone.currency,
        payMethod: request.payMethod,
        ...(options.redirectUrl && { redirectUrl: absoluteUrl(options.redirectUrl), ...(options.forceRedirect && { forceRedirect: true }) }),
        ...(locale === "en" && { locale: "EN_US" as const }),
        customer: { fullName: customerName, email: customerEmail, phoneNumber: customerMobilePhone },
        ...(request.payMethod === "EASY_PAY" && request.easyPayProvider && { easyPay: { easyPayProvider: request.easyPayProvider as PortOne.Entity.EasyPayProvider } }),
        ...(request.payMethod === "VIRTUAL_ACCOUNT" && request.validHours && { virtualAccount: { accountExpiry: { validHours: request.validHours } } }),
      })
    } catch (error) {
      throw new TossCheckoutError(portOneFailure("PORTONE_SDK_LOAD_FAILED"), { cause: error })
    }
    // The page is leaving for redirectUrl, whose page completes the cart.
    if (!response) return null
    // Paid in another tab or an earlier attempt: the store still completes the cart.
    if (response.code && response.code !== "PaymentAlreadyPaid") {
      throw new TossCheckoutError(portOneFailure(response.code, response.pgCode, response.message || response.pgMessage))
    }
    return complete(portone.paymentId, response, request.headers)
  }

  async function handleRedirect(
    searchParams: SearchParamsInput | Promise<SearchParamsInput>,
    { headers }: { headers?: StoreHeaders } = {}
  ): Promise<CompletedOrder> {
    const query = await searchParams
    const paymentId = readSearchParam(query, "paymentId")
    const code = readSearchParam(query, "code")
    if (code && code !== "PaymentAlreadyPaid") {
      // Anyone can write this URL: its message is not shown, only the text for a known code.
      throw new TossCheckoutError(portOneFailure(code, readSearchParam(query, "pgCode")))
    }
    if (!paymentId) {
      throw checkoutError("MISSING_PAYMENT_RESULT")
    }
    return complete(paymentId, { paymentToken: readSearchParam(query, "paymentToken"), txId: readSearchParam(query, "txId") }, headers)
  }

  /** Hands the payment to the store; a channel with 수동 승인 (manual confirm) also hands the token (and the attempt) the store confirms with. */
  function complete(paymentId: string, { paymentToken, txId }: { paymentToken?: string; txId?: string }, headers?: StoreHeaders) {
    // Whatever the store answers, this paymentId has been paid or refused: the next attempt takes a new session.
    markAttempted(paymentId)
    return completeCart(sdk, COMPLETE_PATH, { paymentId, ...(paymentToken && { paymentToken, ...(txId && { txId }) }) }, headers)
  }

  function localized<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args) =>
      run(...args).catch((error: unknown) => {
        throw error instanceof TossCheckoutError && locale !== "ko" ? new TossCheckoutError(inLocale(error, locale), { cause: error.cause }) : error
      })
  }
  const savedCards = portOneSavedCards({ sdk, providerId, locale, preparePayment })
  return {
    providerId,
    preparePayment: localized(preparePayment),
    saveCard: localized(savedCards.saveCard),
    handleCardSaved: localized(savedCards.handleCardSaved),
    listSavedCards: localized(savedCards.listSavedCards),
    removeSavedCard: localized(savedCards.removeSavedCard),
    payWithSavedCard: localized(savedCards.payWithSavedCard),
    requestPayment: localized(requestPayment),
    handleRedirect: localized(handleRedirect),
    describeFailure: (searchParams: SearchParamsInput) =>
      inLocale(portOneFailure(readSearchParam(searchParams, "code") || "UNKNOWN", readSearchParam(searchParams, "pgCode")), locale),
  }
}

/** The order, or why there is none, worded for the shopper. */
export type PortOneCompletion = { type: "order"; order: CompletedOrder } | { type: "failure"; failure: TossCheckoutError }

/** The order for PortOne's redirect back, or why there is none: for Route Handlers, which redirect either way. */
export async function completePortOnePayment(options: {
  sdk: MedusaStoreSdk
  searchParams: SearchParamsInput | Promise<SearchParamsInput>
  providerId?: string
  headers?: StoreHeaders
}): Promise<PortOneCompletion> {
  try {
    const order = await createPortOneCheckout(options).handleRedirect(options.searchParams, { headers: options.headers })
    return { type: "order", order }
  } catch (error) {
    return { type: "failure", failure: error instanceof TossCheckoutError ? error : checkoutError("COMPLETION_FAILED", undefined, error) }
  }
}

/** The session's `data.portone`, if it has every field the window needs. */
function sessionFields(session: CheckoutPaymentSession): PortOneSession | undefined {
  const fields = (session.data?.portone ?? undefined) as Partial<PortOneSession> | undefined
  const complete =
    typeof fields?.storeId === "string" &&
    typeof fields.paymentId === "string" &&
    Array.isArray(fields.channelKeys) &&
    fields.channelKeys.length > 0 &&
    typeof fields.orderName === "string" &&
    typeof fields.totalAmount === "number"
  return complete ? ({ taxFreeAmount: 0, currency: "KRW", ...fields } as PortOneSession) : undefined
}

/**
 * A session can carry a new attempt while PortOne has not taken money for
 * it (a closed window leaves it usable: PortOne takes several attempts per
 * paymentId) and its amount is still the cart's total.
 */
function isFresh(session: CheckoutPaymentSession, cart: CheckoutCart): boolean {
  const fields = sessionFields(session)
  return !!fields && session.amount === cart.total && fields.totalAmount === cart.total && !wasAttempted(fields.paymentId)
}
