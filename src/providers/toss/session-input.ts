import type { PaymentProviderContext } from "@medusajs/framework/types"
import { BigNumber, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { readSavedCard } from "./billing"
import { meaningOf, MINIMUM_AMOUNT, ORDER_ID_PATTERN, TOSS_CURRENCY, TOSS_METHODS, TossMethod, TossStatusMeaning } from "./const"
import { keysFor, TossIntegration, TossOptions } from "./options"
import type { TossSessionData } from "./session-data"
import { storableText } from "./text"
import { readWindowOptions } from "./window-options"

/**
 * What may come into a Toss session's data at initiation: Medusa's
 * `session_id`, the storefront's choices, and what the plugin's middleware
 * computed from the cart (taxFreeAmount, escrowProducts).
 */
const STOREFRONT_KEYS = new Set([
  "session_id",
  "method",
  "integration",
  "orderName",
  "validHours",
  "dueDate",
  "useEscrow",
  "maxCardInstallmentPlan",
  "taxFreeAmount",
  "escrowProducts",
  "payment_method",
])
/** The keys only the plugin writes: a storefront's values for them are replaced. */
const PLUGIN_KEYS = new Set([
  "orderId",
  "amount",
  "currency",
  "clientKey",
  "paymentKey",
  "status",
  "payment",
  "refundTransactionKeys",
  "freeInstallmentPlans",
  "customerKey",
])
const PAYMENT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,200}$/
const ORDER_NAME_MAX = 100
const DEFAULT_ORDER_NAME = "주문 결제"

/**
 * A new session's data from Medusa's initiation: the amount the server
 * stored, what the storefront asked for, and every key the plugin owns
 * written here, so nothing the storefront sent for them survives (session
 * data is merged over its input). Anything Toss would refuse is refused
 * here, with a message that says why.
 */
export function readNewSession(
  { amount, currency_code, data = {}, context }: { amount: BigNumberInput; currency_code: string; data?: Record<string, unknown>; context?: PaymentProviderContext },
  options: TossOptions
): TossSessionData {
  const sessionId = String(data.session_id ?? "")
  if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `토스페이먼츠는 원화(KRW) 결제만 받아요. Toss Payments only takes Korean won (KRW), but this cart is in ${currency_code.toUpperCase()}. Use a region whose currency is KRW for Toss.`
    )
  }
  // The plugin's own keys are written over below (Medusa passes an old
  // session's data back when it recreates one); anything else is refused.
  const unknown = Object.keys(data).filter((key) => !STOREFRONT_KEYS.has(key) && !PLUGIN_KEYS.has(key))
  if (unknown.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Unknown Toss session data: ${unknown.map((key) => JSON.stringify(storableText(key, 40))).join(", ")}. A storefront may send ${[...STOREFRONT_KEYS].filter((key) => key !== "session_id").join(", ")}.`
    )
  }
  const integration = readIntegration(data.integration)
  const savedCard = readSavedCard({ paymentMethod: data.payment_method, method: data.method, integration }, context, options.billing)
  const method = savedCard ? "CARD" : readMethod(data.method)
  const won = toWon(amount, method)
  const windowOptions = readWindowOptions(data, { won, method, options })
  const keys = keysFor(options, integration)
  if (!keys) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      integration === "widget"
        ? "The Toss payment widget is not set up in this store (it needs the widget key pair, test_gck_… / test_gsk_…)."
        : "The Toss payment window is not set up in this store (it needs the API key pair, test_ck_… / test_sk_…)."
    )
  }
  if (!ORDER_ID_PATTERN.test(sessionId)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot build a Toss orderId from session id "${sessionId}".`)
  }
  return {
    orderId: sessionId,
    orderName: readOrderName(data.orderName),
    amount: won,
    currency: TOSS_CURRENCY,
    integration,
    method,
    ...windowOptions,
    clientKey: keys.clientKey ?? null,
    paymentKey: null,
    status: null,
    payment: null,
    refundTransactionKeys: [],
    payment_method: savedCard?.payment_method ?? null,
    customerKey: savedCard?.customerKey ?? null,
  }
}

/**
 * The session after Medusa's update: a new amount, or the paymentKey the
 * storefront hands over after Toss's redirect. A confirmed session does
 * not change.
 */
export function readUpdate(
  session: TossSessionData,
  { amount, currency_code, data = {} }: { amount: BigNumberInput; currency_code: string; data?: Record<string, unknown> }
): TossSessionData {
  if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss Payments only takes KRW, not ${currency_code.toUpperCase()}.`)
  }
  const won = toWon(amount, session.method)
  if (session.status) {
    if (won !== session.amount || data.paymentKey !== session.payment?.paymentKey) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This Toss payment is already confirmed and cannot be changed.")
    }
    return session
  }
  const paymentKey = data.paymentKey == null ? null : String(data.paymentKey)
  if (paymentKey !== null && session.payment_method) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A saved-card session is charged by the store, not through Toss's payment window: it takes no paymentKey.")
  }
  if (paymentKey !== null && !PAYMENT_KEY_PATTERN.test(paymentKey)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The paymentKey from Toss is malformed.")
  }
  return { ...session, amount: won, paymentKey }
}

/** The plugin's data in a Medusa payment session or payment. */
export function readSession(data: Record<string, unknown>): TossSessionData {
  if (typeof data.orderId !== "string" || typeof data.amount !== "number") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This payment session was not created by the Toss provider.")
  }
  const session = data as unknown as TossSessionData
  return { ...session, refundTransactionKeys: session.refundTransactionKeys ?? [] }
}

/**
 * What the status the session last recorded means (null before Toss's
 * first answer). A hint of what to ask Toss, never a decision about money.
 */
export function recordedMeaning(session: TossSessionData): TossStatusMeaning | null {
  return session.status ? meaningOf({ status: session.status }) : null
}

export function readMethod(method: unknown): TossMethod | null {
  if (method === undefined || method === null || method === "") {
    return null
  }
  if (!TOSS_METHODS.includes(method as TossMethod)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Unknown Toss payment method "${storableText(String(method), 40)}". Use one of ${TOSS_METHODS.join(", ")}.`
    )
  }
  return method as TossMethod
}

/** Whole won within Toss's limits; the method's minimum when the method is known. */
export function toWon(amount: BigNumberInput, method: TossMethod | null): number {
  const won = new BigNumber(amount).numeric
  if (!Number.isInteger(won)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss takes whole won only, got ${won} KRW.`)
  }
  const minimum = method ? MINIMUM_AMOUNT[method] : Math.min(...Object.values(MINIMUM_AMOUNT))
  if (won < minimum) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `결제 금액이 최소 금액 ${minimum.toLocaleString("ko-KR")}원보다 적어요. The amount ${won} KRW is below Toss's minimum of ${minimum} KRW${method ? ` for ${method}` : ""}.`
    )
  }
  return won
}

function readIntegration(integration: unknown): TossIntegration {
  if (integration === undefined || integration === null || integration === "payment" || integration === "widget") {
    return integration === "widget" ? "widget" : "payment"
  }
  throw new MedusaError(MedusaError.Types.INVALID_DATA, 'The Toss integration must be "payment" (the payment window) or "widget".')
}

function readOrderName(orderName: unknown): string {
  if (orderName !== undefined && orderName !== null && typeof orderName !== "string") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "orderName must be text.")
  }
  return storableText(orderName, ORDER_NAME_MAX) || DEFAULT_ORDER_NAME
}
