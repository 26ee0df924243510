import { loadTossPayments, type TossPaymentsSDK } from "@tosspayments/tosspayments-sdk"
import { markAttempted, wasAttempted } from "./attempts"
import { confirmOrder } from "./complete"
import { customerFields, customerKeyFor } from "./customer"
import { checkoutError, describeFailure, statusOf, TossCheckoutError, type TossFailure } from "./failure"
import { orderNameFor } from "./order-name"
import type { SearchParamsInput } from "./search-params"
import type {
  CheckoutCart,
  CheckoutPaymentSession,
  CompletedOrder,
  MedusaStoreSdk,
  StoreHeaders,
  TossCustomer,
  TossEasyPay,
  TossIntegration,
  TossPaymentMethod,
} from "./types"

/** The Toss provider as Medusa names it: `pp_` + identifier `toss` + id `toss`. */
export const TOSS_PROVIDER_ID = "pp_toss_toss"

// The cart's default fields plus the customer's `has_account`, to tell members from guests.
const CART_FIELDS = "*customer"

export interface TossCheckoutOptions {
  /** A `Medusa` instance from `@medusajs/js-sdk`, configured with the publishable key. */
  sdk: MedusaStoreSdk
  /**
   * Where Toss sends the shopper after authentication; may be relative to the
   * page. Needed to open Toss, not to complete a payment.
   */
  successUrl?: string
  /** Where Toss sends the shopper when the payment fails or is canceled. */
  failUrl?: string
  /** Load Toss's browser SDK from elsewhere (a local sandbox) instead of js.tosspayments.com. */
  sdkSrc?: string | null
}

/** Which Toss session a storefront asks for; see `tossSessionData`. */
export interface TossSessionOptions {
  method?: TossPaymentMethod
  integration?: TossIntegration
}

export interface PreparePaymentOptions extends TossSessionOptions {
  /** Headers for the store API calls, e.g. a logged-in customer's `authorization`. */
  headers?: StoreHeaders
}

export interface PreparedPayment {
  cart: CheckoutCart
  session: CheckoutPaymentSession
  orderId: string
  /** What Toss will charge, in whole won, as the server stored it. */
  amount: number
  orderName: string
  /** The client key of the chosen integration (the widget key for `"widget"`). */
  clientKey: string
}

export type RequestPaymentOptions = {
  customer?: TossCustomer
  virtualAccount?: { validHours?: number }
  headers?: StoreHeaders
} & (
  | { method: "EASY_PAY"; easyPay: TossEasyPay }
  | { method: Exclude<TossPaymentMethod, "EASY_PAY">; easyPay?: never }
)

export interface MountWidgetOptions {
  /** CSS selector of the element for Toss's payment method list. */
  methods: string
  /** CSS selector of the element for Toss's terms agreement. */
  agreement: string
  headers?: StoreHeaders
}

export interface TossWidget {
  /** Opens the method the shopper chose in the widget; customer details default to the cart's. */
  requestPayment(options?: { customer?: TossCustomer }): Promise<void>
  /** Removes the widget's UI, e.g. before mounting it again. */
  destroy(): Promise<void>
}

export interface TossCheckout {
  preparePayment(cartId: string, options?: PreparePaymentOptions): Promise<PreparedPayment>
  requestPayment(cartId: string, options: RequestPaymentOptions): Promise<void>
  mountWidget(cartId: string, options: MountWidgetOptions): Promise<TossWidget>
  /** `completeTossPayment` that throws its failure (a `TossCheckoutError`). */
  handleSuccess(
    searchParams: SearchParamsInput | Promise<SearchParamsInput>,
    options?: { cartId?: string; headers?: StoreHeaders }
  ): Promise<CompletedOrder>
  describeFailure(searchParams: SearchParamsInput): TossFailure
}

/**
 * The payment window request this module sends. The SDK types `requestPayment`
 * as one overload per method, which a request built for several methods matches
 * none of, hence this shape and one cast at the call.
 */
interface WindowPaymentRequest {
  method: "CARD" | "TRANSFER" | "VIRTUAL_ACCOUNT" | "MOBILE_PHONE"
  amount: { currency: "KRW"; value: number }
  orderId: string
  orderName: string
  successUrl: string
  failUrl: string
  customerName?: string
  customerEmail?: string
  customerMobilePhone?: string
  card?: { flowMode: "DIRECT"; easyPay: string }
  virtualAccount?: { cashReceipt: { type: "소득공제" }; validHours?: number }
}

