import { loadTossPayments, type TossPaymentsSDK } from "@tosspayments/tosspayments-sdk"
import { markAttempted, wasAttempted } from "./attempts"
import { billingCheckout, type TossBillingCheckout } from "./billing"
import { confirmOrder } from "./complete"
import { customerFields, customerKeyFor } from "./customer"
import { checkoutError, describeFailure, inLocale, storeRefusal, TossCheckoutError, tossSdkError, type TossFailure } from "./failure"
import { orderNameFor } from "./order-name"
import { absoluteUrl, type SearchParamsInput } from "./search-params"
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

/**
 * The Toss provider of a store that registers it with `id: "toss"`: Medusa
 * names a provider `pp_` + identifier (`toss`) + `_` + the registration's id.
 * A store that registers Toss under another id, or several Toss accounts,
 * passes its `providerId` to `createTossCheckout`.
 */
export const TOSS_PROVIDER_ID = "pp_toss_toss"

/** Whether a session's or payment's `provider_id` is a Toss registration (`pp_toss_<id>`), whatever its id. */
export function isTossProviderId(providerId: unknown): providerId is string {
  return typeof providerId === "string" && /^pp_toss_./.test(providerId)
}

// The cart's default fields plus the customer's `has_account`, to tell members from guests.
const CART_FIELDS = "*customer"

export interface TossCheckoutOptions {
  /** A `Medusa` instance from `@medusajs/js-sdk`, configured with the publishable key. */
  sdk: MedusaStoreSdk
  /**
   * The Toss registration this storefront pays with, `pp_toss_<id>` (the
   * region must offer it). Default `pp_toss_toss`; a store with several Toss
   * accounts (a brand each, a separate one for saved cards) names its own.
   */
  providerId?: string
  /**
   * Where Toss sends the shopper after authentication; may be relative to the
   * page. Needed to open Toss, not to complete a payment.
   */
  successUrl?: string
  /** Where Toss sends the shopper when the payment fails or is canceled. */
  failUrl?: string
  /** Load Toss's browser SDK from elsewhere (a local sandbox) instead of js.tosspayments.com. */
  sdkSrc?: string | null
  /** The storefront's language: this module's texts, and Toss's card window where Toss offers it. Default "ko". */
  locale?: TossLocale
  /**
   * An iOS app's URL scheme (`myshop://`) when the storefront runs in its
   * webview: card and bank apps return there after authentication.
   */
  appScheme?: string
}

/** The languages of this module's texts: Korean (default) and English. */
export type TossLocale = "ko" | "en"

/** 현금영수증: 소득공제 (personal, by phone number), 지출증빙 (business), 미발행 (none); absent: the shopper chooses in Toss's window. */
export type TossCashReceiptType = "소득공제" | "지출증빙" | "미발행"

/** Which Toss session a storefront asks for; see `tossSessionData`. The server checks each against the store's options. */
export interface TossSessionOptions {
  method?: TossPaymentMethod
  integration?: TossIntegration
  /** A virtual account's deposit window in hours (1 to 2,160), or… */
  validHours?: number
  /** …its due date, Korean time `2026-12-24T23:59:59` (at most 90 days ahead). */
  dueDate?: string
  /** Escrow (에스크로) for a transfer or virtual account, where the store offers it. */
  useEscrow?: boolean
  /** Fewer installment months than the store offers, e.g. 0 for lump sum only. */
  maxCardInstallmentPlan?: number
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
  /** For a transfer or virtual account: which cash receipt the shopper asked for. */
  cashReceipt?: { type: TossCashReceiptType }
  virtualAccount?: { validHours?: number; dueDate?: string }
  useEscrow?: boolean
  card?: { maxCardInstallmentPlan?: number }
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
  requestPayment(options?: { customer?: TossCustomer; cashReceipt?: { type: TossCashReceiptType } }): Promise<void>
  /** Removes the widget's UI, e.g. before mounting it again. */
  destroy(): Promise<void>
}

export interface TossCheckout extends TossBillingCheckout {
  /** The Toss registration its sessions are made with. */
  readonly providerId: string
  preparePayment(cartId: string, options?: PreparePaymentOptions): Promise<PreparedPayment>
  requestPayment(cartId: string, options: RequestPaymentOptions): Promise<void>
  /**
   * Opens Toss's payment window for a session prepared elsewhere, e.g. an
   * order's balance (`requestOrderPayment` of `medusa-payment-toss/storefront/orders`).
   */
  openPayment(prepared: PreparedPayment, options: RequestPaymentOptions): Promise<void>
  mountWidget(cartId: string, options: MountWidgetOptions): Promise<TossWidget>
  /** `completeTossPayment` that throws its failure (a `TossCheckoutError`). */
  handleSuccess(
    searchParams: SearchParamsInput | Promise<SearchParamsInput>,
    options?: { cartId?: string; headers?: StoreHeaders }
  ): Promise<CompletedOrder>
  describeFailure(searchParams: SearchParamsInput): TossFailure
}

