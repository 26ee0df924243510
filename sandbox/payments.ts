/**
 * The sandbox's payment store: the life of a Payment (toss-api.md §4), the
 * shopper's authentication in the window, confirm and lookup (§2, §5),
 * virtual account deposits, expiries, and the transaction ledger they feed.
 * Cancels follow the rules in cancels.ts; requests are checked in request.ts.
 */
import { SandboxClock, kstCompact, kstIso } from "./clock"
import {
  DEFAULT_CARD_ISSUER,
  DEFAULT_TRANSFER_BANK,
  DEFAULT_VALID_HOURS,
  DEFAULT_VIRTUAL_ACCOUNT_BANK,
  EASY_PAY_METHOD_LABEL,
  EASY_PAY_PROVIDERS,
  INSTALLMENT_MINIMUM_AMOUNT,
  MAX_INSTALLMENT_MONTHS,
  METHODS,
  SdkMethod,
  VIRTUAL_ACCOUNT_BANKS,
  cardIssuerCode,
} from "./codes"
import { CancelInput, applyCancel, parseCancel } from "./cancels"
import { TossError, invalidRequest } from "./errors"
import { isTossBankCode } from "../src/lib/toss-banks"
import {
  ANONYMOUS,
  PaymentRequest,
  ValidRequest,
  installmentMonths,
  validateRequest,
} from "./request"
import {
  TossCard,
  TossCashReceipt,
  TossCashReceiptHistory,
  TossPayment,
  newTransactionKey,
  randomAlphanumeric,
  randomDigits,
  taxAmounts,
} from "./toss-objects"
import { TossTransaction, TransactionLedger, TransactionQuery } from "./transactions"
import { SettlementQuery, TossSettlement, listSettlements } from "./settlements"
import { CashReceiptStore } from "./cash-receipts"

export type { CancelInput } from "./cancels"

export interface Merchant {
  clientKey: string
  secretKey: string
}

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

/** A payment status change, reported to webhooks. */
export interface StatusChange {
  payment: TossPayment
  /** Set for virtual accounts, which also get a DEPOSIT_CALLBACK. */
  deposit?: { status: "DONE" | "WAITING_FOR_DEPOSIT" | "CANCELED" | "PARTIAL_CANCELED"; transactionKey: string }
}

export interface PaymentStoreOptions {
  merchants: Merchant[]
  clock: SandboxClock
  /** The sandbox's own URL, for receipt and checkout links. */
  baseUrl: () => string
  partialCancelable: boolean
  consecutiveRequestWindowMs: number
  onStatusChange: (change: StatusChange) => void
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

export type RefundBankRefusal = "NOT_ALLOWED_REFUND_BANK" | "NOT_AVAILABLE_BANK"

const MINUTE_MS = 60_000
/** READY → EXPIRED when the shopper does not authenticate in time (§4). */
const AUTHENTICATION_LIMIT_MS = 30 * MINUTE_MS
/** IN_PROGRESS → EXPIRED when the store does not confirm in time (§2, §4). */
const CONFIRM_LIMIT_MS = 10 * MINUTE_MS
const HOUR_MS = 60 * MINUTE_MS
/** failure of an EXPIRED payment, as Toss shows it. */
const EXPIRED_FAILURE = { code: "EXPIRED_PAYMENT", message: "결제가 만료되었습니다. 다시 시도해주세요." }
/** A phone number (소득공제), a cash receipt card (18 digits) or a business number (지출증빙). */
export const CASH_RECEIPT_IDENTITY = { 소득공제: /^(01[0-9]{8,9}|[0-9]{18})$/, 지출증빙: /^([0-9]{10}|[0-9]{18})$/ } as const

export class PaymentStore {
  private readonly records: PaymentRecord[] = []
  private readonly ledger = new TransactionLedger()
  /** Refund banks the test made refuse refunds (NOT_ALLOWED_REFUND_BANK, NOT_AVAILABLE_BANK). */
  private readonly refundBankRefusals = new Map<string, RefundBankRefusal>()
  /** Cash receipts issued after a payment (cash-receipts.ts). */
  readonly cashReceipts: CashReceiptStore

  constructor(private readonly options: PaymentStoreOptions) {
    this.cashReceipts = new CashReceiptStore({ clock: options.clock, baseUrl: options.baseUrl })
  }

  /** The payment window was opened: a READY payment, or the READY one already opened for this order. */
  open(request: PaymentRequest): TossPayment {
    const merchant = this.merchantFor(request.clientKey)
    const valid = validateRequest(request, this.options.clock.now())
    const existing = this.records.find((r) => r.merchant === merchant && r.payment.orderId === valid.orderId)
    if (existing) {
      this.refresh(existing)
      if (existing.payment.status !== "READY") throw new TossError("DUPLICATED_ORDER_ID")
      existing.request = valid
      existing.customerKey = customerKeyOf(valid)
      Object.assign(existing.payment, this.requestFields(valid))
      return clone(existing.payment)
    }
    return clone(this.create(merchant, valid).payment)
  }

