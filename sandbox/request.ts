/**
 * What a payment window is asked for, and the rules Toss applies to it
 * before the shopper sees the window: one flat request whatever asked for it
 * (the SDK stand-in, whose nested request sdk-request.ts flattens, or the
 * `authenticate` test control), checked here once.
 *
 * Codes follow Toss's error table; (undocumented) choices are marked.
 */
import { ACCOUNT_NUMBER_PATTERN, HOLDER_NAME_MAX, isTossBankCode } from "../src/lib/toss-banks"
import {
  CASH_RECEIPT_TYPES,
  CashReceiptType,
  EASY_PAY_PROVIDERS,
  MAX_INSTALLMENT_MONTHS,
  MAX_VALID_HOURS,
  METHODS,
  SdkMethod,
  TRANSFER_MAXIMUM_AMOUNT,
  WINDOW_LANGUAGES,
  WindowLanguage,
  cardIssuerCode,
} from "./codes"
import { parseKstLocalTime } from "./clock"
import { TossError, invalidRequest } from "./errors"

export interface EscrowProduct {
  id: string
  name: string
  code: string
  unitPrice: number
  quantity: number
}

export interface FreeInstallmentPlan {
  /** A card company code, numeric (`41`) or English (`SHINHAN`). */
  company: string
  months: number[]
}

export interface TossRefundReceiveAccount {
  bankCode: string
  accountNumber: string
  holderName: string
}

/** What the store asked the payment window for. */
export interface PaymentRequest {
  orderId: string
  amount: number
  method?: SdkMethod
  /**
   * Only with method CARD. From the SDK: the app `flowMode: "DIRECT"` opens;
   * from the `authenticate` control: the easy pay app the shopper paid with.
   */
  easyPay?: string
  orderName?: string
  customerName?: string
  customerEmail?: string
  customerMobilePhone?: string
  taxFreeAmount?: number
  /** Only "KRW" is accepted. */
  currency?: string
  /** The merchant whose payment window this is; default the first merchant. */
  clientKey?: string
  /** `payment({customerKey})` in the SDK; absent or ANONYMOUS: none. */
  customerKey?: string

  /** card.flowMode: DIRECT opens the easy pay app or card company named, DEFAULT the card window. */
  flowMode?: "DEFAULT" | "DIRECT"
  /** card.cardCompany: with DIRECT, that company's window; with DEFAULT, the only company offered. */
  cardCompany?: string
  /** card.cardInstallmentPlan: installment months fixed (0, 2–12); never with maxCardInstallmentPlan. */
  cardInstallmentPlan?: number
  /** card.maxCardInstallmentPlan: the most months the shopper may choose (0, 2–12). */
  maxCardInstallmentPlan?: number
  /** card.freeInstallmentPlans: interest-free plans the store pays for. */
  freeInstallmentPlans?: FreeInstallmentPlan[]
  /** card/transfer/virtualAccount.taxExemptionAmount (e.g. a cup deposit): a card payment with it cannot be partially canceled. */
  taxExemptionAmount?: number
  /** card/transfer/virtualAccount.useEscrow; absent: the shopper decides in the window. */
  useEscrow?: boolean
  /** Required with useEscrow true: the products the buyer protection covers. */
  escrowProducts?: EscrowProduct[]
  /** transfer/virtualAccount.cashReceipt.type; absent: the shopper decides in the window. */
  cashReceiptType?: CashReceiptType
  /** virtualAccount.validHours: how long the account takes deposits (1–2160); never with dueDate. */
  validHours?: number
  /** virtualAccount.dueDate: Korean time `yyyy-MM-ddTHH:mm:ss`, at most 90 days ahead; never with validHours. */
  dueDate?: string
  /** card.language: the card window's language. */
  language?: WindowLanguage
  /** card.appScheme: the app an ISP/card app returns to in an iOS webview, e.g. `myshop://`. */
  appScheme?: string
  /** virtualAccount.refundReceiveAccount: collected by the payment widget for a later refund. */
  refundReceiveAccount?: TossRefundReceiveAccount
}

/** A request that passed the checks, with its defaults filled in. */
export interface ValidRequest extends PaymentRequest {
  method: SdkMethod
  orderName: string
  taxFreeAmount: number
  taxExemptionAmount: number
  /** Epoch ms of the dueDate, if given. */
  dueAt: number | null
}

