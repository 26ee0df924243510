import type { BigNumberInput } from "@medusajs/framework/types"
import { BigNumber, MedusaError } from "@medusajs/framework/utils"
import type { Payment } from "../../portone/types"
import { storableText } from "../toss/text"
import type { PortOneOptions } from "./options"
import type { ExpectedPayment } from "./payment-check"
import { paymentView, PortOnePaymentView } from "./payment-view"

export const PORTONE_CURRENCY = "KRW"

/** What the storefront needs to open PortOne's window (`requestPayment`), all public. */
export interface PortOneCheckout {
  storeId: string
  /** The Medusa payment session id. */
  paymentId: string
  channelKeys: string[]
  orderName: string
  /** The amount the store stored and pre-registered at PortOne. */
  totalAmount: number
  taxFreeAmount: number
  currency: typeof PORTONE_CURRENCY
}

/** The PortOne provider's data in a Medusa payment session or payment (public: see payment-view.ts). */
export interface PortOneSessionData {
  portone: PortOneCheckout
  /** PortOne's status at its last answer; null before the first. */
  status: string | null
  payment: PortOnePaymentView | null
}

/** What a storefront may send at initiation (`taxFreeAmount` is written over by the plugin's middleware from the cart). */
const STOREFRONT_KEYS = new Set(["session_id", "orderName", "taxFreeAmount"])
/** The keys only the provider writes; Medusa passes an old session's data back when it recreates one. */
const PROVIDER_KEYS = new Set(["portone", "status", "payment"])
/**
 * Medusa's session ids (`payses_` + ULID), which most PGs take as a
 * paymentId; NHN KCP takes letters and digits only, so a KCP channel refuses
 * them (docs/portone.md).
 */
const PAYMENT_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/
const ORDER_NAME_MAX = 100
const DEFAULT_ORDER_NAME = "주문 결제"

function invalid(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

/** Whole won, positive. */
export function toWon(amount: BigNumberInput): number {
  const won = new BigNumber(amount).numeric
  if (!Number.isInteger(won) || won <= 0) {
    throw invalid(`PortOne takes a positive amount of whole won, got ${won} KRW.`)
  }
  return won
}

function readCurrency(currencyCode: string): void {
  if (currencyCode.toUpperCase() !== PORTONE_CURRENCY) {
    throw invalid(
      `이 결제 수단은 원화(KRW) 결제만 받아요. The PortOne payment provider only takes Korean won (KRW), but this cart is in ${currencyCode.toUpperCase()}. Use a region whose currency is KRW.`
    )
  }
}

function readTaxFree(taxFreeAmount: unknown, won: number): number {
  if (taxFreeAmount === undefined || taxFreeAmount === null) {
    return 0
  }
  if (typeof taxFreeAmount !== "number" || !Number.isInteger(taxFreeAmount) || taxFreeAmount < 0 || taxFreeAmount > won) {
    throw invalid(`taxFreeAmount must be a whole amount between 0 and the payment's ${won} KRW.`)
  }
  return taxFreeAmount
}

/**
 * A new session's data from Medusa's initiation: the amount the server
 * stored, the store's PortOne store and channels, and the storefront's
 * order name; any other storefront key is refused (session data is merged
 * over its input, so every provider key is written here).
 */
export function readNewSession(
  { amount, currency_code, data = {} }: { amount: BigNumberInput; currency_code: string; data?: Record<string, unknown> },
  options: Pick<PortOneOptions, "storeId" | "channelKeys">
): PortOneSessionData {
  readCurrency(currency_code)
  const unknown = Object.keys(data).filter((key) => !STOREFRONT_KEYS.has(key) && !PROVIDER_KEYS.has(key))
  if (unknown.length) {
    throw invalid(
      `Unknown PortOne session data: ${unknown.map((key) => JSON.stringify(storableText(key, 40))).join(", ")}. A storefront may send orderName.`
    )
  }
  const paymentId = String(data.session_id ?? "")
  if (!PAYMENT_ID_PATTERN.test(paymentId)) {
    throw invalid(`Cannot use session id "${storableText(paymentId, 80)}" as a PortOne paymentId.`)
  }
  if (data.orderName !== undefined && data.orderName !== null && typeof data.orderName !== "string") {
    throw invalid("orderName must be text.")
  }
  const won = toWon(amount)
  return {
    portone: {
      storeId: options.storeId,
      paymentId,
      channelKeys: [...options.channelKeys],
      orderName: storableText(data.orderName, ORDER_NAME_MAX) || DEFAULT_ORDER_NAME,
      totalAmount: won,
      taxFreeAmount: readTaxFree(data.taxFreeAmount, won),
      currency: PORTONE_CURRENCY,
    },
    status: null,
    payment: null,
  }
}

/**
 * The session after Medusa's update: a new amount (and tax-free share) to
 * pre-register. A session PortOne has answered about does not change.
 */
export function readUpdate(
  session: PortOneSessionData,
  { amount, currency_code, data = {} }: { amount: BigNumberInput; currency_code: string; data?: Record<string, unknown> }
): PortOneSessionData {
  readCurrency(currency_code)
  const won = toWon(amount)
  const sent = (data.portone ?? {}) as Partial<PortOneCheckout>
  const taxFreeAmount = readTaxFree(data.taxFreeAmount ?? sent.taxFreeAmount ?? session.portone.taxFreeAmount, won)
  if (session.status && (won !== session.portone.totalAmount || taxFreeAmount !== session.portone.taxFreeAmount)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This PortOne payment has already been made and its amount cannot be changed.")
  }
  return { ...session, portone: { ...session.portone, totalAmount: won, taxFreeAmount } }
}

/** The provider's data in a Medusa payment session or payment. */
export function readSession(data: Record<string, unknown>): PortOneSessionData {
  const portone = data.portone as Partial<PortOneCheckout> | undefined
  if (!portone || typeof portone.paymentId !== "string" || typeof portone.totalAmount !== "number") {
    throw invalid("This payment session was not created by the PortOne provider.")
  }
  return { status: null, payment: null, ...(data as object) } as PortOneSessionData
}

/** What PortOne's payment must match: the stored session, never the browser's word. */
export function expectedPayment(session: PortOneSessionData): ExpectedPayment {
  const { paymentId, totalAmount, taxFreeAmount, storeId, channelKeys } = session.portone
  return { paymentId, amount: totalAmount, taxFreeAmount, currency: PORTONE_CURRENCY, storeId, channelKeys }
}

/** The session with PortOne's latest answer, as much of it as may be public. */
export function withPayment(session: PortOneSessionData, payment: Payment): PortOneSessionData {
  return { ...session, status: String(payment.status), payment: paymentView(payment) }
}

/** The pre-registration of the stored amount: the same amount gives the same request. */
export function preRegistration(session: PortOneSessionData) {
  const { paymentId, totalAmount, taxFreeAmount, currency } = session.portone
  return { paymentId, input: { totalAmount, taxFreeAmount, currency }, keyParts: ["pre-register", paymentId, totalAmount, taxFreeAmount] as const }
}
