/**
 * Cancels (refunds), toss-api.md §2 and §5: what Toss lets a store cancel, by
 * status, amount, method and contract, and what a cancel leaves in the
 * Payment: cancels[], the balance and its tax split, the cash receipt, the
 * virtual account's refund.
 *
 * Refund rules by method (§2, Toss's error table):
 * - partial cancels: refused (NOT_ALLOWED_PARTIAL_REFUND) for escrow
 *   payments, card payments with a taxExemptionAmount, and contracts without
 *   isPartialCancelable; a virtual account before its deposit only cancels
 *   in full (NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT);
 * - mobile phone: only in the Korean calendar month of the payment; a
 *   transfer: within 180 days; later: EXCEED_MAX_REFUND_DUE. (Toss carries
 *   out a partial mobile phone refund as a cancel and a new charge of the
 *   rest; the Payment shows it as any partial cancel.)
 * - a deposited virtual account is refunded to the shopper's account: the
 *   one in the request, else the one the payment widget collected.
 */
import { kstIso, kstMonth } from "./clock"
import { TRANSFER_REFUND_DAYS } from "./codes"
import { TossError, invalidRequest } from "./errors"
import type { PaymentRecord } from "./records"
import { TossRefundReceiveAccount, checkRefundAccount } from "./request"
import { TossPayment, newTransactionKey, randomAlphanumeric, taxAmounts } from "./toss-objects"
import type { RefundBankRefusal } from "./virtual-accounts"

export interface CancelInput {
  cancelReason?: unknown
  cancelAmount?: unknown
  taxFreeAmount?: unknown
  refundableAmount?: unknown
  refundReceiveAccount?: unknown
}

export interface ParsedCancel {
  cancelReason: string
  cancelAmount?: number
  taxFreeAmount?: number
  refundableAmount?: number
  refundReceiveAccount?: unknown
}

export interface CancelContext {
  now: number
  /** Banks the test made refuse refunds, and with which code. */
  refundBankRefusals: ReadonlyMap<string, RefundBankRefusal>
  cashReceiptUrl: (receiptKey: string) => string
}

const DAY_MS = 24 * 60 * 60 * 1000

export function parseCancel(body: unknown): ParsedCancel {
  const { cancelReason, cancelAmount, taxFreeAmount, refundableAmount, refundReceiveAccount } = (body ?? {}) as CancelInput
  if (typeof cancelReason !== "string" || cancelReason.trim() === "" || cancelReason.length > 200) {
    throw invalidRequest(
      "취소 사유(cancelReason)는 1자 이상 200자 이하로 입력해주세요.",
      "cancelReason is required (1 to 200 characters)."
    )
  }
  if (cancelAmount !== undefined) {
    if (!Number.isInteger(cancelAmount)) {
      throw invalidRequest("취소 금액은 정수여야 합니다.", "cancelAmount must be a whole number of won.")
    }
    if ((cancelAmount as number) <= 0) throw new TossError("BELOW_ZERO_AMOUNT")
  }
  for (const [name, value] of [["taxFreeAmount", taxFreeAmount], ["refundableAmount", refundableAmount]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      throw invalidRequest(`${name}는 0 이상의 정수여야 합니다.`, `${name} must be a whole number of 0 or more.`)
    }
  }
  return {
    cancelReason,
    cancelAmount: cancelAmount as number | undefined,
    taxFreeAmount: taxFreeAmount as number | undefined,
    refundableAmount: refundableAmount as number | undefined,
    refundReceiveAccount,
  }
}

/** Check the cancel against Toss's rules, then record it in the payment. */
export function applyCancel(record: PaymentRecord, input: ParsedCancel, context: CancelContext): { cancelAmount: number } {
  const { payment } = record
  if (payment.status === "CANCELED") throw new TossError("ALREADY_CANCELED_PAYMENT")
  if (!["DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"].includes(payment.status)) {
    throw new TossError("NOT_CANCELABLE_PAYMENT")
  }
  if (input.refundableAmount !== undefined && input.refundableAmount !== payment.balanceAmount) {
    throw new TossError("NOT_MATCHES_REFUNDABLE_AMOUNT")
  }
  const cancelAmount = input.cancelAmount ?? payment.balanceAmount
  if (cancelAmount > payment.balanceAmount) {
    // (undocumented) the code for a cancel above the balance
    throw new TossError("NOT_CANCELABLE_AMOUNT")
  }
  const partial = cancelAmount < payment.balanceAmount
  const waitingForDeposit = payment.status === "WAITING_FOR_DEPOSIT"
  if (partial && waitingForDeposit) throw new TossError("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT")
  if (partial && !partiallyCancelable(payment)) throw new TossError("NOT_ALLOWED_PARTIAL_REFUND")
  if (!waitingForDeposit && pastRefundDeadline(record, context.now)) throw new TossError("EXCEED_MAX_REFUND_DUE")
  const taxFreeAmount = cancelTaxFree(payment, cancelAmount, input.taxFreeAmount)
  const refundAccount =
    payment.virtualAccount && !waitingForDeposit
      ? refundAccountFor(payment, input.refundReceiveAccount, context.refundBankRefusals)
      : null

  const transactionKey = newTransactionKey()
  const balanceAmount = payment.balanceAmount - cancelAmount
  const taxFreeLeft = payment.taxFreeAmount - taxFreeAmount
  payment.cancels = [
    ...(payment.cancels ?? []),
    {
      cancelAmount,
      cancelReason: input.cancelReason,
      taxFreeAmount,
      taxExemptionAmount: 0,
      refundableAmount: balanceAmount,
      cardDiscountAmount: 0,
      transferDiscountAmount: 0,
      easyPayDiscountAmount: 0,
      canceledAt: kstIso(context.now),
      transactionKey,
      receiptKey: randomAlphanumeric(20),
      cancelStatus: "DONE",
      cancelRequestId: null,
    },
  ]
  payment.balanceAmount = balanceAmount
  // (undocumented) the tax split describes what is left, so a fully
  // canceled payment shows suppliedAmount 0 and vat 0
  const exemptionLeft = Math.min(payment.taxExemptionAmount, balanceAmount - taxFreeLeft)
  Object.assign(payment, taxAmounts(balanceAmount, taxFreeLeft, exemptionLeft))
  payment.status = balanceAmount === 0 ? "CANCELED" : "PARTIAL_CANCELED"
  payment.lastTransactionKey = transactionKey
  if (refundAccount) {
    // The money goes back to the shopper's account about two days later.
    payment.virtualAccount!.refundReceiveAccount = refundAccount
    payment.virtualAccount!.refundStatus = "PENDING"
  }
  cancelCashReceipt(payment, cancelAmount, taxFreeAmount, context)
  return { cancelAmount }
}

