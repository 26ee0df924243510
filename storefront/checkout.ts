import { loadTossPayments, type TossPaymentsSDK } from "@tosspayments/tosspayments-sdk"
import { markAttempted, wasAttempted } from "./attempts"
import { billingCheckout, type TossBillingCheckout } from "./billing"
import { customerFields, customerKeyFor } from "./customer"
import { checkoutError, describeFailure, TossCheckoutError, type TossFailure } from "./failure"
import { orderNameFor } from "./order-name"
import { readSearchParam, type SearchParamsInput } from "./search-params"
import type {
  CheckoutCart,
  CheckoutPaymentSession,
  CompletedOrder,
  MedusaStoreSdk,
  TossCustomer,
  TossEasyPay,
  TossIntegration,
  TossPaymentMethod,
} from "./types"

/** The Toss provider as Medusa names it: `pp_` + identifier `toss` + id `toss`. */
export const TOSS_PROVIDER_ID = "pp_toss_toss"

const COMPLETE_PATH = "/store/toss/complete"
// The cart's default fields plus the customer's `has_account`, to tell members from guests.
const CART_FIELDS = "*customer"
// A 409 means another request (a double-submitted success page, a webhook) is
// completing this cart; it finishes within seconds, then the route answers
// with the order. Wait for it rather than show an error.
const COMPLETION_ATTEMPTS = 30
const COMPLETION_RETRY_MS = 1000

export interface TossCheckoutOptions {
  /** A `Medusa` instance from `@medusajs/js-sdk`, configured with the publishable key. */
  sdk: MedusaStoreSdk
  /** Where Toss sends the shopper after authentication; may be relative to the page. */
  successUrl: string
  /** Where Toss sends the shopper when the payment fails or is canceled. */
  failUrl: string
  /** Load Toss's browser SDK from elsewhere (a local sandbox) instead of js.tosspayments.com. */
  sdkSrc?: string | null
}

export interface PreparePaymentOptions {
  method?: TossPaymentMethod
  integration?: TossIntegration
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
} & (
  | { method: "EASY_PAY"; easyPay: TossEasyPay }
  | { method: Exclude<TossPaymentMethod, "EASY_PAY">; easyPay?: never }
)

export interface MountWidgetOptions {
  /** CSS selector of the element for Toss's payment method list. */
  methods: string
  /** CSS selector of the element for Toss's terms agreement. */
  agreement: string
}

export interface TossWidget {
  /** Opens the method the shopper chose in the widget; customer details default to the cart's. */
  requestPayment(options?: { customer?: TossCustomer }): Promise<void>
  /** Removes the widget's UI, e.g. before mounting it again. */
  destroy(): Promise<void>
}

export interface TossCheckout extends TossBillingCheckout {
  preparePayment(cartId: string, options?: PreparePaymentOptions): Promise<PreparedPayment>
  requestPayment(cartId: string, options: RequestPaymentOptions): Promise<void>
  mountWidget(cartId: string, options: MountWidgetOptions): Promise<TossWidget>
  handleSuccess(searchParams: SearchParamsInput, options: { cartId: string }): Promise<CompletedOrder>
  describeFailure(searchParams: SearchParamsInput): TossFailure
}

