/**
 * The objects the sandbox answers with, as Toss returns them (version
 * 2022-11-16, toss-api.md §3), and the key and amount formats they share.
 *
 * These types describe what the sandbox sends. The plugin has its own client
 * types in src/; the two are meant to agree, not to be shared.
 */
import { randomBytes, randomInt } from "node:crypto"
import type { TossRefundReceiveAccount } from "./request"

export type { TossRefundReceiveAccount } from "./request"

export type PaymentStatus =
  | "READY"
  | "IN_PROGRESS"
  | "WAITING_FOR_DEPOSIT"
  | "DONE"
  | "CANCELED"
  | "PARTIAL_CANCELED"
  | "ABORTED"
  | "EXPIRED"

export interface TossCancel {
  cancelAmount: number
  cancelReason: string
  taxFreeAmount: number
  taxExemptionAmount: number
  refundableAmount: number
  cardDiscountAmount: number
  transferDiscountAmount: number
  easyPayDiscountAmount: number
  canceledAt: string
  transactionKey: string
  receiptKey: string
  /** DONE in a Payment; IN_PROGRESS → DONE or ABORTED in CANCEL_STATUS_CHANGED (asynchronous cancels). */
  cancelStatus: "DONE" | "IN_PROGRESS" | "ABORTED"
  cancelRequestId: string | null
}

export interface TossCard {
  amount: number
  issuerCode: string
  acquirerCode: string
  number: string
  installmentPlanMonths: number
  isInterestFree: boolean
  /** Who pays the installment interest: BUYER, CARD_COMPANY or MERCHANT; null for a lump sum. */
  interestPayer: "BUYER" | "CARD_COMPANY" | "MERCHANT" | null
  approveNo: string
  useCardPoint: boolean
  cardType: "신용" | "체크" | "기프트" | "미확인"
  ownerType: "개인" | "법인" | "미확인"
  acquireStatus: string
}

export interface TossVirtualAccount {
  accountType: "일반" | "고정"
  accountNumber: string
  bankCode: string
  customerName: string
  depositorName: string | null
  dueDate: string
  refundStatus: "NONE" | "PENDING" | "FAILED" | "PARTIAL_FAILED" | "COMPLETED"
  expired: boolean
  settlementStatus: "INCOMPLETED" | "COMPLETED"
  refundReceiveAccount: TossRefundReceiveAccount | null
}

export interface TossTransfer {
  bankCode: string
  settlementStatus: "INCOMPLETED" | "COMPLETED"
}

export interface TossMobilePhone {
  customerMobilePhone: string
  settlementStatus: "INCOMPLETED" | "COMPLETED"
  receiptUrl: string
}

export interface TossGiftCertificate {
  approveNo: string
  settlementStatus: "INCOMPLETED" | "COMPLETED"
}

export interface TossEasyPay {
  provider: string
  amount: number
  discountAmount: number
}

/** `cashReceipt`: the receipt in force (transfers and virtual accounts whose shopper asked for one). */
export interface TossCashReceipt {
  type: "소득공제" | "지출증빙"
  receiptKey: string
  issueNumber: string
  receiptUrl: string
  amount: number
  taxFreeAmount: number
}

/** An entry of `cashReceipts`: each issue (CONFIRM) and each cancel (CANCEL) of the payment's receipt. */
export interface TossCashReceiptHistory {
  receiptKey: string
  orderId: string
  orderName: string
  type: "소득공제" | "지출증빙"
  issueNumber: string
  receiptUrl: string
  businessNumber: string
  transactionType: "CONFIRM" | "CANCEL"
  amount: number
  taxFreeAmount: number
  issueStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED"
  failure: { code: string; message: string } | null
  /** Masked, as Toss shows it. */
  customerIdentityNumber: string
  requestedAt: string
}

/** A Payment, version 2022-11-16: every top-level key is always present. */
export interface TossPayment {
  version: "2022-11-16"
  paymentKey: string
  type: "NORMAL" | "BILLING" | "BRANDPAY"
  orderId: string
  orderName: string
  mId: string
  currency: "KRW"
  method: string | null
  totalAmount: number
  balanceAmount: number
  status: PaymentStatus
  requestedAt: string
  approvedAt: string | null
  useEscrow: boolean
  lastTransactionKey: string | null
  suppliedAmount: number
  vat: number
  taxFreeAmount: number
  taxExemptionAmount: number
  cultureExpense: boolean
  isPartialCancelable: boolean
  cancels: TossCancel[] | null
  card: TossCard | null
  virtualAccount: TossVirtualAccount | null
  transfer: TossTransfer | null
  mobilePhone: TossMobilePhone | null
  giftCertificate: TossGiftCertificate | null
  easyPay: TossEasyPay | null
  cashReceipt: TossCashReceipt | null
  cashReceipts: TossCashReceiptHistory[] | null
  // The sandbox applies no discounts.
  discount: null
  receipt: { url: string } | null
  checkout: { url: string } | null
  secret: string | null
  country: "KR"
  failure: { code: string; message: string } | null
  metadata: Record<string, string> | null
}

/**
 * vat = round_half_up((total − taxFree − taxExemption) / 11), suppliedAmount
 * = what is left after them (§3; (undocumented) the tax-exempt part, e.g. a
 * cup deposit, carries no VAT either).
 */
export function taxAmounts(
  amount: number,
  taxFreeAmount: number,
  taxExemptionAmount: number
): Pick<TossPayment, "suppliedAmount" | "vat" | "taxFreeAmount"> {
  const taxable = amount - taxFreeAmount - taxExemptionAmount
  const vat = Math.floor(taxable / 11 + 0.5)
  return { suppliedAmount: taxable - vat, vat, taxFreeAmount }
}

/** 32 upper-case hex characters, like Toss's transactionKey. */
export function newTransactionKey(): string {
  return randomBytes(16).toString("hex").toUpperCase()
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

export function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("")
}

export function randomDigits(length: number): string {
  return Array.from({ length }, () => randomInt(10)).join("")
}
