/**
 * Virtual accounts after their issue (toss-api.md §4): the shopper's deposit,
 * a deposit the bank reverses, a due date passing, and banks that refuse the
 * refund of a deposited account (a test's choice: Toss names none).
 */
import { SandboxClock } from "./clock"
import { invalidRequest } from "./errors"
import { isTossBankCode } from "../src/lib/toss-banks"
import type { PaymentRecord, PaymentRecords } from "./records"
import { TossPayment, newTransactionKey } from "./toss-objects"

export type RefundBankRefusal = "NOT_ALLOWED_REFUND_BANK" | "NOT_AVAILABLE_BANK"

export interface VirtualAccountsOptions {
  records: PaymentRecords
  clock: SandboxClock
  /** DONE: the money is taken, with the cash receipt for it (payments.ts). */
  approve: (record: PaymentRecord, now: number) => void
}

export class VirtualAccounts {
  /** Refund banks the test made refuse refunds (NOT_ALLOWED_REFUND_BANK, NOT_AVAILABLE_BANK). */
  readonly refundBankRefusals = new Map<string, RefundBankRefusal>()

  constructor(private readonly options: VirtualAccountsOptions) {}

  /** The shopper paid into the virtual account. */
  deposit(ref: string): TossPayment {
    const { records } = this.options
    const record = records.requireVirtualAccount(ref)
    const { payment } = record
    if (payment.status !== "WAITING_FOR_DEPOSIT" || payment.virtualAccount!.expired) {
      throw invalidRequest(
        `Only a virtual account waiting for its deposit can receive one ` +
          `(status ${payment.status}, expired ${payment.virtualAccount!.expired}).`
      )
    }
    const now = this.options.clock.now()
    payment.lastTransactionKey = newTransactionKey()
    payment.virtualAccount!.depositorName = payment.virtualAccount!.customerName
    this.options.approve(record, now)
    records.transaction(record, now, payment.totalAmount)
    records.changed(record, { status: "DONE", transactionKey: payment.lastTransactionKey })
    return structuredClone(payment)
  }

  /** The bank reversed a deposit: the account waits for the money again (§4). */
  depositError(ref: string): TossPayment {
    const { records } = this.options
    const record = records.requireVirtualAccount(ref)
    const { payment } = record
    if (payment.status !== "DONE") {
      throw invalidRequest(
        `Only a deposited virtual account (DONE) can have a deposit error, not ${payment.status}.`
      )
    }
    const transactionKey = newTransactionKey()
    payment.status = "WAITING_FOR_DEPOSIT"
    payment.approvedAt = null
    record.approvedAt = null
    payment.lastTransactionKey = transactionKey
    payment.virtualAccount!.depositorName = null
    // (undocumented) the money is gone, and with it the cash receipt issued for it
    payment.cashReceipt = null
    records.transaction(record, this.options.clock.now(), payment.totalAmount)
    records.changed(record, { status: "WAITING_FOR_DEPOSIT", transactionKey })
    return structuredClone(payment)
  }

  /** The due date passed: the status stays WAITING_FOR_DEPOSIT and no webhook is sent (§4). */
  expire(ref: string): TossPayment {
    const record = this.options.records.requireVirtualAccount(ref)
    record.payment.virtualAccount!.expired = true
    return structuredClone(record.payment)
  }

  /**
   * From now on, refunds of deposited virtual accounts to this bank answer
   * `code` (null: accepted again). Toss names no bank it refuses; a test
   * picks one.
   */
  refuseRefundsTo(bankCode: unknown, code: unknown): void {
    if (!isTossBankCode(bankCode)) throw invalidRequest(`bankCode must be a Toss bank code, not ${bankCode}.`)
    if (code === null) {
      this.refundBankRefusals.delete(bankCode)
      return
    }
    if (code !== "NOT_ALLOWED_REFUND_BANK" && code !== "NOT_AVAILABLE_BANK") {
      throw invalidRequest("code is NOT_ALLOWED_REFUND_BANK, NOT_AVAILABLE_BANK or null.")
    }
    this.refundBankRefusals.set(bankCode, code)
  }
}
