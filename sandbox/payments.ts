/**
 * The sandbox's payment store: the life of a Payment (toss-api.md §4), from
 * the window's opening through the shopper's authentication and the confirm
 * (§2) to cancels (cancels.ts), lookups (§5), and payments made without a
 * window (billing charges). The shopper's side is in authentication.ts, the
 * records, lookups and the ledger in records.ts, deposits in
 * virtual-accounts.ts; requests are checked in request.ts.
 */
import {
  AuthenticateInput,
  AuthenticatedPayment,
  Authentication,
  authenticationFor,
  confirmedMethod,
  parseConfirm,
  virtualAccountDueAt,
} from "./authentication"
import { CancelInput, applyCancel, parseCancel } from "./cancels"
import { SandboxClock, kstCompact, kstIso } from "./clock"
import { EASY_PAY_METHOD_LABEL, METHODS } from "./codes"
import { TossError, invalidRequest } from "./errors"
import { Merchant, PaymentRecord, PaymentRecords, StatusChange } from "./records"
import { ANONYMOUS, PaymentRequest, ValidRequest, validateRequest } from "./request"
import {
  TossCashReceipt,
  TossCashReceiptHistory,
  TossPayment,
  newTransactionKey,
  randomAlphanumeric,
  randomDigits,
  taxAmounts,
} from "./toss-objects"
import { CashReceiptStore } from "./cash-receipts"
import { VirtualAccounts } from "./virtual-accounts"

export interface PaymentStoreOptions {
  merchants: Merchant[]
  clock: SandboxClock
  /** The sandbox's own URL, for receipt and checkout links. */
  baseUrl: () => string
  partialCancelable: boolean
  consecutiveRequestWindowMs: number
  onStatusChange: (change: StatusChange) => void
}

export class PaymentStore {
  readonly records: PaymentRecords
  /** Deposits, their reversal and expiry, and refund banks that refuse (virtual-accounts.ts). */
  readonly virtualAccounts: VirtualAccounts
  /** Cash receipts issued after a payment (cash-receipts.ts). */
  readonly cashReceipts: CashReceiptStore

  constructor(private readonly options: PaymentStoreOptions) {
    this.records = new PaymentRecords(options)
    this.virtualAccounts = new VirtualAccounts({ records: this.records, clock: options.clock, approve: (record, now) => this.approve(record, now) })
    this.cashReceipts = new CashReceiptStore({ clock: options.clock, baseUrl: options.baseUrl })
  }

  /** The payment window was opened: a READY payment, or the READY one already opened for this order. */
  open(request: PaymentRequest): TossPayment {
    const merchant = this.merchantFor(request.clientKey)
    const valid = validateRequest(request, this.options.clock.now())
    const existing = this.records.ofOrder(merchant, valid.orderId)
    if (existing) {
      if (existing.payment.status !== "READY") throw new TossError("DUPLICATED_ORDER_ID")
      existing.request = valid
      existing.customerKey = customerKeyOf(valid)
      Object.assign(existing.payment, this.requestFields(valid))
      return structuredClone(existing.payment)
    }
    return structuredClone(this.create(merchant, valid).payment)
  }

  /**
   * The shopper finished authentication in the window: IN_PROGRESS, waiting
   * for confirm. Returns what the window hands to successUrl.
   */
  authenticate(input: AuthenticateInput): AuthenticatedPayment {
    const opened = this.open(input)
    const record = this.records.require(opened.paymentKey)
    record.authentication = authenticationFor(record.request, input, this.options.clock.now())
    record.payment.status = "IN_PROGRESS"
    record.payment.useEscrow = record.authentication.useEscrow
    record.payment.method = record.authentication.easyPayProvider
      ? EASY_PAY_METHOD_LABEL
      : METHODS[record.authentication.method].label
    return { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: opened.totalAmount }
  }

  /**
   * The shopper authenticates and the store's confirm goes through at once,
   * its answer never reaching the store: a lost confirm, or a backlog made in
   * one call per payment. DONE, or WAITING_FOR_DEPOSIT for a virtual account.
   */
  authenticateAndConfirm(input: AuthenticateInput): TossPayment {
    const authenticated = this.authenticate(input)
    return this.confirm(this.records.require(authenticated.paymentKey).merchant, authenticated)
  }