  /**
   * The shopper finished authentication in the window: IN_PROGRESS, waiting
   * for confirm. Returns what the window hands to successUrl.
   */
  authenticate(input: AuthenticateInput): AuthenticatedPayment {
    const opened = this.open(input)
    const record = this.require(opened.paymentKey)
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
    return this.confirm(this.require(authenticated.paymentKey).merchant, authenticated)
  }

  confirm(merchant: Merchant, body: unknown): TossPayment {
    const { paymentKey, orderId, amount } = parseConfirm(body)
    const record = this.owned(merchant, { paymentKey })
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
      this.changed(record)
      throw error
    }

    payment.lastTransactionKey = newTransactionKey()
    payment.receipt = { url: `${this.options.baseUrl()}/receipt/${payment.paymentKey}` }
    Object.assign(payment, this.methodDetails(record, now))
    if (authentication.method === "VIRTUAL_ACCOUNT") {
      payment.status = "WAITING_FOR_DEPOSIT"
      payment.secret = "ps_" + randomAlphanumeric(27)
      this.transaction(record, now, payment.totalAmount)
      this.changed(record, { status: "WAITING_FOR_DEPOSIT", transactionKey: payment.lastTransactionKey })
    } else {
      this.approve(record, now)
      this.transaction(record, now, payment.totalAmount)
      this.changed(record)
    }
    return clone(payment)
  }

  /** `GET /v1/transactions`: the merchant's own transactions only. */
  transactions(merchant: Merchant, query: TransactionQuery): TossTransaction[] {
    return this.ledger.list(merchant, query)
  }

  settlements(merchant: Merchant, query: SettlementQuery): TossSettlement[] {
    return listSettlements(this.ledger.rowsOf(merchant), query)
  }

  lookup(merchant: Merchant, ref: { paymentKey: string } | { orderId: string }): TossPayment {
    const record = this.owned(merchant, ref)
    this.countQuery(record)
    return clone(record.payment)
  }

  cancel(merchant: Merchant, paymentKey: string, body: unknown): TossPayment {
    const input = parseCancel(body)
    const record = this.owned(merchant, { paymentKey })
    this.countQuery(record)
    return this.applyCancel(record, input)
  }

  /** A cancel made by the merchant in the Toss dashboard: same rules, no API request. */
  dashboardCancel(ref: string, body: CancelInput): TossPayment {
    const record = this.require(ref)
    // The dashboard fills in the tax-free part of a cancel of everything left; the API does not.
    const { balanceAmount, taxFreeAmount } = record.payment
    const all = body.cancelAmount === undefined || body.cancelAmount === balanceAmount
    return this.applyCancel(record, parseCancel(all ? { taxFreeAmount, ...body } : body))
  }

  /** The shopper paid into the virtual account. */
  deposit(ref: string): TossPayment {
    const record = this.requireVirtualAccount(ref)
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
    this.approve(record, now)
    this.transaction(record, now, payment.totalAmount)
    this.changed(record, { status: "DONE", transactionKey: payment.lastTransactionKey })
    return clone(payment)
  }

  /** The bank reversed a deposit: the account waits for the money again (§4). */
  depositError(ref: string): TossPayment {
    const record = this.requireVirtualAccount(ref)
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
    this.transaction(record, this.options.clock.now(), payment.totalAmount)
    this.changed(record, { status: "WAITING_FOR_DEPOSIT", transactionKey })
    return clone(payment)
  }

  /** The due date passed: the status stays WAITING_FOR_DEPOSIT and no webhook is sent (§4). */
  expireVirtualAccount(ref: string): TossPayment {
    const record = this.requireVirtualAccount(ref)
    record.payment.virtualAccount!.expired = true
    return clone(record.payment)
  }

  find(ref: string): TossPayment | undefined {
    const record = this.lookupRecord(ref)
    return record && clone(record.payment)
  }

