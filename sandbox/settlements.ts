/**
 * Settlements (정산), `GET /v1/settlements`: what Toss pays the merchant for
 * each transaction of the ledger, after its fee.
 *
 * Choices the Toss documentation leaves open (undocumented), made here:
 * - One row per money-moving ledger row: an approval or a deposit (positive
 *   amounts), a cancel or a deposit reversed by the bank (negative amounts,
 *   the fee given back). The issue of a virtual account moves no money: no row.
 * - Fees (made up, for tests): 3.0 % of the amount for cards, easy pay and
 *   mobile phone, 2.0 % for transfers, 400 won for a virtual account; the
 *   fee before VAT (`supplyAmount`) is rounded to the won, VAT is a tenth of
 *   it (floored); `fees` holds one part, their sum.
 * - `soldDate` is the Korean date of the transaction, `paidOutDate` two days
 *   later; a row is listed as soon as its transaction happened (Toss lists
 *   them the next business day).
 * - `startDate`, `endDate` (yyyy-MM-dd, both included) are required;
 *   `dateType` soldDate (default) or paidOutDate; `page` from 1 (default 1),
 *   `size` 1 to 5000 (default 100); otherwise 400 INVALID_REQUEST. Rows in
 *   ledger order.
 */
import { invalidRequest } from "./errors"
import type { LedgerRow } from "./transactions"

export interface TossSettlement {
  mId: string
  paymentKey: string
  transactionKey: string
  orderId: string
  currency: "KRW"
  method: string | null
  amount: number
  interestFee: number
  fees: { type: string; fee: number }[]
  supplyAmount: number
  vat: number
  payOutAmount: number
  approvedAt: string
  soldDate: string
  paidOutDate: string
}

export interface SettlementQuery {
  startDate?: string | null
  endDate?: string | null
  dateType?: string | null
  page?: string | null
  size?: string | null
}

const DAY_MS = 24 * 60 * 60 * 1000
const KST_OFFSET_MS = 9 * 60 * 60 * 1000
const DATE = /^\d{4}-\d{2}-\d{2}$/

function kstDate(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 10)
}

function feeOf(method: string | null, amount: number): number {
  switch (method) {
    case "가상계좌":
      return 400
    case "계좌이체":
      return Math.round(amount * 0.02)
    default:
      return Math.round(amount * 0.03)
  }
}

/** The settlement rows of one merchant's ledger rows (in order). */
export function settlementsOf(rows: LedgerRow[]): TossSettlement[] {
  const lastStatus = new Map<string, string>()
  const settlements: TossSettlement[] = []
  for (const { at, transaction } of rows) {
    const before = lastStatus.get(transaction.paymentKey)
    lastStatus.set(transaction.paymentKey, transaction.status)
    const sign = transaction.status === "DONE" ? 1 : transaction.status === "WAITING_FOR_DEPOSIT" ? (before === "DONE" ? -1 : 0) : -1
    if (sign === 0) continue
    const supplyAmount = sign * feeOf(transaction.method, transaction.amount)
    const vat = sign * Math.floor(Math.abs(supplyAmount) / 10)
    const amount = sign * transaction.amount
    settlements.push({
      mId: transaction.mId,
      paymentKey: transaction.paymentKey,
      transactionKey: transaction.transactionKey,
      orderId: transaction.orderId,
      currency: "KRW",
      method: transaction.method,
      amount,
      interestFee: 0,
      fees: [{ type: "BASE", fee: supplyAmount + vat }],
      supplyAmount,
      vat,
      payOutAmount: amount - supplyAmount - vat,
      approvedAt: transaction.transactionAt,
      soldDate: kstDate(at),
      paidOutDate: kstDate(at + 2 * DAY_MS),
    })
  }
  return settlements
}

/** `GET /v1/settlements` over a merchant's ledger rows. */
export function listSettlements(rows: LedgerRow[], query: SettlementQuery): TossSettlement[] {
  const start = parseDate("startDate", query.startDate)
  const end = parseDate("endDate", query.endDate)
  if (start > end) {
    throw invalidRequest("startDate는 endDate보다 늦을 수 없습니다.", "startDate must not be after endDate.")
  }
  const dateType = query.dateType ?? "soldDate"
  if (dateType !== "soldDate" && dateType !== "paidOutDate") {
    throw invalidRequest("dateType은 soldDate 또는 paidOutDate여야 합니다.", "dateType must be soldDate or paidOutDate.")
  }
  const page = parseWhole("page", query.page, 1, 1_000_000)
  const size = parseWhole("size", query.size, 100, 5000)
  const listed = settlementsOf(rows).filter((row) => row[dateType] >= start && row[dateType] <= end)
  return listed.slice((page - 1) * size, page * size)
}

function parseDate(name: string, value: string | null | undefined): string {
  if (!value || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw invalidRequest(`${name}는 yyyy-MM-dd 형식의 실제 날짜여야 합니다.`, `${name} is required as a real date, yyyy-MM-dd.`)
  }
  return value
}

function parseWhole(name: string, value: string | null | undefined, fallback: number, max: number): number {
  if (value == null) return fallback
  const number = /^[0-9]{1,7}$/.test(value) ? Number(value) : NaN
  if (!(number >= 1 && number <= max)) {
    throw invalidRequest(`${name}은 1 이상 ${max} 이하의 정수여야 합니다.`, `${name} must be a whole number from 1 to ${max}.`)
  }
  return number
}