/**
 * The data a storefront sends when it initiates the `pp_toss_toss` session
 * itself (e.g. in the checkout's payment step), so that `requestPayment` and
 * `mountWidget` can use that session instead of creating another. The server
 * checks the minimum amount per method and picks the key pair per integration.
 */
export function tossSessionData(cart: CheckoutCart, { method, integration = "payment" }: TossSessionOptions = {}) {
  // Toss opens easy pay through its CARD window.
  return { method: method === "EASY_PAY" ? "CARD" : method, integration, orderName: orderNameFor(cart) }
}

export function createTossCheckout(options: TossCheckoutOptions): TossCheckout {
  const { sdk, sdkSrc } = options

  // One preparation at a time, so a double click or a re-render cannot create
  // two sessions (each initiation replaces the previous one).
  let queue: Promise<unknown> = Promise.resolve()
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task)
    queue = run.catch(() => undefined)
    return run
  }

  function preparePayment(cartId: string, prepare: PreparePaymentOptions = {}): Promise<PreparedPayment> {
    const { headers } = prepare
    return serially(async () => {
      const cart = await sdk.store.cart.retrieve(cartId, { fields: CART_FIELDS }, headers).then(
        (response) => response.cart,
        (error: unknown) => {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", undefined, error)
        }
      )
      const data = tossSessionData(cart, prepare)
      let session = cart.payment_collection?.payment_sessions?.find((s) => isFresh(s, cart, data))
      if (!session) {
        try {
          const { payment_collection } = await sdk.store.payment.initiatePaymentSession(
            cart,
            { provider_id: TOSS_PROVIDER_ID, data },
            {},
            headers
          )
          session = payment_collection.payment_sessions?.find((s) => s.provider_id === TOSS_PROVIDER_ID)
        } catch (error) {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", storeRefusal(error), error)
        }
      }
      return preparedPayment(cart, session, data.integration)
    })
  }

  function redirectUrls() {
    if (!options.successUrl || !options.failUrl) {
      throw new TypeError("createTossCheckout: opening Toss needs successUrl and failUrl")
    }
    return { successUrl: absoluteUrl(options.successUrl), failUrl: absoluteUrl(options.failUrl) }
  }

  async function loadToss(clientKey: string): Promise<TossPaymentsSDK> {
    try {
      return await loadTossPayments(clientKey, sdkSrc ? { src: sdkSrc } : undefined)
    } catch (error) {
      throw checkoutError("TOSS_SDK_LOAD_FAILED", undefined, error)
    }
  }

  async function requestPayment(cartId: string, request: RequestPaymentOptions): Promise<void> {
    if (request.method === "EASY_PAY" && !request.easyPay) {
      throw new TypeError('requestPayment: method "EASY_PAY" needs easyPay, e.g. "TOSSPAY"')
    }
    const urls = redirectUrls()
    const prepared = await preparePayment(cartId, { method: request.method, integration: "payment", headers: request.headers })
    const toss = await loadToss(prepared.clientKey)
    try {
      const payment = toss.payment({ customerKey: customerKeyFor(prepared.cart) })
      // Before the window opens: the page may be gone before the promise settles.
      markAttempted(prepared.orderId)
      await (payment.requestPayment as (request: WindowPaymentRequest) => Promise<void>)({
        ...methodFields(request),
        amount: { currency: "KRW", value: prepared.amount },
        orderId: prepared.orderId,
        orderName: prepared.orderName,
        ...urls,
        ...customerFields(prepared.cart, request.customer),
      })
    } catch (error) {
      throw tossSdkError(error)
    }
  }

  async function mountWidget(cartId: string, mount: MountWidgetOptions): Promise<TossWidget> {
    const urls = redirectUrls()
    const prepare = { integration: "widget", headers: mount.headers } as const
    let prepared = await preparePayment(cartId, prepare)
    const toss = await loadToss(prepared.clientKey)
    try {
      const widgets = toss.widgets({ customerKey: customerKeyFor(prepared.cart) })
      await widgets.setAmount({ currency: "KRW", value: prepared.amount })
      const rendered = await Promise.all([
        widgets.renderPaymentMethods({ selector: mount.methods }),
        widgets.renderAgreement({ selector: mount.agreement }),
      ])
      return {
        async requestPayment(request = {}) {
          // The cart may have changed since mounting (new total, new session).
          const current = await preparePayment(cartId, prepare)
          try {
            if (current.amount !== prepared.amount) {
              await widgets.setAmount({ currency: "KRW", value: current.amount })
            }
            prepared = current
            markAttempted(current.orderId)
            await widgets.requestPayment({
              orderId: current.orderId,
              orderName: current.orderName,
              ...urls,
              ...customerFields(current.cart, request.customer),
            })
          } catch (error) {
            throw tossSdkError(error)
          }
        },
        async destroy() {
          await Promise.all(rendered.map((widget) => widget.destroy()))
        },
      }
    } catch (error) {
      throw tossSdkError(error)
    }
  }

  function handleSuccess(
    searchParams: SearchParamsInput | Promise<SearchParamsInput>,
    { cartId, headers }: { cartId?: string; headers?: StoreHeaders } = {}
  ): Promise<CompletedOrder> {
    return confirmOrder({ sdk, searchParams, cartId, headers })
  }

  return { preparePayment, requestPayment, mountWidget, handleSuccess, describeFailure }
}