  confirm(merchant: Merchant, body: unknown): TossPayment {
    const { paymentKey, orderId, amount } = parseConfirm(body)
    const record = this.records.owned(merchant, { paymentKey })
    const { payment } = record
    switch (payment.status) {
      case "IN_PROGRESS":
        break
      case "EXPIRED":
        throw new TossError("NOT_FOUND_PAYMENT_SESSION")
      case "READY":
        // (undocumented) a confirm before the shopper authenticated
        throw new TossError("UNAPPROVED_ORDER_ID")
      default:
        // DONE, WAITING_FOR_DEPOSIT, CANCELED… and (undocumented) ABORTED
        throw new TossError("ALREADY_PROCESSED_PAYMENT")
    }
    const authentication = record.authentication! // set for every IN_PROGRESS payment
    if (orderId !== payment.orderId || amount !== payment.totalAmount) {
      // (undocumented) Toss does not say which code a mismatch gets; the
      // payment stays IN_PROGRESS so a corrected confirm can still succeed.
      throw invalidRequest(
        "orderId 또는 amount가 결제 요청 정보와 일치하지 않습니다.",
        "orderId or amount does not match what the shopper authenticated."
      )
    }

    const now = this.options.clock.now()
    if (authentication.confirmError) {
      const error = new TossError(authentication.confirmError)
      payment.status = "ABORTED"
      payment.failure = { code: error.code, message: error.message }
      this.records.changed(record)
      throw error
    }

    payment.lastTransactionKey = newTransactionKey()
    payment.receipt = { url: `${this.options.baseUrl()}/receipt/${payment.paymentKey}` }
    Object.assign(payment, confirmedMethod(payment, record.request, authentication, { now, baseUrl: this.options.baseUrl() }))
    if (authentication.method === "VIRTUAL_ACCOUNT") {
      record.virtualAccountDueAt = virtualAccountDueAt(record.request, now)
      payment.status = "WAITING_FOR_DEPOSIT"
      payment.secret = "ps_" + randomAlphanumeric(27)
      this.records.transaction(record, now, payment.totalAmount)
      this.records.changed(record, { status: "WAITING_FOR_DEPOSIT", transactionKey: payment.lastTransactionKey })
    } else {
      this.approve(record, now)
      this.records.transaction(record, now, payment.totalAmount)
      this.records.changed(record)
    }
    return structuredClone(payment)
  }

  lookup(merchant: Merchant, ref: { paymentKey: string } | { orderId: string }): TossPayment {
    const record = this.records.owned(merchant, ref)
    this.records.countQuery(record)
    return structuredClone(record.payment)
  }

  cancel(merchant: Merchant, paymentKey: string, body: unknown): TossPayment {
    const input = parseCancel(body)
    const record = this.records.owned(merchant, { paymentKey })
    this.records.countQuery(record)
    return this.applyCancel(record, input)
  }

  /** A cancel made by the merchant in the Toss dashboard: same rules, no API request. */
  dashboardCancel(ref: string, body: CancelInput): TossPayment {
    const record = this.records.require(ref)
    // The dashboard fills in the tax-free part of a cancel of everything left; the API does not.
    const { balanceAmount, taxFreeAmount } = record.payment
    const all = body.cancelAmount === undefined || body.cancelAmount === balanceAmount
    return this.applyCancel(record, parseCancel(all ? { taxFreeAmount, ...body } : body))
  }

  find(ref: string): TossPayment | undefined {
    const record = this.records.find(ref)
    return record && structuredClone(record.payment)
  }

  all(): TossPayment[] {
    return this.records.all().map((record) => structuredClone(record.payment))
  }

  /**
   * A payment created DONE without a window (a billing charge): its approval
   * is in the ledger, and no status webhook is sent for it (Toss sends none).
   */
  createApproved(merchant: Merchant, request: PaymentRequest, details: Pick<TossPayment, "type" | "method" | "card">): TossPayment {
    const record = this.createWithoutWindow(merchant, request, details)
    const now = this.options.clock.now()
    record.payment.lastTransactionKey = newTransactionKey()
    record.payment.receipt = { url: `${this.options.baseUrl()}/receipt/${record.payment.paymentKey}` }
    this.approve(record, now)
    this.records.transaction(record, now, record.payment.totalAmount)
    return structuredClone(record.payment)
  }

  /** A payment refused as it was made (a declined billing charge): ABORTED, with the refusal as its failure. */
  createAborted(merchant: Merchant, request: PaymentRequest, error: TossError): TossPayment {
    const record = this.createWithoutWindow(merchant, request, { type: "BILLING", method: "카드", card: null })
    record.payment.status = "ABORTED"
    record.payment.failure = { code: error.code, message: error.message }
    return structuredClone(record.payment)
  }

  /** The mId Toss shows for a merchant: the shared test merchant ids. */
  mIdOf(merchant: Merchant): string {
    const index = this.options.merchants.indexOf(merchant)
    return index === 0 ? "tvivarepublica" : `tvivarepublica${index + 1}`
  }

  private createWithoutWindow(merchant: Merchant, request: PaymentRequest, details: Partial<TossPayment>): PaymentRecord {
    const valid = validateRequest(request, this.options.clock.now())
    if (this.records.ofOrder(merchant, valid.orderId)) {
      throw new TossError("DUPLICATED_ORDER_ID")
    }
    const record = this.create(merchant, valid)
    Object.assign(record.payment, details, { checkout: null })
    return record
  }

