/**
 * The shopper's side of a payment: what they choose and enter in the window
 * (refusing what the window would not offer), the confirm's body, and the
 * method object(s) a confirmed payment carries (toss-api.md §2, §8).
 */
import { kstIso } from "./clock"
import {
  DEFAULT_CARD_ISSUER,
  DEFAULT_TRANSFER_BANK,
  DEFAULT_VALID_HOURS,
  DEFAULT_VIRTUAL_ACCOUNT_BANK,
  EASY_PAY_PROVIDERS,
  INSTALLMENT_MINIMUM_AMOUNT,
  MAX_INSTALLMENT_MONTHS,
  SdkMethod,
  VIRTUAL_ACCOUNT_BANKS,
  cardIssuerCode,
} from "./codes"
import { TossError, invalidRequest } from "./errors"
import { isTossBankCode } from "../src/lib/toss-banks"
import { PaymentRequest, ValidRequest, installmentMonths } from "./request"
import { TossCard, TossPayment, randomDigits } from "./toss-objects"

/** What the shopper chose in the window; the `authenticate` control takes them with the request. */
export interface ShopperChoices {
  /** The card company the shopper paid with (Toss's code or its English code); default the request's cardCompany, else 71. */
  issuerCode?: string
  /** 0 (lump sum) or 2–12, within what the request allows and only from 50,000 KRW. */
  installmentPlanMonths?: number
  /** VIRTUAL_ACCOUNT: the bank of the account issued; TRANSFER: the bank the money came from. */
  bankCode?: string
  /** The cash receipt's identity: a phone number (소득공제) or business number (지출증빙); default the shopper's phone or a test number. */
  customerIdentityNumber?: string
}

export interface AuthenticateInput extends PaymentRequest, ShopperChoices {
  /** The error the later confirm will answer (the payment then ends ABORTED). */
  confirmError?: string
}

export interface AuthenticatedPayment {
  paymentKey: string
  orderId: string
  amount: number
}

export interface Authentication {
  at: number
  method: SdkMethod
  easyPayProvider: string | null
  customerName: string
  customerMobilePhone: string
  confirmError: string | null
  issuerCode: string
  installmentPlanMonths: number
  isInterestFree: boolean
  useEscrow: boolean
  cashReceipt: { type: "소득공제" | "지출증빙"; customerIdentityNumber: string } | null
  bankCode: string | null
}

const HOUR_MS = 60 * 60_000
/** A phone number (소득공제), a cash receipt card (18 digits) or a business number (지출증빙). */
export const CASH_RECEIPT_IDENTITY = { 소득공제: /^(01[0-9]{8,9}|[0-9]{18})$/, 지출증빙: /^([0-9]{10}|[0-9]{18})$/ } as const

/** What the shopper ends up with, from the request and their choices in the window; refuses what the window would not offer. */
export function authenticationFor(request: ValidRequest, choices: AuthenticateInput, now: number): Authentication {
  const { method } = request
  const card = method === "CARD"
  if (!card && (choices.issuerCode !== undefined || choices.installmentPlanMonths !== undefined)) {
    throw invalidRequest("카드 결제가 아닙니다.", "issuerCode and installmentPlanMonths are card choices.")
  }
  const issuerCode = card ? chosenIssuer(request, choices.issuerCode) : DEFAULT_CARD_ISSUER
  const installmentPlanMonths = card ? chosenInstallment(request, choices.installmentPlanMonths) : 0
  const isInterestFree =
    installmentPlanMonths > 0 &&
    (request.freeInstallmentPlans ?? []).some(
      (plan) => cardIssuerCode(plan.company) === issuerCode && plan.months.includes(installmentPlanMonths)
    )
  const customerMobilePhone = request.customerMobilePhone ?? "01012345678"
  return {
    at: now,
    method,
    easyPayProvider: request.easyPay ? EASY_PAY_PROVIDERS[request.easyPay] : null,
    customerName: request.customerName ?? "김토스",
    customerMobilePhone,
    confirmError: choices.confirmError ?? null,
    issuerCode,
    installmentPlanMonths,
    isInterestFree,
    useEscrow: request.useEscrow ?? false,
    cashReceipt: chosenCashReceipt(request, choices.customerIdentityNumber ?? customerMobilePhone),
    bankCode: chosenBank(method, choices.bankCode),
  }
}

function chosenIssuer(request: ValidRequest, choice: string | undefined): string {
  const fixed = request.cardCompany === undefined ? undefined : cardIssuerCode(request.cardCompany)
  if (choice === undefined) return fixed ?? DEFAULT_CARD_ISSUER
  const chosen = cardIssuerCode(choice)
  if (!chosen) throw new TossError("INVALID_CARD_COMPANY")
  if (fixed && chosen !== fixed) {
    throw invalidRequest(
      "요청한 카드사 외의 카드는 고를 수 없습니다.",
      `The window only offers the card company the request named (${request.cardCompany}).`
    )
  }
  return chosen
}

