/**
 * Cash receipts (현금영수증) issued on their own, after a payment:
 * `POST /v1/cash-receipts`, `POST /v1/cash-receipts/{receiptKey}/cancel`,
 * `GET /v1/cash-receipts?requestDate=`.
 *
 * Choices the Toss documentation leaves open (undocumented), made here:
 * - Issue body: `amount` (whole won, 1 or more), `orderId`
 *   (`[A-Za-z0-9_-]{6,64}`), `orderName` (1 to 100 characters),
 *   `type` 소득공제 (with a mobile phone or an 18-digit cash receipt card number
 *   as `customerIdentityNumber`) or 지출증빙 (a 10-digit business registration
 *   number, or the card number),
 *   `taxFreeAmount` (0 to amount, default 0); otherwise 400 INVALID_REQUEST.
 *   Issued at once (issueStatus COMPLETED), one receipt per orderId: a
 *   second issue for an orderId whose receipt is not cancelled answers 400
 *   ALREADY_ISSUED_CASH_RECEIPT. The answer shows the identity number masked
 *   but its last four digits.
 * - Cancel: the whole receipt (`amount`, if sent, must be the receipt's);
 *   answers the receipt with transactionType CANCEL and a receiptKey of its
 *   own. An unknown receiptKey answers 404 NOT_FOUND_CASH_RECEIPT, a
 *   cancelled one 400 ALREADY_CANCELED_CASH_RECEIPT.
 * - List: the merchant's receipts and cancels requested on `requestDate`
 *   (yyyy-MM-dd, Korean), `limit` 1 to 10000 (default 100), `cursor` the
 *   `lastCursor` of the previous page.
 */
import { SandboxClock, kstIso } from "./clock"
import { TossError, invalidRequest } from "./errors"
import { CASH_RECEIPT_IDENTITY } from "./authentication"
import { randomAlphanumeric, randomDigits } from "./toss-objects"

export interface TossCashReceipt {
  receiptKey: string
  issueNumber: string
  issueStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED"
  amount: number
  taxFreeAmount: number
  orderId: string
  orderName: string
  type: "소득공제" | "지출증빙"
  transactionType: "CONFIRM" | "CANCEL"
  businessNumber: string
  customerIdentityNumber: string
  failure: { code: string; message: string } | null
  requestedAt: string
  receiptUrl: string
}

interface Record {
  owner: object
  at: number
  receipt: TossCashReceipt
  canceled: boolean
}

const ORDER_ID = /^[A-Za-z0-9_-]{6,64}$/

function whole(name: string, value: unknown, min: number, max: number): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)) {
    throw invalidRequest(`${name}은 ${min} 이상 ${max} 이하의 정수여야 합니다.`, `${name} must be a whole number from ${min} to ${max}.`)
  }
  return value
}

export class CashReceiptStore {
  private readonly records: Record[] = []

  constructor(private readonly options: { clock: SandboxClock; baseUrl: () => string }) {}