/**
 * A session can carry a new payment attempt only if nothing has happened to it:
 * Toss refuses an orderId it has seen, and Medusa completes the cart only when
 * the session amount still equals the cart total.
 */
function isFresh(
  session: CheckoutPaymentSession,
  cart: CheckoutCart,
  { method, integration }: ReturnType<typeof tossSessionData>
): boolean {
  const data = session.data ?? {}
  return (
    session.provider_id === TOSS_PROVIDER_ID &&
    session.amount === cart.total &&
    data.amount === cart.total &&
    !data.paymentKey &&
    typeof data.orderId === "string" &&
    !wasAttempted(data.orderId) &&
    // The server stores "no method" as null.
    (data.method ?? undefined) === method &&
    data.integration === integration
  )
}

function preparedPayment(
  cart: CheckoutCart,
  session: CheckoutPaymentSession | undefined,
  integration: TossIntegration
): PreparedPayment {
  const { orderId, amount, orderName, clientKey } = session?.data ?? {}
  if (
    !session ||
    typeof orderId !== "string" ||
    typeof amount !== "number" ||
    typeof orderName !== "string" ||
    typeof clientKey !== "string"
  ) {
    throw checkoutError(
      "PAYMENT_PREPARATION_FAILED",
      undefined,
      new Error(`The ${TOSS_PROVIDER_ID} session data lacks orderId, amount, orderName or clientKey (for ${integration}).`)
    )
  }
  return { cart, session, orderId, amount, orderName, clientKey }
}

function methodFields(request: RequestPaymentOptions): Pick<WindowPaymentRequest, "method" | "card" | "virtualAccount"> {
  switch (request.method) {
    case "EASY_PAY":
      // DIRECT opens the easy-pay app itself instead of Toss's card selection.
      return { method: "CARD", card: { flowMode: "DIRECT", easyPay: request.easyPay } }
    case "VIRTUAL_ACCOUNT":
      return {
        method: request.method,
        virtualAccount: { cashReceipt: { type: "소득공제" }, validHours: request.virtualAccount?.validHours },
      }
    default:
      return { method: request.method }
  }
}

/** Toss's SDK rejects with `{code, message}`; closing the window gives USER_CANCEL. */
function tossSdkError(error: unknown): TossCheckoutError {
  if (error instanceof TossCheckoutError) {
    return error
  }
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === "string"
    ? checkoutError(code, (error as Error).message, error)
    : checkoutError("UNKNOWN", undefined, error)
}

/** The store's reason for refusing a session (a 4xx, e.g. below the method's minimum); other errors mean nothing to a shopper. */
function storeRefusal(error: unknown): string | undefined {
  const status = statusOf(error)
  return status !== undefined && status >= 400 && status < 500 ? (error as Error).message : undefined
}

function absoluteUrl(url: string): string {
  return new URL(url, window.location.href).href
}
