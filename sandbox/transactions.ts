/**
 * The transaction ledger, `GET /v1/transactions` (toss-api.md §2): one row per
 * transaction of a merchant, by `transactionAt`, queryable from the moment it
 * happens.
 *
 * Choices the Toss documentation leaves open (undocumented), made here:
 * - Which events are rows: every event that gets its own transactionKey in
 *   the Payment (`lastTransactionKey`, `cancels[].transactionKey`, the
 *   DEPOSIT_CALLBACK's transactionKey):
 *     approval (confirm, billing charge)      status DONE, amount = totalAmount
 *     virtual account issued (confirm)        status WAITING_FOR_DEPOSIT, amount = totalAmount
 *     deposit into a virtual account          status DONE, amount = totalAmount
 *     deposit reversed by the bank            status WAITING_FOR_DEPOSIT, amount = totalAmount
 *                                             (the row after a DONE row of the same payment)
 *     each cancel, partial or full            status PARTIAL_CANCELED or CANCELED (the
 *                                             payment's status after it), amount = cancelAmount
 *   Nothing happens without a transaction: a window opened or closed, an
 *   authentication, a refused confirm (ABORTED), an expiry (EXPIRED, or a
 *   virtual account past its due date) have no row. Listing the issue of a
 *   virtual account keeps a client from reading every row as money taken.
 * - Order: ascending transactionAt, rows of the same millisecond in the order
 *   they happened. (Sorting ties by the random transactionKey would let a
 *   page cursor skip a row made later in the same second.)
 * - `startDate` and `endDate` are both required, `yyyy-MM-ddTHH:mm:ss` with
 *   optional milliseconds and no offset (Korean time), both ends included,
 *   start not after end; otherwise 400 INVALID_REQUEST.
 * - `limit`: a whole number from 1 to 5000, default 100; otherwise 400
 *   INVALID_REQUEST.
 * - `startingAfter` must be the transactionKey of a row the same window lists
 *   (a key of another window or another merchant is as wrong as a made-up
 *   one): otherwise 400 INVALID_TRANSACTION_KEY.
 */
import { kstIso, parseKstLocalTime } from "./clock"
import { TossError, invalidRequest } from "./errors"

export interface TossTransaction {
  mId: string
  transactionKey: string
  paymentKey: string
  orderId: string
  currency: "KRW"
  method: string | null
  customerKey: string | null
  useEscrow: boolean
  amount: number
  status: "DONE" | "WAITING_FOR_DEPOSIT" | "PARTIAL_CANCELED" | "CANCELED"
  transactionAt: string
}

/** What a transaction is about; the ledger adds its time. */
export type TransactionInput = Omit<TossTransaction, "transactionAt">

export interface TransactionQuery {
  startDate?: string | null
  endDate?: string | null
  startingAfter?: string | null
  limit?: string | null
}

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 5000

interface Row {
  owner: object
  at: number
  transaction: TossTransaction
}

/** A ledger row as the settlements see it. */
export type LedgerRow = Pick<Row, "at" | "transaction">

export class TransactionLedger {
  private readonly rows: Row[] = []

  /** Record a transaction of `owner` (the merchant) at `at`; rows arrive in time order. */
  add(owner: object, at: number, input: TransactionInput): void {
    const row = { owner, at, transaction: { ...input, transactionAt: kstIso(at) } }
    // The sandbox clock never goes back, so appending keeps the order; the
    // search only guards against a caller passing an earlier time.
    let index = this.rows.length
    while (index > 0 && this.rows[index - 1].at > at) index -= 1
    this.rows.splice(index, 0, row)
  }

  /** Every row of `owner`, in order (settlements.ts). */
  rowsOf(owner: object): LedgerRow[] {
    return this.rows.filter((row) => row.owner === owner)
  }

  /** `GET /v1/transactions` for `owner`. */
  list(owner: object, query: TransactionQuery): TossTransaction[] {
    const start = parseLocalTime("startDate", query.startDate)
    const end = parseLocalTime("endDate", query.endDate)
    if (start > end) {
      throw invalidRequest("startDate는 endDate보다 늦을 수 없습니다.", "startDate must not be after endDate.")
    }
    const limit = parseLimit(query.limit)
    // transactionAt is shown to the second: a row belongs to the window its shown time falls in.
    const window = this.rows.filter((row) => {
      if (row.owner !== owner) return false
      const shown = Math.floor(row.at / 1000) * 1000
      return shown >= start && shown <= end
    })
    let from = 0
    if (query.startingAfter != null) {
      const index = window.findIndex((row) => row.transaction.transactionKey === query.startingAfter)
      if (index < 0) throw new TossError("INVALID_TRANSACTION_KEY")
      from = index + 1
    }
    return window.slice(from, from + limit).map((row) => ({ ...row.transaction }))
  }
}

/** `2022-01-01T00:00:00.000` in Korean time → epoch milliseconds. */
function parseLocalTime(name: string, value: string | null | undefined): number {
  const ms = parseKstLocalTime(value)
  if (ms === undefined) {
    throw invalidRequest(
      `${name}는 yyyy-MM-ddTHH:mm:ss.SSS 형식(한국 시간, 시간대 없이)의 실제 날짜여야 합니다.`,
      `${name} is required as a real date, yyyy-MM-ddTHH:mm:ss.SSS (Korean time, without an offset).`
    )
  }
  return ms
}

function parseLimit(value: string | null | undefined): number {
  if (value == null) return DEFAULT_LIMIT
  const limit = /^[0-9]{1,4}$/.test(value) ? Number(value) : NaN
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw invalidRequest(
      `limit은 1 이상 ${MAX_LIMIT} 이하의 정수여야 합니다.`,
      `limit must be a whole number from 1 to ${MAX_LIMIT}.`
    )
  }
  return limit
}