function partiallyCancelable(payment: TossPayment): boolean {
  const taxExemptCard = payment.card !== null && payment.taxExemptionAmount > 0
  return payment.isPartialCancelable && !payment.useEscrow && !taxExemptCard
}

function pastRefundDeadline(record: PaymentRecord, now: number): boolean {
  const approvedAt = record.approvedAt
  if (approvedAt === null) return false
  switch (record.authentication?.method) {
    case "MOBILE_PHONE":
      return kstMonth(now) !== kstMonth(approvedAt)
    case "TRANSFER":
      return now - approvedAt > TRANSFER_REFUND_DAYS * DAY_MS
    default:
      return false
  }
}

/**
 * The tax-free part of a cancel (toss-api.md §2, (undocumented) details):
 * at most the cancel and the tax-free amount left, and never leaving more
 * tax-free than balance (the tax-free part of what remains must stay
 * refundable). Omitted, it is 0, as Toss documents, full cancels included:
 * a full cancel of a payment with tax-free money left must name it.
 */
function cancelTaxFree(payment: TossPayment, cancelAmount: number, given: number | undefined): number {
  const taxFreeLeft = payment.taxFreeAmount
  const taxFree = given ?? 0
  const balanceAfter = payment.balanceAmount - cancelAmount
  if (taxFree > cancelAmount || taxFree > taxFreeLeft || taxFreeLeft - taxFree > balanceAfter) {
    throw invalidRequest(
      `taxFreeAmount는 취소 금액과 남은 면세 금액(${taxFreeLeft}원) 이하이고, 취소 뒤 남는 면세 금액이 잔액을 넘지 않아야 합니다.`,
      `taxFreeAmount must be at most the cancel amount and the tax-free amount left (${taxFreeLeft} KRW), ` +
        "and leave no more tax-free than the balance after the cancel."
    )
  }
  return taxFree
}

/** The account a deposited virtual account's money goes back to: the request's `{bank, accountNumber, holderName}`, else the widget's. */
function refundAccountFor(
  payment: TossPayment,
  given: unknown,
  refusals: CancelContext["refundBankRefusals"]
): TossRefundReceiveAccount {
  let account = payment.virtualAccount!.refundReceiveAccount
  if (given !== undefined && given !== null) {
    const { bank, accountNumber, holderName } = given as Record<string, unknown>
    account = checkRefundAccount({ bankCode: bank, accountNumber, holderName })
  }
  if (!account) throw new TossError("INVALID_REFUND_ACCOUNT_INFO")
  const refusal = refusals.get(account.bankCode)
  if (refusal) throw new TossError(refusal)
  return account
}

/**
 * (undocumented) A cancel of a payment with a cash receipt cancels that part
 * of the receipt: a CANCEL entry in cashReceipts, and the receipt in force
 * shows what is left.
 */
function cancelCashReceipt(payment: TossPayment, cancelAmount: number, taxFreeAmount: number, context: CancelContext): void {
  const receipt = payment.cashReceipt
  if (!receipt) return
  const confirmed = payment.cashReceipts!.find((entry) => entry.transactionType === "CONFIRM")!
  const receiptKey = randomAlphanumeric(20)
  payment.cashReceipts!.push({
    ...confirmed,
    receiptKey,
    receiptUrl: context.cashReceiptUrl(receiptKey),
    transactionType: "CANCEL",
    amount: cancelAmount,
    taxFreeAmount,
    requestedAt: kstIso(context.now),
  })
  receipt.amount -= cancelAmount
  receipt.taxFreeAmount -= taxFreeAmount
}