/** Installments only from 50,000 KRW (§8): below it a fixed plan is a lump sum, and a shopper cannot pick one. */
function chosenInstallment(request: ValidRequest, choice: number | undefined): number {
  const fixed = request.cardInstallmentPlan
  if (choice === undefined) return fixed !== undefined && request.amount >= INSTALLMENT_MINIMUM_AMOUNT ? fixed : 0
  const months = installmentMonths(choice)
  if (fixed !== undefined && months !== fixed) {
    throw invalidRequest("할부 개월 수가 고정된 결제입니다.", `The request fixed the installment plan at ${fixed} months.`)
  }
  if (months > (request.maxCardInstallmentPlan ?? MAX_INSTALLMENT_MONTHS)) {
    throw new TossError("EXCEED_MAX_CARD_INSTALLMENT_PLAN")
  }
  if (months > 0 && request.amount < INSTALLMENT_MINIMUM_AMOUNT) throw new TossError("INVALID_CARD_INSTALLMENT_AMOUNT")
  return months
}

/** 미발행 or none chosen: no receipt. */
function chosenCashReceipt(request: ValidRequest, identity: string): Authentication["cashReceipt"] {
  const type = request.cashReceiptType
  if (type === undefined || type === "미발행") return null
  if (!CASH_RECEIPT_IDENTITY[type].test(identity)) throw new TossError("INVALID_CASH_RECEIPT_INFO")
  return { type, customerIdentityNumber: identity }
}

function chosenBank(method: SdkMethod, choice: string | undefined): string | null {
  switch (method) {
    case "VIRTUAL_ACCOUNT":
      if (choice !== undefined && !(VIRTUAL_ACCOUNT_BANKS as readonly string[]).includes(choice)) {
        throw new TossError("INVALID_BANK")
      }
      return choice ?? DEFAULT_VIRTUAL_ACCOUNT_BANK
    case "TRANSFER":
      if (choice !== undefined && !isTossBankCode(choice)) throw new TossError("INVALID_BANK")
      return choice ?? DEFAULT_TRANSFER_BANK
    default:
      if (choice !== undefined) {
        throw invalidRequest("은행은 가상계좌와 계좌이체에만 고릅니다.", "bankCode is a virtual account or transfer choice.")
      }
      return null
  }
}

/** The card of a payment, as the window's authentication left it. */
export function cardDetails(amount: number, authentication: Pick<Authentication, "issuerCode" | "installmentPlanMonths" | "isInterestFree">): TossCard {
  const months = authentication.installmentPlanMonths
  return {
    amount,
    issuerCode: authentication.issuerCode,
    acquirerCode: authentication.issuerCode,
    number: "43301234****123*",
    installmentPlanMonths: months,
    isInterestFree: authentication.isInterestFree,
    interestPayer: months === 0 ? null : authentication.isInterestFree ? "MERCHANT" : "BUYER",
    approveNo: randomDigits(8),
    useCardPoint: false,
    cardType: "신용",
    ownerType: "개인",
    acquireStatus: "READY",
  }
}

export function parseConfirm(body: unknown): { paymentKey: string; orderId: string; amount: number } {
  const { paymentKey, orderId, amount } = (body ?? {}) as Record<string, unknown>
  if (typeof paymentKey !== "string" || typeof orderId !== "string" || !Number.isInteger(amount)) {
    throw invalidRequest(
      "paymentKey, orderId, amount(정수)는 필수 값입니다.",
      "paymentKey, orderId and amount (a whole number) are required."
    )
  }
  if ((amount as number) <= 0) throw new TossError("BELOW_ZERO_AMOUNT")
  return { paymentKey, orderId, amount: amount as number }
}

/** When an issued virtual account's due date passes: the request's dueDate, else its validHours from now. */
export function virtualAccountDueAt(request: ValidRequest, now: number): number {
  return request.dueAt ?? now + (request.validHours ?? DEFAULT_VALID_HOURS) * HOUR_MS
}

/** The method object(s) a confirmed payment carries. */
export function confirmedMethod(
  payment: TossPayment,
  request: ValidRequest,
  authentication: Authentication,
  { now, baseUrl }: { now: number; baseUrl: string }
): Partial<TossPayment> {
  switch (authentication.method) {
    case "VIRTUAL_ACCOUNT":
      return {
        virtualAccount: {
          accountType: "일반",
          accountNumber: randomDigits(14),
          bankCode: authentication.bankCode!,
          customerName: authentication.customerName,
          depositorName: null,
          dueDate: kstIso(virtualAccountDueAt(request, now)),
          refundStatus: "NONE",
          expired: false,
          settlementStatus: "INCOMPLETED",
          refundReceiveAccount: request.refundReceiveAccount ?? null,
        },
      }
    case "TRANSFER":
      return { transfer: { bankCode: authentication.bankCode!, settlementStatus: "INCOMPLETED" } }
    case "MOBILE_PHONE":
      return {
        mobilePhone: {
          customerMobilePhone: authentication.customerMobilePhone,
          settlementStatus: "INCOMPLETED",
          receiptUrl: `${baseUrl}/receipt/${payment.paymentKey}`,
        },
      }
    case "CULTURE_GIFT_CERTIFICATE":
    case "BOOK_GIFT_CERTIFICATE":
    case "GAME_GIFT_CERTIFICATE":
      return { giftCertificate: { approveNo: randomDigits(8), settlementStatus: "INCOMPLETED" } }
    default: {
      const card = cardDetails(payment.totalAmount, authentication)
      const provider = authentication.easyPayProvider
      // An easy pay app paying with the card registered in it: Toss reports
      // both the card and the app, with nothing paid from the app's balance.
      return provider ? { card, easyPay: { provider, amount: 0, discountAmount: 0 } } : { card }
    }
  }
}
