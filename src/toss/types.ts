/**
 * The Toss Payments API objects this plugin reads, as of API version
 * 2022-11-16. Toss adds fields and enum values without a version bump, so
 * every object tolerates unknown keys and only the fields we use are typed
 * strictly.
 */

export type TossPaymentStatus =
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
  canceledAt: string
  transactionKey: string
  receiptKey: string | null
  cancelStatus: string
  cancelRequestId: string | null
  [key: string]: unknown
}

export interface TossCard {
  amount: number
  issuerCode: string
  acquirerCode: string | null
  number: string
  installmentPlanMonths: number
  isInterestFree: boolean
  approveNo: string
  cardType: string
  ownerType: string
  acquireStatus: string
  [key: string]: unknown
}

export interface TossVirtualAccount {
  accountType: string
  accountNumber: string
  bankCode: string
  customerName: string
  depositorName: string | null
  dueDate: string
  refundStatus: string
  expired: boolean
  settlementStatus: string
  /** The account the payment widget collected for a refund, when it did. */
  refundReceiveAccount: { bankCode: string; accountNumber: string; holderName: string } | null
  [key: string]: unknown
}

/** The cash receipt (현금영수증) in force for a transfer or virtual account. */
export interface TossCashReceipt {
  type: "소득공제" | "지출증빙"
  receiptKey: string
  issueNumber: string
  receiptUrl: string
  amount: number
  taxFreeAmount: number
  [key: string]: unknown
}

/** A product the escrow (에스크로) buyer protection covers. */
export interface TossEscrowProduct {
  id: string
  name: string
  code: string
  unitPrice: number
  quantity: number
}

/** An interest-free installment plan the store pays for: a card company and its months. */
export interface TossFreeInstallmentPlan {
  company: string
  months: number[]
}

export interface TossPayment {
  version: string
  paymentKey: string
  type: "NORMAL" | "BILLING" | "BRANDPAY"
  orderId: string
  orderName: string
  mId: string
  currency: string
  /** Korean: 카드, 가상계좌, 간편결제, 휴대폰, 계좌이체, 문화상품권 … (null before authentication). */
  method: string | null
  totalAmount: number
  balanceAmount: number
  status: TossPaymentStatus
  requestedAt: string
  approvedAt: string | null
  useEscrow: boolean
  lastTransactionKey: string | null
  suppliedAmount: number
  vat: number
  taxFreeAmount: number
  taxExemptionAmount: number
  isPartialCancelable: boolean
  cancels: TossCancel[] | null
  card: TossCard | null
  virtualAccount: TossVirtualAccount | null
  transfer: { bankCode: string; settlementStatus: string } | null
  mobilePhone: { customerMobilePhone: string; settlementStatus: string; receiptUrl: string } | null
  easyPay: { provider: string; amount: number; discountAmount: number } | null
  cashReceipt: TossCashReceipt | null
  receipt: { url: string } | null
  checkout: { url: string } | null
  /** Set for virtual accounts; the DEPOSIT_CALLBACK carries the same value. Never store or expose it. */
  secret: string | null
  failure: { code: string; message: string } | null
  [key: string]: unknown
}

export interface ConfirmRequest {
  paymentKey: string
  orderId: string
  amount: number
}

/** The shopper's bank account that Toss pays a virtual-account refund into. */
export interface RefundReceiveAccount {
  /** Toss bank code, e.g. "20" (우리), "88" (신한). */
  bank: string
  accountNumber: string
  holderName: string
}

export interface CancelRequest {
  cancelReason: string
  /** Omitted means "everything that is left"; this plugin always sends it. */
  cancelAmount?: number
  /** The tax-free part of this cancel (면세). */
  taxFreeAmount?: number
  refundReceiveAccount?: RefundReceiveAccount
}

/** `POST /v1/billing/authorizations/issue`: the card the shopper registered, and the key to charge it. */
export interface TossBilling {
  mId: string
  customerKey: string
  authenticatedAt: string
  method: string
  /** The secret that charges the card: kept in the plugin's module only, never logged or shown. */
  billingKey: string
  card: { issuerCode: string; acquirerCode: string | null; number: string; cardType: string; ownerType: string } | null
  [key: string]: unknown
}

export interface BillingIssueRequest {
  authKey: string
  customerKey: string
}

/** `POST /v1/billing/{billingKey}`: a card payment without the shopper, created DONE. */
export interface BillingChargeRequest {
  customerKey: string
  orderId: string
  orderName: string
  amount: number
  /** The tax-free (면세) part, as for any payment. */
  taxFreeAmount?: number
  customerEmail?: string
  customerName?: string
}

/** One row of Toss's transaction ledger: an approval or a cancel (each partial cancel has its own). */
export interface TossTransaction {
  mId: string
  transactionKey: string
  paymentKey: string
  orderId: string
  currency: string
  method: string | null
  customerKey: string | null
  useEscrow: boolean
  amount: number
  /** The status of the payment after this transaction, e.g. DONE, PARTIAL_CANCELED, CANCELED. */
  status: TossPaymentStatus
  transactionAt: string
  [key: string]: unknown
}

/** `GET /v1/transactions`: dates are Korean local time without an offset, e.g. `2022-01-01T00:00:00.000`. */
export interface TransactionsQuery {
  startDate: string
  endDate: string
  /** The last transactionKey of the previous page. */
  startingAfter?: string
  /** Up to 5000. */
  limit?: number
}

/**
 * A row of Toss's settlement (정산) list: what Toss pays out for one
 * transaction (an approval, or a cancel with negative amounts), after its fee.
 */
export interface TossSettlement {
  mId: string
  paymentKey: string
  transactionKey: string
  orderId: string
  currency: string
  method: string | null
  /** The transaction's amount (negative for a cancel). */
  amount: number
  interestFee: number
  /** The fee's parts; their sum is `supplyAmount + vat`. */
  fees: { type: string; fee: number }[]
  /** The fee before VAT. */
  supplyAmount: number
  /** VAT on the fee. */
  vat: number
  /** What Toss pays the store: `amount` less the fees. */
  payOutAmount: number
  approvedAt: string
  /** yyyy-MM-dd (Korean date): when the transaction was sold, and when Toss pays it out. */
  soldDate: string
  paidOutDate: string
  [key: string]: unknown
}

/** `GET /v1/settlements`: dates are yyyy-MM-dd; `page` from 1, `size` up to 5000. */
export interface SettlementsQuery {
  startDate: string
  endDate: string
  dateType?: "soldDate" | "paidOutDate"
  page?: number
  size?: number
}

/** `POST /v1/cash-receipts`: a cash receipt (현금영수증) for a payment the shopper made in cash (a transfer, a virtual account). */
export interface CashReceiptRequest {
  amount: number
  orderId: string
  orderName: string
  /** A mobile phone or cash receipt card number (소득공제), or a business registration number (지출증빙). Never stored or logged. */
  customerIdentityNumber: string
  type: "소득공제" | "지출증빙"
  taxFreeAmount?: number
}

/** Toss's answer about a cash receipt issued (or cancelled) through the cash receipt API. */
export interface TossIssuedCashReceipt {
  receiptKey: string
  issueNumber: string
  issueStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED"
  amount: number
  taxFreeAmount: number
  orderId: string
  orderName: string
  type: "소득공제" | "지출증빙"
  /** CONFIRM: issued; CANCEL: the cancel of an issued receipt. */
  transactionType: "CONFIRM" | "CANCEL"
  failure: { code: string; message: string } | null
  requestedAt: string
  receiptUrl: string
  [key: string]: unknown
}