  private create(merchant: Merchant, request: ValidRequest): PaymentRecord {
    const now = this.options.clock.now()
    const paymentKey = "tgen_" + kstCompact(now) + randomAlphanumeric(29)
    const record: PaymentRecord = {
      merchant,
      request,
      openedAt: now,
      authentication: null,
      approvedAt: null,
      virtualAccountDueAt: null,
      lastQueriedAt: null,
      customerKey: customerKeyOf(request),
      payment: {
        version: "2022-11-16",
        paymentKey,
        type: "NORMAL",
        orderId: request.orderId,
        orderName: request.orderName,
        mId: this.mIdOf(merchant),
        currency: "KRW",
        method: null,
        totalAmount: request.amount,
        balanceAmount: request.amount,
        status: "READY",
        requestedAt: kstIso(now),
        approvedAt: null,
        useEscrow: false,
        lastTransactionKey: null,
        ...taxAmounts(request.amount, request.taxFreeAmount, request.taxExemptionAmount),
        taxExemptionAmount: request.taxExemptionAmount,
        cultureExpense: false,
        isPartialCancelable: this.options.partialCancelable,
        cancels: null,
        card: null,
        virtualAccount: null,
        transfer: null,
        mobilePhone: null,
        giftCertificate: null,
        easyPay: null,
        cashReceipt: null,
        cashReceipts: null,
        discount: null,
        receipt: null,
        checkout: { url: `${this.options.baseUrl()}/checkout/${paymentKey}` },
        secret: null,
        country: "KR",
        failure: null,
        metadata: null,
      },
    }
    return this.records.add(record)
  }

  private requestFields(request: ValidRequest): Partial<TossPayment> {
    return {
      orderName: request.orderName,
      totalAmount: request.amount,
      balanceAmount: request.amount,
      ...taxAmounts(request.amount, request.taxFreeAmount, request.taxExemptionAmount),
      taxExemptionAmount: request.taxExemptionAmount,
    }
  }

  /** DONE: the money is taken (a confirm, a deposit, a billing charge), with the cash receipt for it. */
  private approve(record: PaymentRecord, now: number): void {
    const { payment } = record
    payment.status = "DONE"
    payment.approvedAt = kstIso(now)
    record.approvedAt = now
    const receipt = record.authentication?.cashReceipt
    if (receipt) {
      const issued = this.cashReceipt(record, receipt, now)
      payment.cashReceipt = issued.receipt
      payment.cashReceipts = [...(payment.cashReceipts ?? []), issued.history]
    }
  }

  /** A cash receipt for what the payment holds now (§ issue 12: transfers and virtual accounts). */
  private cashReceipt(
    record: PaymentRecord,
    chosen: NonNullable<Authentication["cashReceipt"]>,
    now: number
  ): { receipt: TossCashReceipt; history: TossCashReceiptHistory } {
    const { payment } = record
    const receiptKey = randomAlphanumeric(20)
    const receipt: TossCashReceipt = {
      type: chosen.type,
      receiptKey,
      issueNumber: randomDigits(9),
      receiptUrl: `${this.options.baseUrl()}/cash-receipt/${receiptKey}`,
      amount: payment.balanceAmount,
      taxFreeAmount: payment.taxFreeAmount,
    }
    const identity = chosen.customerIdentityNumber
    return {
      receipt,
      history: {
        ...receipt,
        orderId: payment.orderId,
        orderName: payment.orderName,
        businessNumber: "1234567890",
        transactionType: "CONFIRM",
        issueStatus: "COMPLETED",
        failure: null,
        customerIdentityNumber: identity.slice(0, 3) + "*".repeat(identity.length - 3),
        requestedAt: kstIso(now),
      },
    }
  }

  private applyCancel(record: PaymentRecord, input: ReturnType<typeof parseCancel>): TossPayment {
    const now = this.options.clock.now()
    const result = applyCancel(record, input, {
      now,
      refundBankRefusals: this.virtualAccounts.refundBankRefusals,
      cashReceiptUrl: (receiptKey) => `${this.options.baseUrl()}/cash-receipt/${receiptKey}`,
    })
    this.records.transaction(record, now, result.cancelAmount)
    // Virtual accounts are reported by DEPOSIT_CALLBACK as well, partial cancels
    // included (the status flow of Toss's webhook guide).
    const { payment } = record
    this.records.changed(
      record,
      payment.virtualAccount
        ? { status: payment.status as "CANCELED" | "PARTIAL_CANCELED", transactionKey: payment.lastTransactionKey! }
        : undefined
    )
    return structuredClone(payment)
  }

  private merchantFor(clientKey: string | undefined): Merchant {
    const merchant = clientKey
      ? this.options.merchants.find((m) => m.clientKey === clientKey)
      : this.options.merchants[0]
    if (!merchant) throw new TossError("UNAUTHORIZED_KEY")
    return merchant
  }
}

function customerKeyOf(request: PaymentRequest): string | null {
  return request.customerKey && request.customerKey !== ANONYMOUS ? request.customerKey : null
}