  issue(owner: object, body: unknown): TossCashReceipt {
    const input = (body ?? {}) as { [key: string]: unknown }
    const amount = whole("amount", input.amount, 1, 1_000_000_000)
    const taxFreeAmount = input.taxFreeAmount === undefined ? 0 : whole("taxFreeAmount", input.taxFreeAmount, 0, amount)
    if (typeof input.orderId !== "string" || !ORDER_ID.test(input.orderId)) {
      throw invalidRequest("orderId는 영문 대소문자, 숫자, -, _ 6자 이상 64자 이하여야 합니다.", "orderId must be 6 to 64 characters of A-Z, a-z, 0-9, - and _.")
    }
    if (typeof input.orderName !== "string" || input.orderName.length < 1 || input.orderName.length > 100) {
      throw invalidRequest("orderName은 1자 이상 100자 이하여야 합니다.", "orderName must be 1 to 100 characters.")
    }
    if (input.type !== "소득공제" && input.type !== "지출증빙") {
      throw invalidRequest("type은 소득공제 또는 지출증빙이어야 합니다.", "type must be 소득공제 or 지출증빙.")
    }
    if (typeof input.customerIdentityNumber !== "string" || !CASH_RECEIPT_IDENTITY[input.type].test(input.customerIdentityNumber)) {
      throw invalidRequest(
        "customerIdentityNumber는 소득공제면 휴대폰 번호나 현금영수증 카드 번호, 지출증빙이면 사업자등록번호여야 합니다.",
        "customerIdentityNumber must be a mobile phone or cash receipt card number (소득공제), or a business registration number (지출증빙)."
      )
    }
    if (this.records.some((record) => record.owner === owner && record.receipt.orderId === input.orderId && record.receipt.transactionType === "CONFIRM" && !record.canceled)) {
      throw new TossError("ALREADY_ISSUED_CASH_RECEIPT", {
        status: 400,
        detail: { ko: "이미 발급된 현금영수증이 있는 주문입니다.", en: "A cash receipt has already been issued for this order." },
      })
    }
    const identity = input.customerIdentityNumber
    const receipt = this.record(owner, {
      issueNumber: randomDigits(9),
      issueStatus: "COMPLETED",
      amount,
      taxFreeAmount,
      orderId: input.orderId,
      orderName: input.orderName,
      type: input.type,
      transactionType: "CONFIRM",
      businessNumber: "1234567890",
      customerIdentityNumber: "*".repeat(identity.length - 4) + identity.slice(-4),
      failure: null,
    })
    return receipt
  }

  cancel(owner: object, receiptKey: string, body: unknown): TossCashReceipt {
    const record = this.records.find((candidate) => candidate.owner === owner && candidate.receipt.receiptKey === receiptKey && candidate.receipt.transactionType === "CONFIRM")
    if (!record) {
      throw new TossError("NOT_FOUND_CASH_RECEIPT", { status: 404, detail: { ko: "존재하지 않는 현금영수증입니다.", en: "No such cash receipt." } })
    }
    if (record.canceled) {
      throw new TossError("ALREADY_CANCELED_CASH_RECEIPT", { status: 400, detail: { ko: "이미 취소된 현금영수증입니다.", en: "This cash receipt has already been cancelled." } })
    }
    const amount = ((body ?? {}) as { amount?: unknown }).amount
    if (amount !== undefined && amount !== record.receipt.amount) {
      throw invalidRequest("현금영수증은 전액만 취소할 수 있습니다.", "A cash receipt is cancelled in full only.")
    }
    record.canceled = true
    return this.record(owner, { ...record.receipt, issueNumber: randomDigits(9), transactionType: "CANCEL" })
  }

  list(owner: object, query: { requestDate?: string | null; cursor?: string | null; limit?: string | null }): { hasNext: boolean; lastCursor: string | null; data: TossCashReceipt[] } {
    if (!query.requestDate || !/^\d{4}-\d{2}-\d{2}$/.test(query.requestDate)) {
      throw invalidRequest("requestDate는 yyyy-MM-dd 형식이어야 합니다.", "requestDate is required as yyyy-MM-dd.")
    }
    const limit = query.limit == null ? 100 : Number(query.limit)
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10000)) {
      throw invalidRequest("limit은 1 이상 10000 이하의 정수여야 합니다.", "limit must be a whole number from 1 to 10000.")
    }
    const day = this.records.filter((record) => record.owner === owner && kstIso(record.at).slice(0, 10) === query.requestDate)
    const from = query.cursor ? day.findIndex((record) => record.receipt.receiptKey === query.cursor) + 1 : 0
    const page = day.slice(from, from + limit)
    return { hasNext: from + limit < day.length, lastCursor: page.length ? page[page.length - 1].receipt.receiptKey : null, data: page.map((record) => ({ ...record.receipt })) }
  }

  private record(owner: object, fields: Omit<TossCashReceipt, "receiptKey" | "requestedAt" | "receiptUrl">): TossCashReceipt {
    const at = this.options.clock.now()
    const receiptKey = `cr_${randomAlphanumeric(20)}`
    const receipt: TossCashReceipt = {
      ...fields,
      receiptKey,
      requestedAt: kstIso(at),
      receiptUrl: `${this.options.baseUrl()}/sandbox/cash-receipts/${receiptKey}`,
    }
    this.records.push({ owner, at, receipt, canceled: false })
    return { ...receipt }
  }
}