  all(): TossPayment[] {
    return this.records.map((record) => {
      this.refresh(record)
      return clone(record.payment)
    })
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

  /** Let time act on every payment (expiries, due dates), so their webhooks go out when it happens. */
  sweep(): void {
    for (const record of this.records) this.refresh(record)
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
    this.transaction(record, now, record.payment.totalAmount)
    return clone(record.payment)
  }

  /** A payment refused as it was made (a declined billing charge): ABORTED, with the refusal as its failure. */
  createAborted(merchant: Merchant, request: PaymentRequest, error: TossError): TossPayment {
    const record = this.createWithoutWindow(merchant, request, { type: "BILLING", method: "카드", card: null })
    record.payment.status = "ABORTED"
    record.payment.failure = { code: error.code, message: error.message }
    return clone(record.payment)
  }

  /** The mId Toss shows for a merchant: the shared test merchant ids. */
  mIdOf(merchant: Merchant): string {
    const index = this.options.merchants.indexOf(merchant)
    return index === 0 ? "tvivarepublica" : `tvivarepublica${index + 1}`
  }

  private createWithoutWindow(merchant: Merchant, request: PaymentRequest, details: Partial<TossPayment>): PaymentRecord {
    const valid = validateRequest(request, this.options.clock.now())
    if (this.records.some((r) => r.merchant === merchant && r.payment.orderId === valid.orderId)) {
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
    this.records.push(record)
    return record
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

  /** The method object(s) a confirmed payment carries. */
  private methodDetails(record: PaymentRecord, now: number): Partial<TossPayment> {
    const { payment, request } = record
    const authentication = record.authentication!
    switch (authentication.method) {
      case "VIRTUAL_ACCOUNT":
        record.virtualAccountDueAt = request.dueAt ?? now + (request.validHours ?? DEFAULT_VALID_HOURS) * HOUR_MS
        return {
          virtualAccount: {
            accountType: "일반",
            accountNumber: randomDigits(14),
            bankCode: authentication.bankCode!,
            customerName: authentication.customerName,
            depositorName: null,
            dueDate: kstIso(record.virtualAccountDueAt),
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
            receiptUrl: `${this.options.baseUrl()}/receipt/${payment.paymentKey}`,
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

  private applyCancel(record: PaymentRecord, input: ReturnType<typeof parseCancel>): TossPayment {
    const now = this.options.clock.now()
    const result = applyCancel(record, input, {
      now,
      refundBankRefusals: this.refundBankRefusals,
      cashReceiptUrl: (receiptKey) => `${this.options.baseUrl()}/cash-receipt/${receiptKey}`,
    })
    this.transaction(record, now, result.cancelAmount)
    // Virtual accounts are reported by DEPOSIT_CALLBACK as well, partial cancels
    // included (the status flow of Toss's webhook guide).
    const { payment } = record
    this.changed(
      record,
      payment.virtualAccount
        ? { status: payment.status as "CANCELED" | "PARTIAL_CANCELED", transactionKey: payment.lastTransactionKey! }
        : undefined
    )
    return clone(payment)
  }

  /** FORBIDDEN_CONSECUTIVE_REQUEST: lookups and cancels of one payment need a pause between them (§5). */
  private countQuery(record: PaymentRecord): void {
    const now = this.options.clock.now()
    const windowMs = this.options.consecutiveRequestWindowMs
    if (windowMs > 0 && record.lastQueriedAt !== null && now - record.lastQueriedAt < windowMs) {
      // A refused request does not restart the wait, so a client that waits
      // and retries gets through.
      throw new TossError("FORBIDDEN_CONSECUTIVE_REQUEST")
    }
    record.lastQueriedAt = now
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

  /** A row in the transaction ledger for what just happened: the payment's lastTransactionKey and new status. */
  private transaction(record: PaymentRecord, at: number, amount: number): void {
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

  private changed(record: PaymentRecord, deposit?: StatusChange["deposit"]): void {
    this.options.onStatusChange({ payment: clone(record.payment), deposit })
  }

  private merchantFor(clientKey: string | undefined): Merchant {
    const merchant = clientKey
      ? this.options.merchants.find((m) => m.clientKey === clientKey)
      : this.options.merchants[0]
    if (!merchant) throw new TossError("UNAUTHORIZED_KEY")
    return merchant
  }

  /** A payment the merchant may see: another merchant's payment does not exist for it. */
  private owned(merchant: Merchant, ref: { paymentKey: string } | { orderId: string }): PaymentRecord {
    const record = this.records.find(
      (r) =>
        r.merchant === merchant &&
        ("paymentKey" in ref ? r.payment.paymentKey === ref.paymentKey : r.payment.orderId === ref.orderId)
    )
    if (!record) throw new TossError("NOT_FOUND_PAYMENT")
    this.refresh(record)
    return record
  }

  private lookupRecord(ref: string): PaymentRecord | undefined {
    const record = this.records.find((r) => r.payment.paymentKey === ref || r.payment.orderId === ref)
    if (record) this.refresh(record)
    return record
  }

  /** For the window and test controls: any merchant's payment by paymentKey or orderId. */
  require(ref: string): PaymentRecord {
    const record = this.lookupRecord(ref)
    if (!record) throw new TossError("NOT_FOUND_PAYMENT")
    return record
  }

  private requireVirtualAccount(ref: string): PaymentRecord {
    const record = this.require(ref)
    if (!record.payment.virtualAccount) {
      throw invalidRequest(`Payment ${ref} is not a confirmed virtual account payment.`)
    }
    return record
  }
}

/** What the shopper ends up with, from the request and their choices in the window; refuses what the window would not offer. */
function authenticationFor(request: ValidRequest, choices: AuthenticateInput, now: number): Authentication {
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

function customerKeyOf(request: PaymentRequest): string | null {
  return request.customerKey && request.customerKey !== ANONYMOUS ? request.customerKey : null
}

function parseConfirm(body: unknown): { paymentKey: string; orderId: string; amount: number } {
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

export function clone(payment: TossPayment): TossPayment {
  return structuredClone(payment)
}