const ORDER_ID_PATTERN = /^[A-Za-z0-9_=-]{6,64}$/
const MOBILE_PHONE_PATTERN = /^[0-9]{8,15}$/
const CUSTOMER_KEY_PATTERN = /^[A-Za-z0-9_=.@-]{2,50}$/
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+$/
/** An app's own URL scheme (`myshop://`, `myshop://payments`), not a web address. */
const APP_SCHEME_PATTERN = /^(?!https?:)[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$/
export const ANONYMOUS = "@@ANONYMOUS"
const MAX_DUE_DATE_MS = 90 * 24 * 60 * 60 * 1000
const CARD_OPTIONS = [
  "flowMode",
  "cardCompany",
  "cardInstallmentPlan",
  "maxCardInstallmentPlan",
  "freeInstallmentPlans",
  "language",
  "appScheme",
] as const
const ESCROW_METHODS: SdkMethod[] = ["CARD", "TRANSFER", "VIRTUAL_ACCOUNT"]
const CASH_RECEIPT_METHODS: SdkMethod[] = ["TRANSFER", "VIRTUAL_ACCOUNT"]

export function validateRequest(request: PaymentRequest, now: number): ValidRequest {
  const method = request.method ?? "CARD"
  if (!isKeyOf(METHODS, method)) throw new TossError("NOT_SUPPORTED_METHOD")
  if (typeof request.orderId !== "string" || !ORDER_ID_PATTERN.test(request.orderId)) {
    throw new TossError("INVALID_ORDER_ID")
  }
  if ((request.currency ?? "KRW") !== "KRW") throw new TossError("INVALID_CURRENCY")
  wholeWon("amount", request.amount)
  if (request.amount <= 0) throw new TossError("BELOW_ZERO_AMOUNT")
  if (request.amount < METHODS[method].minimumAmount) throw new TossError("BELOW_MINIMUM_AMOUNT")
  if (method === "TRANSFER" && request.amount > TRANSFER_MAXIMUM_AMOUNT) {
    throw new TossError("EXCEEDS_TRANSFER_AMOUNT_MAXIMUM")
  }
  const orderName = request.orderName ?? "토스 티셔츠 외 2건"
  if (typeof orderName !== "string" || orderName.length === 0 || orderName.length > 100) {
    throw new TossError("INVALID_ORDER_NAME")
  }
  checkCustomer(request)
  const taxFreeAmount = request.taxFreeAmount ?? 0
  const taxExemptionAmount = request.taxExemptionAmount ?? 0
  wholeWon("taxFreeAmount", taxFreeAmount)
  wholeWon("taxExemptionAmount", taxExemptionAmount)
  if (taxFreeAmount < 0 || taxExemptionAmount < 0 || taxFreeAmount + taxExemptionAmount > request.amount) {
    throw invalidRequest(
      "taxFreeAmount와 taxExemptionAmount는 0 이상, 합계는 결제 금액 이하여야 합니다.",
      "taxFreeAmount and taxExemptionAmount must be 0 or more and together at most the amount."
    )
  }

  if (method === "CARD") {
    checkCardOptions(request)
  } else {
    const misplaced = CARD_OPTIONS.find((name) => request[name] !== undefined) ?? (request.easyPay && "easyPay")
    if (misplaced) {
      throw invalidRequest(`${misplaced}은(는) 카드 결제에만 쓸 수 있습니다.`, `${misplaced} is a card option (method CARD only).`)
    }
  }
  checkEscrow(request, method)
  if (request.cashReceiptType !== undefined) {
    if (!CASH_RECEIPT_METHODS.includes(method) || !CASH_RECEIPT_TYPES.includes(request.cashReceiptType)) {
      throw new TossError("INVALID_CASH_RECEIPT_INFO")
    }
  }
  const dueAt = checkDeadline(request, method, now)
  if (request.refundReceiveAccount !== undefined) {
    if (method !== "VIRTUAL_ACCOUNT") {
      throw invalidRequest("refundReceiveAccount는 가상계좌에만 쓸 수 있습니다.", "refundReceiveAccount is for virtual accounts only.")
    }
    checkRefundAccount(request.refundReceiveAccount)
  }
  return { ...request, method, orderName, taxFreeAmount, taxExemptionAmount, dueAt }
}

/** The shopper's refund account (§2): Toss's bank code, 6–20 digits, a holder name. */
export function checkRefundAccount(account: unknown): TossRefundReceiveAccount {
  const { bankCode, accountNumber, holderName } = (account ?? {}) as Record<string, unknown>
  if (!isTossBankCode(bankCode)) throw new TossError("INVALID_BANK")
  if (typeof accountNumber !== "string" || !ACCOUNT_NUMBER_PATTERN.test(accountNumber)) {
    throw new TossError("INVALID_REFUND_ACCOUNT_NUMBER")
  }
  if (typeof holderName !== "string" || holderName.trim() === "" || holderName.length > HOLDER_NAME_MAX) {
    throw new TossError("INVALID_REFUND_ACCOUNT_INFO")
  }
  return { bankCode, accountNumber, holderName }
}

function checkCustomer(request: PaymentRequest): void {
  if (
    request.customerKey !== undefined &&
    request.customerKey !== ANONYMOUS &&
    !(typeof request.customerKey === "string" && CUSTOMER_KEY_PATTERN.test(request.customerKey))
  ) {
    throw new TossError("INVALID_CUSTOMER_KEY")
  }
  if (request.customerMobilePhone !== undefined && !MOBILE_PHONE_PATTERN.test(request.customerMobilePhone)) {
    throw invalidRequest(
      "customerMobilePhone은 - 없이 숫자 8~15자리여야 합니다.",
      "customerMobilePhone must be 8 to 15 digits, without '-'."
    )
  }
  if (request.customerEmail !== undefined && !(EMAIL_PATTERN.test(request.customerEmail) && request.customerEmail.length <= 100)) {
    throw new TossError("INVALID_EMAIL")
  }
  if (request.customerName !== undefined && !(typeof request.customerName === "string" && request.customerName.length <= 100)) {
    throw invalidRequest("customerName은 100자 이하여야 합니다.", "customerName must be 100 characters or fewer.")
  }
}

function checkCardOptions(request: PaymentRequest): void {
  if (request.easyPay !== undefined && !isKeyOf(EASY_PAY_PROVIDERS, request.easyPay)) {
    throw new TossError("INVALID_EASY_PAY")
  }
  if (request.flowMode !== undefined && request.flowMode !== "DEFAULT" && request.flowMode !== "DIRECT") {
    throw invalidRequest("flowMode는 DEFAULT 또는 DIRECT입니다.", "flowMode is DEFAULT or DIRECT.")
  }
  if (request.cardCompany !== undefined && !cardIssuerCode(request.cardCompany)) {
    throw new TossError("INVALID_CARD_COMPANY")
  }
  if (request.flowMode === "DIRECT" && !request.easyPay && !request.cardCompany) {
    throw new TossError("INVALID_FLOW_MODE_PARAMETERS")
  }
  if (request.cardInstallmentPlan !== undefined && request.maxCardInstallmentPlan !== undefined) {
    throw new TossError("INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE")
  }
  for (const months of [request.cardInstallmentPlan, request.maxCardInstallmentPlan]) {
    if (months !== undefined) installmentMonths(months)
  }
  if (request.freeInstallmentPlans !== undefined) {
    if (!Array.isArray(request.freeInstallmentPlans)) {
      throw invalidRequest("freeInstallmentPlans는 배열이어야 합니다.", "freeInstallmentPlans must be an array.")
    }
    for (const plan of request.freeInstallmentPlans) {
      if (!cardIssuerCode(plan?.company)) throw new TossError("INVALID_CARD_COMPANY")
      if (!Array.isArray(plan.months) || plan.months.length === 0) {
        throw invalidRequest(
          "freeInstallmentPlans[].months는 할부 개월 수의 배열이어야 합니다.",
          "freeInstallmentPlans[].months must be a list of installment months."
        )
      }
      for (const months of plan.months) {
        if (installmentMonths(months) === 0) throw new TossError("EXCEED_MIN_CARD_INSTALLMENT_PLAN")
      }
    }
  }
  if (request.language !== undefined && !WINDOW_LANGUAGES.includes(request.language)) {
    throw invalidRequest("language는 KO, EN, JA, ZH 중 하나입니다.", "language is one of KO, EN, JA, ZH.")
  }
  if (request.appScheme !== undefined && !(typeof request.appScheme === "string" && APP_SCHEME_PATTERN.test(request.appScheme))) {
    throw invalidRequest(
      "appScheme은 myshop:// 같은 앱 스킴이어야 합니다.",
      "appScheme must be an app's URL scheme such as myshop://, not a web address."
    )
  }
}

/** 0 (lump sum) or 2 to 12 months. */
export function installmentMonths(months: unknown): number {
  if (!Number.isInteger(months)) {
    throw invalidRequest("할부 개월 수는 정수여야 합니다.", "Installment months must be a whole number.")
  }
  const value = months as number
  if (value > MAX_INSTALLMENT_MONTHS) throw new TossError("EXCEED_MAX_CARD_INSTALLMENT_PLAN")
  if (value < 0 || value === 1) throw new TossError("EXCEED_MIN_CARD_INSTALLMENT_PLAN")
  return value
}

function checkEscrow(request: PaymentRequest, method: SdkMethod): void {
  if (request.useEscrow !== true && request.escrowProducts === undefined) return
  if (!ESCROW_METHODS.includes(method)) {
    throw invalidRequest("에스크로는 카드, 계좌이체, 가상계좌에만 쓸 수 있습니다.", "Escrow is for card, transfer and virtual account payments only.")
  }
  if (request.useEscrow !== undefined && typeof request.useEscrow !== "boolean") {
    throw invalidRequest("useEscrow는 true 또는 false입니다.", "useEscrow is true or false.")
  }
  if (request.escrowProducts === undefined) {
    // "에스크로를 사용하는 상점이라면 필수" (SDK types)
    throw invalidRequest("에스크로 결제에는 escrowProducts가 필요합니다.", "Escrow needs escrowProducts (the products bought).")
  }
  const products = request.escrowProducts
  const valid =
    Array.isArray(products) &&
    products.length > 0 &&
    products.every(
      (p) =>
        [p?.id, p?.name, p?.code].every((text) => typeof text === "string" && text.length > 0) &&
        Number.isInteger(p.unitPrice) &&
        p.unitPrice >= 0 &&
        Number.isInteger(p.quantity) &&
        p.quantity >= 1
    )
  if (!valid) {
    throw invalidRequest(
      "escrowProducts는 id, name, code, unitPrice(0 이상 정수), quantity(1 이상 정수)를 가진 상품의 배열이어야 합니다.",
      "escrowProducts must list products with id, name, code, unitPrice (whole won) and quantity (1 or more)."
    )
  }
}

/** validHours or dueDate (virtual accounts): the account's due date in epoch ms, if a dueDate was given. */
function checkDeadline(request: PaymentRequest, method: SdkMethod, now: number): number | null {
  if (request.validHours === undefined && request.dueDate === undefined) return null
  if (method !== "VIRTUAL_ACCOUNT") {
    throw invalidRequest("validHours와 dueDate는 가상계좌에만 쓸 수 있습니다.", "validHours and dueDate are virtual account options.")
  }
  if (request.validHours !== undefined && request.dueDate !== undefined) {
    throw new TossError("INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE")
  }
  if (request.validHours !== undefined) {
    if (!Number.isInteger(request.validHours) || request.validHours < 1) {
      throw invalidRequest("validHours는 1 이상의 정수여야 합니다.", "validHours must be a whole number of hours, 1 or more.")
    }
    if (request.validHours > MAX_VALID_HOURS) throw new TossError("EXCEED_MAX_VALID_HOURS")
    return null
  }
  const dueAt = parseKstLocalTime(request.dueDate)
  if (dueAt === undefined) throw new TossError("INVALID_ISO_DATE_FORMAT")
  if (dueAt <= now) throw new TossError("INVALID_DATE")
  if (dueAt - now > MAX_DUE_DATE_MS) throw new TossError("EXCEED_MAX_DUE_DATE")
  return dueAt
}

function wholeWon(name: string, value: unknown): asserts value is number {
  if (!Number.isInteger(value)) {
    throw invalidRequest(`${name}은(는) 원 단위 정수여야 합니다.`, `${name} must be a whole number of won.`)
  }
}

/** Own keys only: "toString" is not a payment method. */
export function isKeyOf<T extends object>(table: T, key: unknown): key is keyof T & string {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key)
}