type CompleteResponse =
  | { type: "order"; order: CompletedOrder }
  | { type: "cart"; error?: { message?: string } }

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
    const integration = prepare.integration ?? "payment"
    // What the server is told: Toss opens easy pay through its CARD window.
    const method = prepare.method === "EASY_PAY" ? "CARD" : prepare.method
    return serially(async () => {
      const cart = await sdk.store.cart.retrieve(cartId, { fields: CART_FIELDS }).then(
        (response) => response.cart,
        (error: unknown) => {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", undefined, error)
        }
      )
      let session = cart.payment_collection?.payment_sessions?.find((s) => isFresh(s, cart, method, integration))
      if (!session) {
        try {
          const { payment_collection } = await sdk.store.payment.initiatePaymentSession(cart, {
            provider_id: TOSS_PROVIDER_ID,
            // The server checks the minimum amount per method and picks the key pair per integration.
            data: { method, integration, orderName: orderNameFor(cart) },
          })
          session = payment_collection.payment_sessions?.find((s) => s.provider_id === TOSS_PROVIDER_ID)
        } catch (error) {
          throw checkoutError("PAYMENT_PREPARATION_FAILED", storeRefusal(error), error)
        }
      }
      return preparedPayment(cart, session, integration)
    })
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
    const prepared = await preparePayment(cartId, { method: request.method, integration: "payment" })
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
        successUrl: absoluteUrl(options.successUrl),
        failUrl: absoluteUrl(options.failUrl),
        ...customerFields(prepared.cart, request.customer),
      })
    } catch (error) {
      throw tossSdkError(error)
    }
  }

  async function mountWidget(cartId: string, mount: MountWidgetOptions): Promise<TossWidget> {
    let prepared = await preparePayment(cartId, { integration: "widget" })
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
          const current = await preparePayment(cartId, { integration: "widget" })
          try {
            if (current.amount !== prepared.amount) {
              await widgets.setAmount({ currency: "KRW", value: current.amount })
            }
            prepared = current
            markAttempted(current.orderId)
            await widgets.requestPayment({
              orderId: current.orderId,
              orderName: current.orderName,
              successUrl: absoluteUrl(options.successUrl),
              failUrl: absoluteUrl(options.failUrl),
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

  async function handleSuccess(searchParams: SearchParamsInput, { cartId }: { cartId: string }) {
    const paymentKey = readSearchParam(searchParams, "paymentKey")
    const orderId = readSearchParam(searchParams, "orderId")
    const amount = Number(readSearchParam(searchParams, "amount"))
    if (!paymentKey || !orderId || !(Number.isSafeInteger(amount) && amount > 0)) {
      throw checkoutError("MISSING_PAYMENT_RESULT")
    }
    // The success page may open in a new tab (mobile apps): never offer this orderId again.
    markAttempted(orderId)
    // The amount is Toss's claim from the URL; the server checks it against the session.
    return completeCart(sdk, COMPLETE_PATH, { cart_id: cartId, paymentKey, orderId, amount })
  }

  return { preparePayment, requestPayment, mountWidget, handleSuccess, describeFailure, ...billingCheckout(sdk, loadToss) }
}

/** Posts to a completion route of the plugin and returns the order, waiting out a completion already running (409). */
export async function completeCart(sdk: MedusaStoreSdk, path: string, body: Record<string, unknown>): Promise<CompletedOrder> {
  for (let attempt = 1; ; attempt++) {
    let result: CompleteResponse
    try {
      result = await sdk.client.fetch<CompleteResponse>(path, { method: "POST", body })
    } catch (error) {
      const status = statusOf(error)
      if (status === 409 && attempt < COMPLETION_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, COMPLETION_RETRY_MS))
        continue
      }
      // 400/404: the payment does not match the cart (tampered amount, foreign
      // orderId, someone else's card) or the cart cannot become an order;
      // either way nothing stays charged.
      throw checkoutError(status === 400 || status === 404 ? "PAYMENT_NOT_CONFIRMED" : "COMPLETION_FAILED", undefined, error)
    }
    if (result.type === "order") {
      return result.order
    }
    throw checkoutError("PAYMENT_DECLINED", result.error?.message)
  }
}

/**
 * A session can carry a new payment attempt only if nothing has happened to it:
 * Toss refuses an orderId it has seen, and Medusa completes the cart only when
 * the session amount still equals the cart total.
 */
function isFresh(
  session: CheckoutPaymentSession,
  cart: CheckoutCart,
  method: string | undefined,
  integration: TossIntegration
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
export function tossSdkError(error: unknown): TossCheckoutError {
  if (error instanceof TossCheckoutError) {
    return error
  }
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === "string"
    ? checkoutError(code, (error as Error).message, error)
    : checkoutError("UNKNOWN", undefined, error)
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

/** The store's reason for refusing a session (a 4xx, e.g. below the method's minimum); other errors mean nothing to a shopper. */
export function storeRefusal(error: unknown): string | undefined {
  const status = statusOf(error)
  return status !== undefined && status >= 400 && status < 500 ? (error as Error).message : undefined
}

export function absoluteUrl(url: string): string {
  return new URL(url, window.location.href).href
}
