/**
 * The sandbox's payment records: every Payment with what Toss keeps beside it
 * (its merchant, the request, the shopper's authentication), found by
 * paymentKey or orderId (a merchant sees only its own), the pause Toss wants
 * between lookups (§5), what time does to a payment (§4), and what each
 * change leaves: a row in the transaction ledger and a status change for the
 * webhooks.
 */
import type { Authentication } from "./authentication"
import { SandboxClock } from "./clock"
import { TossError, invalidRequest } from "./errors"
import type { ValidRequest } from "./request"
import { SettlementQuery, TossSettlement, listSettlements } from "./settlements"
import type { TossPayment } from "./toss-objects"
import { TossTransaction, TransactionLedger, TransactionQuery } from "./transactions"

export interface Merchant {
  clientKey: string
  secretKey: string
}

export interface PaymentRecord {
  payment: TossPayment
  merchant: Merchant
  request: ValidRequest
  openedAt: number
  /** What the shopper chose and entered; null while READY. */
  authentication: Authentication | null
  /** Epoch ms of the approval (the deposit, for a virtual account): refund deadlines count from it. */
  approvedAt: number | null
  virtualAccountDueAt: number | null
  /** Last lookup or cancel, for FORBIDDEN_CONSECUTIVE_REQUEST. */
  lastQueriedAt: number | null
  /** Shown in the transaction ledger; null for ANONYMOUS. */
  customerKey: string | null
}

/** A payment status change, reported to webhooks. */
export interface StatusChange {
  payment: TossPayment
  /** Set for virtual accounts, which also get a DEPOSIT_CALLBACK. */
  deposit?: { status: "DONE" | "WAITING_FOR_DEPOSIT" | "CANCELED" | "PARTIAL_CANCELED"; transactionKey: string }
}

export interface PaymentRecordsOptions {
  clock: SandboxClock
  consecutiveRequestWindowMs: number
  onStatusChange: (change: StatusChange) => void
}

const MINUTE_MS = 60_000
/** READY → EXPIRED when the shopper does not authenticate in time (§4). */
const AUTHENTICATION_LIMIT_MS = 30 * MINUTE_MS
/** IN_PROGRESS → EXPIRED when the store does not confirm in time (§2, §4). */
const CONFIRM_LIMIT_MS = 10 * MINUTE_MS
/** failure of an EXPIRED payment, as Toss shows it. */
const EXPIRED_FAILURE = { code: "EXPIRED_PAYMENT", message: "결제가 만료되었습니다. 다시 시도해주세요." }

export class PaymentRecords {
  private readonly records: PaymentRecord[] = []
  private readonly ledger = new TransactionLedger()

  constructor(private readonly options: PaymentRecordsOptions) {}

  add(record: PaymentRecord): PaymentRecord {
    this.records.push(record)
    return record
  }

  /** The merchant's payment for an order, whatever its status. */
  ofOrder(merchant: Merchant, orderId: string): PaymentRecord | undefined {
    const record = this.records.find((r) => r.merchant === merchant && r.payment.orderId === orderId)
    if (record) this.refresh(record)
    return record
  }

  /** A payment the merchant may see: another merchant's payment does not exist for it. */
  owned(merchant: Merchant, ref: { paymentKey: string } | { orderId: string }): PaymentRecord {
    const record = this.records.find(
      (r) =>
        r.merchant === merchant &&
        ("paymentKey" in ref ? r.payment.paymentKey === ref.paymentKey : r.payment.orderId === ref.orderId)
    )
    if (!record) throw new TossError("NOT_FOUND_PAYMENT")
    this.refresh(record)
    return record
  }

  /** For the window and test controls: any merchant's payment by paymentKey or orderId. */
  find(ref: string): PaymentRecord | undefined {
    const record = this.records.find((r) => r.payment.paymentKey === ref || r.payment.orderId === ref)
    if (record) this.refresh(record)
    return record
  }

  require(ref: string): PaymentRecord {
    const record = this.find(ref)
    if (!record) throw new TossError("NOT_FOUND_PAYMENT")
    return record
  }

  requireVirtualAccount(ref: string): PaymentRecord {
    const record = this.require(ref)
    if (!record.payment.virtualAccount) {
      throw invalidRequest(`Payment ${ref} is not a confirmed virtual account payment.`)
    }
    return record
  }

  all(): PaymentRecord[] {
    this.sweep()
    return [...this.records]
  }

  /** Let time act on every payment (expiries, due dates), so their webhooks go out when it happens. */
  sweep(): void {
    for (const record of this.records) this.refresh(record)
  }

  /** FORBIDDEN_CONSECUTIVE_REQUEST: lookups and cancels of one payment need a pause between them (§5). */
  countQuery(record: PaymentRecord): void {
    const now = this.options.clock.now()
    const windowMs = this.options.consecutiveRequestWindowMs
    if (windowMs > 0 && record.lastQueriedAt !== null && now - record.lastQueriedAt < windowMs) {
      // A refused request does not restart the wait, so a client that waits
      // and retries gets through.
      throw new TossError("FORBIDDEN_CONSECUTIVE_REQUEST")
    }
    record.lastQueriedAt = now
  }

  /** A row in the transaction ledger for what just happened: the payment's lastTransactionKey and new status. */
  transaction(record: PaymentRecord, at: number, amount: number): void {
    const { payment } = record
    this.ledger.add(record.merchant, at, {
      mId: payment.mId,
      transactionKey: payment.lastTransactionKey!,
      paymentKey: payment.paymentKey,
      orderId: payment.orderId,
      currency: payment.currency,
      method: payment.method,
      customerKey: record.customerKey,
      useEscrow: payment.useEscrow,
      amount,
      status: payment.status as TossTransaction["status"],
    })
  }

  changed(record: PaymentRecord, deposit?: StatusChange["deposit"]): void {
    this.options.onStatusChange({ payment: structuredClone(record.payment), deposit })
  }

  /** `GET /v1/transactions`: the merchant's own transactions only. */
  transactions(merchant: Merchant, query: TransactionQuery): TossTransaction[] {
    return this.ledger.list(merchant, query)
  }

  settlements(merchant: Merchant, query: SettlementQuery): TossSettlement[] {
    return listSettlements(this.ledger.rowsOf(merchant), query)
  }

  /**
   * Apply what time did since the last look (§4): a window not authenticated
   * within 30 minutes or a payment not confirmed within 10 expires, with a
   * PAYMENT_STATUS_CHANGED; a virtual account's due date passes silently.
   */
  private refresh(record: PaymentRecord): void {
    const now = this.options.clock.now()
    const { payment } = record
    const expired =
      (payment.status === "READY" && now - record.openedAt > AUTHENTICATION_LIMIT_MS) ||
      (payment.status === "IN_PROGRESS" && now - record.authentication!.at > CONFIRM_LIMIT_MS)
    if (expired) {
      payment.status = "EXPIRED"
      payment.failure = { ...EXPIRED_FAILURE }
      this.changed(record)
    }
    if (
      payment.status === "WAITING_FOR_DEPOSIT" &&
      record.virtualAccountDueAt !== null &&
      now > record.virtualAccountDueAt
    ) {
      payment.virtualAccount!.expired = true
    }
  }
}