/**
 * The data a storefront sends when it initiates the Toss session
 * itself (e.g. in the checkout's payment step), so that `requestPayment` and
 * `mountWidget` can use that session instead of creating another. The server
 * checks the minimum amount per method and picks the key pair per integration.
 */
export function tossSessionData(
  cart: CheckoutCart,
  { method, integration = "payment", validHours, dueDate, useEscrow, maxCardInstallmentPlan }: TossSessionOptions = {}
) {
  const chosen = Object.entries({ validHours, dueDate, useEscrow, maxCardInstallmentPlan }).filter(([, value]) => value !== undefined)
  return {
    // Toss opens easy pay through its CARD window.
    method: method === "EASY_PAY" ? "CARD" : method,
    integration,
    orderName: orderNameFor(cart),
    ...(Object.fromEntries(chosen) as Pick<TossSessionOptions, "validHours" | "dueDate" | "useEscrow" | "maxCardInstallmentPlan">),
  }
}

export function createTossCheckout(options: TossCheckoutOptions): TossCheckout {
  const { sdk, sdkSrc } = options
  const providerId = options.providerId ?? TOSS_PROVIDER_ID

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
      let session = cart.payment_collection?.payment_sessions?.find((s) => s.provider_id === providerId && isFresh(s, cart, data))
      if (!session) {
        try {
          const { payment_collection } = await sdk.store.payment.initiatePaymentSession(
            cart,
            { provider_id: providerId, data },
            {},
            headers
          )
          session = payment_collection.payment_sessions?.find((s) => s.provider_id === providerId)
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
    redirectUrls()
    const prepared = await preparePayment(cartId, {
      method: request.method,
      integration: "payment",
      validHours: request.virtualAccount?.validHours,
      dueDate: request.virtualAccount?.dueDate,
      useEscrow: request.useEscrow,
      maxCardInstallmentPlan: request.card?.maxCardInstallmentPlan,
      headers: request.headers,
    })
    await openPayment(prepared, request)
  }

  async function openPayment(prepared: PreparedPayment, request: RequestPaymentOptions): Promise<void> {
    const urls = redirectUrls()
    const toss = await loadToss(prepared.clientKey)
    try {
      const payment = toss.payment({ customerKey: customerKeyFor(prepared.cart) })
      // Before the window opens: the page may be gone before the promise settles.
      markAttempted(prepared.orderId)
      await openWindow(
        payment,
        request,
        prepared,
        { ...urls, ...customerFields(prepared.cart, request.customer), ...serverChoices(prepared) },
        options
      )
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
            const { escrow, cashReceipt } = windowChoices(current, request.cashReceipt)
            const virtualAccount = { ...escrow, ...cashReceipt }
            await widgets.requestPayment({
              orderId: current.orderId,
              orderName: current.orderName,
              ...urls,
              ...customerFields(current.cart, request.customer),
              ...serverChoices(current),
              ...(options.appScheme ? { card: { appScheme: options.appScheme } } : {}),
              ...(Object.keys(escrow).length ? { transfer: escrow } : {}),
              ...(Object.keys(virtualAccount).length ? { virtualAccount } : {}),
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

  // Saved cards (Toss billing), on the same checkout.
  const billing = billingCheckout({ sdk, loadToss, providerId })
  // The module's texts in the storefront's language.
  const locale = options.locale ?? "ko"
  function localized<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return (...args) =>
      run(...args).catch((error: unknown) => {
        throw error instanceof TossCheckoutError && locale !== "ko" ? new TossCheckoutError(inLocale(error, locale), { cause: error.cause }) : error
      })
  }
  return {
    providerId,
    preparePayment: localized(preparePayment),
    requestPayment: localized(requestPayment),
    openPayment: localized(openPayment),
    mountWidget: localized(async (cartId: string, mount: MountWidgetOptions) => {
      const widget = await mountWidget(cartId, mount)
      return { ...widget, requestPayment: localized(widget.requestPayment) }
    }),
    handleSuccess: localized(handleSuccess),
    describeFailure: (searchParams: SearchParamsInput) => describeFailure(searchParams, { locale }),
    ...(Object.fromEntries(Object.entries(billing).map(([name, run]) => [name, localized(run)])) as unknown as TossBillingCheckout),
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
  { method, integration, ...chosen }: ReturnType<typeof tossSessionData>
): boolean {
  const data = session.data ?? {}
  return (
    session.amount === cart.total &&
    data.amount === cart.total &&
    !data.paymentKey &&
    typeof data.orderId === "string" &&
    !wasAttempted(data.orderId) &&
    // The server stores "no method" (and no choice) as null.
    (data.method ?? undefined) === method &&
    data.integration === integration &&
    (data.validHours ?? undefined) === chosen.validHours &&
    (data.dueDate ?? undefined) === chosen.dueDate &&
    (chosen.useEscrow === undefined || data.useEscrow === chosen.useEscrow) &&
    (chosen.maxCardInstallmentPlan === undefined || data.maxCardInstallmentPlan === chosen.maxCardInstallmentPlan)
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
      new Error(`The Toss session data lacks orderId, amount, orderName or clientKey (for ${integration}).`)
    )
  }
  return { cart, session, orderId, amount, orderName, clientKey }
}

type PaymentWindow = ReturnType<TossPaymentsSDK["payment"]>
type CommonRequest = {
  amount: { currency: "KRW"; value: number }
  orderId: string
  orderName: string
  successUrl: string
  failUrl: string
  customerName?: string
  customerEmail?: string
  customerMobilePhone?: string
  taxFreeAmount?: number
}

/** What the server decided for the window (the session's data): the tax-free amount. */
function serverChoices(prepared: PreparedPayment): { taxFreeAmount?: number } {
  const taxFreeAmount = prepared.session.data?.taxFreeAmount
  return typeof taxFreeAmount === "number" && taxFreeAmount > 0 ? { taxFreeAmount } : {}
}

/** The session's escrow and the shopper's cash receipt, as Toss's transfer and virtual-account options. */
function windowChoices(prepared: PreparedPayment, cashReceipt?: { type: TossCashReceiptType }) {
  const data = prepared.session.data ?? {}
  const escrow =
    data.useEscrow === true || data.useEscrow === false
      ? { useEscrow: data.useEscrow, ...(data.useEscrow ? { escrowProducts: data.escrowProducts as EscrowProducts } : {}) }
      : {}
  return { escrow, cashReceipt: cashReceipt ? { cashReceipt } : {} }
}
type EscrowProducts = { id: string; name: string; code: string; unitPrice: number; quantity: number }[]

/**
 * Toss's payment window for the method asked for, each call typed by the
 * SDK's own overload for that method.
 */
function openWindow(
  payment: PaymentWindow,
  request: RequestPaymentOptions,
  prepared: PreparedPayment,
  fields: Omit<CommonRequest, "amount" | "orderId" | "orderName">,
  { locale, appScheme }: Pick<TossCheckoutOptions, "locale" | "appScheme">
): Promise<void> {
  const data = prepared.session.data ?? {}
  const common: CommonRequest = { amount: { currency: "KRW", value: prepared.amount }, orderId: prepared.orderId, orderName: prepared.orderName, ...fields }
  const { escrow, cashReceipt } = windowChoices(prepared, request.cashReceipt)
  const language = locale === "en" ? ("EN" as const) : undefined
  const installments = {
    ...(typeof data.maxCardInstallmentPlan === "number" ? { maxCardInstallmentPlan: data.maxCardInstallmentPlan } : {}),
    ...(Array.isArray(data.freeInstallmentPlans) ? { freeInstallmentPlans: data.freeInstallmentPlans as { company: string; months: number[] }[] } : {}),
  }
  const app = appScheme ? { appScheme } : {}
  switch (request.method) {
    case "EASY_PAY":
      // DIRECT opens the easy-pay app itself instead of Toss's card selection.
      return payment.requestPayment({ ...common, method: "CARD", card: { flowMode: "DIRECT", easyPay: request.easyPay, ...app } })
    case "CARD": {
      const card = { ...installments, ...(language ? { language } : {}), ...app }
      return payment.requestPayment({ ...common, method: "CARD", ...(Object.keys(card).length ? { card } : {}) })
    }
    case "VIRTUAL_ACCOUNT":
      return payment.requestPayment({
        ...common,
        method: "VIRTUAL_ACCOUNT",
        virtualAccount: {
          ...escrow,
          ...cashReceipt,
          ...(typeof data.validHours === "number" ? { validHours: data.validHours } : {}),
          ...(typeof data.dueDate === "string" ? { dueDate: data.dueDate } : {}),
        },
      })
    case "TRANSFER":
      return payment.requestPayment({ ...common, method: "TRANSFER", transfer: { ...escrow, ...cashReceipt } })
    case "MOBILE_PHONE":
      return payment.requestPayment({ ...common, method: "MOBILE_PHONE" })
    case "CULTURE_GIFT_CERTIFICATE":
    case "BOOK_GIFT_CERTIFICATE":
    case "GAME_GIFT_CERTIFICATE":
      return payment.requestPayment({ ...common, method: request.method })
  }
}
