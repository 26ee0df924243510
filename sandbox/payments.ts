/**
 * The sandbox's payment store: Payment objects as Toss returns them
 * (version 2022-11-16, toss-api.md §3), their statuses and transitions (§4),
 * and the rules of confirm, lookup and cancel (§2, §5).
 *
 * These types describe what the sandbox sends. The plugin has its own client
 * types in src/; the two are meant to agree, not to be shared.
 */
import { randomBytes, randomInt } from "node:crypto"
import { SandboxClock, kstCompact, kstIso } from "./clock"
import { isTossBankCode } from "../src/lib/toss-banks"
import { TossError, invalidRequest } from "./errors"
import { TossTransaction, TransactionLedger, TransactionQuery } from "./transactions"

export type PaymentStatus =
  | "READY"
  | "IN_PROGRESS"
  | "WAITING_FOR_DEPOSIT"
  | "DONE"
  | "CANCELED"
  | "PARTIAL_CANCELED"
  | "ABORTED"
  | "EXPIRED"

/** Payment method names as the browser SDK spells them. */
export type SdkMethod =
  | "CARD"
  | "TRANSFER"
  | "VIRTUAL_ACCOUNT"
  | "MOBILE_PHONE"
  | "CULTURE_GIFT_CERTIFICATE"
  | "BOOK_GIFT_CERTIFICATE"
  | "GAME_GIFT_CERTIFICATE"

/** SDK method → the Korean `method` of the Payment and the smallest amount allowed (§3, §8). */
export const METHODS: Record<SdkMethod, { label: string; minimumAmount: number }> = {
  CARD: { label: "카드", minimumAmount: 100 },
  TRANSFER: { label: "계좌이체", minimumAmount: 200 },
  VIRTUAL_ACCOUNT: { label: "가상계좌", minimumAmount: 1 },
  MOBILE_PHONE: { label: "휴대폰", minimumAmount: 300 },
  // (undocumented) no minimum is published for gift certificates
  CULTURE_GIFT_CERTIFICATE: { label: "문화상품권", minimumAmount: 1 },
  BOOK_GIFT_CERTIFICATE: { label: "도서문화상품권", minimumAmount: 1 },
  GAME_GIFT_CERTIFICATE: { label: "게임문화상품권", minimumAmount: 1 },
}

/** Easy pay providers (SDK `card.easyPay`) → `easyPay.provider` in the Payment. */
export const EASY_PAY_PROVIDERS: Record<string, string> = {
  TOSSPAY: "토스페이",
  KAKAOPAY: "카카오페이",
  NAVERPAY: "네이버페이",
  SAMSUNGPAY: "삼성페이",
  PAYCO: "페이코",
  LPAY: "엘페이",
  SSG: "SSG페이",
  APPLEPAY: "애플페이",
}
const EASY_PAY_METHOD_LABEL = "간편결제"

/** What `TossPayments.ANONYMOUS` stands for in the SDK. */
const ANONYMOUS = "@@ANONYMOUS"
const VIRTUAL_ACCOUNT_BANK_CODE = "20"
const TRANSFER_BANK_CODE = "88"
const MINUTE_MS = 60_000
/** READY → EXPIRED when the shopper does not authenticate in time (§4). */
const AUTHENTICATION_LIMIT_MS = 30 * MINUTE_MS
/** IN_PROGRESS → EXPIRED when the store does not confirm in time (§2, §4). */
const CONFIRM_LIMIT_MS = 10 * MINUTE_MS
const VIRTUAL_ACCOUNT_VALID_MS = 7 * 24 * 60 * MINUTE_MS
const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/
const MOBILE_PHONE_PATTERN = /^[0-9]{8,15}$/
const CUSTOMER_KEY_PATTERN = /^[A-Za-z0-9_=.@-]{2,50}$/

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
  cancelStatus: "DONE"
  cancelRequestId: string | null
}

export interface TossCard {
  amount: number
  issuerCode: string
  acquirerCode: string
  number: string
  installmentPlanMonths: number
  isInterestFree: boolean
  interestPayer: string | null
  approveNo: string
  useCardPoint: boolean
  cardType: "신용" | "체크" | "기프트" | "미확인"
  ownerType: "개인" | "법인" | "미확인"
  acquireStatus: string
}

export interface TossRefundReceiveAccount {
  bankCode: string
  accountNumber: string
  holderName: string
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
  // The sandbox issues no cash receipts and applies no discounts.
  cashReceipt: null
  cashReceipts: null
  discount: null
  receipt: { url: string } | null
  checkout: { url: string } | null
  secret: string | null
  country: "KR"
  failure: { code: string; message: string } | null
  metadata: Record<string, string> | null
}

export interface Merchant {
  clientKey: string
  secretKey: string
}

/** What the shopper asked for in the payment window. */
export interface PaymentRequest {
  orderId: string
  amount: number
  method?: SdkMethod
  /** Only with method CARD: the easy pay app the shopper paid with. */
  easyPay?: string
  orderName?: string
  customerName?: string
  customerEmail?: string
  customerMobilePhone?: string
  taxFreeAmount?: number
  /** Only "KRW" is accepted. */
  currency?: string
  /** The merchant whose payment window this is; default the first merchant. */
  clientKey?: string
  /** `payment({customerKey})` in the SDK; absent or ANONYMOUS: none. */
  customerKey?: string
}

export interface AuthenticateInput extends PaymentRequest {
  /** The error the later confirm will answer (the payment then ends ABORTED). */
  confirmError?: string
}

export interface AuthenticatedPayment {
  paymentKey: string
  orderId: string
  amount: number
}

export interface CancelInput {
  cancelReason?: unknown
  cancelAmount?: unknown
  taxFreeAmount?: unknown
  refundReceiveAccount?: unknown
}

/** A payment status change, reported to webhooks. */
export interface StatusChange {
  payment: TossPayment
  /** Set for virtual accounts, which also get a DEPOSIT_CALLBACK. */
  deposit?: { status: "DONE" | "WAITING_FOR_DEPOSIT" | "CANCELED"; transactionKey: string }
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

interface PaymentRecord {
  payment: TossPayment
  merchant: Merchant
  openedAt: number
  /** What the shopper chose and entered; null while READY. */
  authentication: Authentication | null
  virtualAccountDueAt: number | null
  /** Last lookup or cancel, for FORBIDDEN_CONSECUTIVE_REQUEST. */
  lastQueriedAt: number | null
  /** Shown in the transaction ledger; null for ANONYMOUS. */
  customerKey: string | null
}

interface Authentication {
  at: number
  method: SdkMethod
  easyPayProvider: string | null
  customerName: string
  customerMobilePhone: string
  confirmError: string | null
}

export class PaymentStore {
  private readonly records: PaymentRecord[] = []
  private readonly ledger = new TransactionLedger()

  constructor(private readonly options: PaymentStoreOptions) {}

  /** The payment window was opened: a READY payment, or the READY one already opened for this order. */
  open(request: PaymentRequest): TossPayment {
    const valid = this.validateRequest(request)
    const existing = this.records.find(
      (r) => r.merchant === valid.merchant && r.payment.orderId === valid.orderId
    )
    if (existing) {
      this.refresh(existing)
      if (existing.payment.status !== "READY") {
        throw new TossError("DUPLICATED_ORDER_ID")
      }
      Object.assign(existing.payment, this.requestFields(valid))
      return clone(existing.payment)
    }
    return clone(this.create(valid).payment)
  }

  /**
   * The shopper finished authentication in the window: IN_PROGRESS, waiting
   * for confirm. Returns what the window hands to successUrl.
   */
  authenticate(input: AuthenticateInput): AuthenticatedPayment {
    const opened = this.open(input)
    const record = this.require(opened.paymentKey)
    const method = input.method ?? "CARD"
    const easyPayProvider = input.easyPay ? EASY_PAY_PROVIDERS[input.easyPay] : null
    record.authentication = {
      at: this.options.clock.now(),
      method,
      easyPayProvider,
      customerName: input.customerName ?? "김토스",
      customerMobilePhone: input.customerMobilePhone ?? "01012345678",
      confirmError: input.confirmError ?? null,
    }
    record.payment.status = "IN_PROGRESS"
    record.payment.method = easyPayProvider ? EASY_PAY_METHOD_LABEL : METHODS[method].label
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
    if (amount < METHODS[authentication.method].minimumAmount) {
      throw new TossError("BELOW_MINIMUM_AMOUNT")
    }
    if (orderId !== payment.orderId || amount !== payment.totalAmount) {
      // (undocumented) Toss does not say which code a mismatch gets; the
      // payment stays IN_PROGRESS so a corrected confirm can still succeed.
      throw new TossError("INVALID_REQUEST", {
        detail: {
          ko: "orderId 또는 amount가 결제 요청 정보와 일치하지 않습니다.",
          en: "orderId or amount does not match what the shopper authenticated.",
        },
      })
    }

    const now = this.options.clock.now()
    if (authentication.confirmError) {
      const error = new TossError(authentication.confirmError)
      payment.status = "ABORTED"
      payment.failure = { code: error.code, message: error.message }
      this.changed(record)
      throw error
    }

    const transactionKey = newTransactionKey()
    payment.lastTransactionKey = transactionKey
    payment.receipt = { url: `${this.options.baseUrl()}/receipt/${payment.paymentKey}` }
    Object.assign(payment, this.methodDetails(record, now))
    if (authentication.method === "VIRTUAL_ACCOUNT") {
      payment.status = "WAITING_FOR_DEPOSIT"
      payment.secret = "ps_" + randomAlphanumeric(27)
      this.transaction(record, now, payment.totalAmount)
      this.changed(record, { status: "WAITING_FOR_DEPOSIT", transactionKey })
    } else {
      payment.status = "DONE"
      payment.approvedAt = kstIso(now)
      this.transaction(record, now, payment.totalAmount)
      this.changed(record)
    }
    return clone(payment)
  }

  /** `GET /v1/transactions`: the merchant's own transactions only. */
  transactions(merchant: Merchant, query: TransactionQuery): TossTransaction[] {
    return this.ledger.list(merchant, query)
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
    return this.applyCancel(this.require(ref), parseCancel(body))
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
    const transactionKey = newTransactionKey()
    payment.status = "DONE"
    payment.approvedAt = kstIso(now)
    payment.lastTransactionKey = transactionKey
    payment.virtualAccount!.depositorName = payment.virtualAccount!.customerName
    this.transaction(record, now, payment.totalAmount)
    this.changed(record, { status: "DONE", transactionKey })
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
    payment.lastTransactionKey = transactionKey
    payment.virtualAccount!.depositorName = null
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

  private create(request: ValidRequest): PaymentRecord {
    const now = this.options.clock.now()
    const paymentKey = "tgen_" + kstCompact(now) + randomAlphanumeric(29)
    const merchantIndex = this.options.merchants.indexOf(request.merchant)
    const record: PaymentRecord = {
      merchant: request.merchant,
      openedAt: now,
      authentication: null,
      virtualAccountDueAt: null,
      lastQueriedAt: null,
      customerKey: request.customerKey && request.customerKey !== ANONYMOUS ? request.customerKey : null,
      payment: {
        version: "2022-11-16",
        paymentKey,
        type: "NORMAL",
        orderId: request.orderId,
        orderName: request.orderName,
        mId: merchantIndex === 0 ? "tvivarepublica" : `tvivarepublica${merchantIndex + 1}`,
        currency: "KRW",
        method: null,
        totalAmount: request.amount,
        balanceAmount: request.amount,
        status: "READY",
        requestedAt: kstIso(now),
        approvedAt: null,
        useEscrow: false,
        lastTransactionKey: null,
        ...taxAmounts(request.amount, request.taxFreeAmount),
        taxExemptionAmount: 0,
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
      ...taxAmounts(request.amount, request.taxFreeAmount),
    }
  }

  /** The method object(s) a confirmed payment carries. */
  private methodDetails(record: PaymentRecord, now: number): Partial<TossPayment> {
    const { payment } = record
    const authentication = record.authentication!
    switch (authentication.method) {
      case "VIRTUAL_ACCOUNT":
        record.virtualAccountDueAt = now + VIRTUAL_ACCOUNT_VALID_MS
        return {
          virtualAccount: {
            accountType: "일반",
            accountNumber: randomDigits(14),
            bankCode: VIRTUAL_ACCOUNT_BANK_CODE,
            customerName: authentication.customerName,
            depositorName: null,
            dueDate: kstIso(record.virtualAccountDueAt),
            refundStatus: "NONE",
            expired: false,
            settlementStatus: "INCOMPLETED",
            refundReceiveAccount: null,
          },
        }
      case "TRANSFER":
        return { transfer: { bankCode: TRANSFER_BANK_CODE, settlementStatus: "INCOMPLETED" } }
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
        const card: TossCard = {
          amount: payment.totalAmount,
          issuerCode: "71",
          acquirerCode: "71",
          number: "43301234****123*",
          installmentPlanMonths: 0,
          isInterestFree: false,
          interestPayer: null,
          approveNo: randomDigits(8),
          useCardPoint: false,
          cardType: "신용",
          ownerType: "개인",
          acquireStatus: "READY",
        }
        const provider = authentication.easyPayProvider
        // An easy pay app paying with the card registered in it: Toss reports
        // both the card and the app, with nothing paid from the app's balance.
        return provider ? { card, easyPay: { provider, amount: 0, discountAmount: 0 } } : { card }
      }
    }
  }

  private applyCancel(record: PaymentRecord, input: ParsedCancel): TossPayment {
    const { payment } = record
    if (payment.status === "CANCELED") throw new TossError("ALREADY_CANCELED_PAYMENT")
    if (!["DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"].includes(payment.status)) {
      throw new TossError("NOT_CANCELABLE_PAYMENT")
    }
    const cancelAmount = input.cancelAmount ?? payment.balanceAmount
    if (cancelAmount > payment.balanceAmount) {
      // (undocumented) the code for a cancel above the balance
      throw new TossError("NOT_CANCELABLE_AMOUNT")
    }
    const partial = cancelAmount < payment.balanceAmount
    const waitingForDeposit = payment.status === "WAITING_FOR_DEPOSIT"
    if (partial && waitingForDeposit) throw new TossError("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT")
    if (partial && !payment.isPartialCancelable) throw new TossError("NOT_ALLOWED_PARTIAL_REFUND")
    const taxFreeAmount = input.taxFreeAmount ?? 0
    if (taxFreeAmount > cancelAmount || taxFreeAmount > payment.taxFreeAmount) {
      throw invalidRequest(
        "taxFreeAmount는 취소 금액과 남은 면세 금액 이하여야 합니다.",
        "taxFreeAmount must not exceed the cancel amount or the tax-free amount left."
      )
    }
    const refundAccount =
      payment.virtualAccount && !waitingForDeposit ? parseRefundAccount(input.refundReceiveAccount) : null

    const now = this.options.clock.now()
    const transactionKey = newTransactionKey()
    const balanceAmount = payment.balanceAmount - cancelAmount
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
        canceledAt: kstIso(now),
        transactionKey,
        receiptKey: randomAlphanumeric(20),
        cancelStatus: "DONE",
        cancelRequestId: null,
      },
    ]
    payment.balanceAmount = balanceAmount
    // (undocumented) the tax split describes what is left, so a fully
    // canceled payment shows suppliedAmount 0 and vat 0
    Object.assign(payment, taxAmounts(balanceAmount, payment.taxFreeAmount - taxFreeAmount))
    payment.status = balanceAmount === 0 ? "CANCELED" : "PARTIAL_CANCELED"
    payment.lastTransactionKey = transactionKey
    this.transaction(record, now, cancelAmount)
    if (refundAccount) {
      // The money goes back to the shopper's account about two days later.
      payment.virtualAccount!.refundReceiveAccount = refundAccount
      payment.virtualAccount!.refundStatus = "PENDING"
    }
    // DEPOSIT_CALLBACK only knows DONE, WAITING_FOR_DEPOSIT and CANCELED, so a
    // partial refund of a virtual account is reported by status webhook only.
    const deposit =
      payment.virtualAccount && payment.status === "CANCELED"
        ? ({ status: "CANCELED", transactionKey } as const)
        : undefined
    this.changed(record, deposit)
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

  /** Apply what time did since the last look: expiries and virtual account due dates (§4). */
  private refresh(record: PaymentRecord): void {
    const now = this.options.clock.now()
    const { payment } = record
    if (payment.status === "READY" && now - record.openedAt > AUTHENTICATION_LIMIT_MS) {
      payment.status = "EXPIRED"
    }
    if (payment.status === "IN_PROGRESS" && now - record.authentication!.at > CONFIRM_LIMIT_MS) {
      payment.status = "EXPIRED"
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

  private require(ref: string): PaymentRecord {
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

  private validateRequest(request: PaymentRequest): ValidRequest {
    const merchant = request.clientKey
      ? this.options.merchants.find((m) => m.clientKey === request.clientKey)
      : this.options.merchants[0]
    if (!merchant) throw new TossError("UNAUTHORIZED_KEY")
    const method = request.method ?? "CARD"
    if (!isKeyOf(METHODS, method)) {
      throw invalidRequest(`지원하지 않는 결제수단입니다: ${method}`, `Unsupported payment method: ${method}`)
    }
    if (typeof request.orderId !== "string" || !ORDER_ID_PATTERN.test(request.orderId)) {
      throw invalidRequest(
        "orderId는 영문 대소문자, 숫자, -, _ 로 이루어진 6자 이상 64자 이하의 문자열이어야 합니다.",
        "orderId must be 6 to 64 characters of A-Z, a-z, 0-9, - and _."
      )
    }
    if ((request.currency ?? "KRW") !== "KRW") {
      throw invalidRequest("일반결제는 KRW만 지원합니다.", "Only KRW is supported.")
    }
    if (!Number.isInteger(request.amount) || request.amount <= 0) {
      throw invalidRequest("결제 금액은 0보다 큰 정수여야 합니다.", "amount must be a positive whole number of won.")
    }
    if (request.amount < METHODS[method].minimumAmount) throw new TossError("BELOW_MINIMUM_AMOUNT")
    const orderName = request.orderName ?? "토스 티셔츠 외 2건"
    if (orderName.length === 0 || orderName.length > 100) {
      throw invalidRequest("orderName은 1자 이상 100자 이하여야 합니다.", "orderName must be 1 to 100 characters.")
    }
    if (request.easyPay !== undefined && (method !== "CARD" || !isKeyOf(EASY_PAY_PROVIDERS, request.easyPay))) {
      throw invalidRequest(
        `지원하지 않는 간편결제입니다: ${request.easyPay}`,
        `Unsupported easy pay (only with method CARD): ${request.easyPay}`
      )
    }
    if (request.customerMobilePhone !== undefined && !MOBILE_PHONE_PATTERN.test(request.customerMobilePhone)) {
      throw invalidRequest(
        "customerMobilePhone은 - 없이 숫자 8~15자리여야 합니다.",
        "customerMobilePhone must be 8 to 15 digits, without '-'."
      )
    }
    if (
      request.customerKey !== undefined &&
      request.customerKey !== ANONYMOUS &&
      !CUSTOMER_KEY_PATTERN.test(request.customerKey)
    ) {
      throw invalidRequest(
        "customerKey는 영문, 숫자, -_=.@ 로 이루어진 2~50자 문자열이어야 합니다.",
        "customerKey must be 2 to 50 characters of A-Z, a-z, 0-9, -, _, =, . and @."
      )
    }
    const taxFreeAmount = request.taxFreeAmount ?? 0
    if (!Number.isInteger(taxFreeAmount) || taxFreeAmount < 0 || taxFreeAmount > request.amount) {
      throw invalidRequest(
        "taxFreeAmount는 0 이상 결제 금액 이하여야 합니다.",
        "taxFreeAmount must be between 0 and amount."
      )
    }
    return { ...request, merchant, orderName, taxFreeAmount }
  }
}

interface ValidRequest extends PaymentRequest {
  merchant: Merchant
  orderName: string
  taxFreeAmount: number
}

interface ParsedCancel {
  cancelReason: string
  cancelAmount?: number
  taxFreeAmount?: number
  refundReceiveAccount?: unknown
}

function parseConfirm(body: unknown): { paymentKey: string; orderId: string; amount: number } {
  const { paymentKey, orderId, amount } = (body ?? {}) as Record<string, unknown>
  if (typeof paymentKey !== "string" || typeof orderId !== "string" || !Number.isInteger(amount)) {
    throw invalidRequest(
      "paymentKey, orderId, amount(정수)는 필수 값입니다.",
      "paymentKey, orderId and amount (a whole number) are required."
    )
  }
  return { paymentKey, orderId, amount: amount as number }
}

function parseCancel(body: unknown): ParsedCancel {
  const { cancelReason, cancelAmount, taxFreeAmount, refundReceiveAccount } = (body ?? {}) as CancelInput
  if (typeof cancelReason !== "string" || cancelReason.trim() === "" || cancelReason.length > 200) {
    throw invalidRequest(
      "취소 사유(cancelReason)는 1자 이상 200자 이하로 입력해주세요.",
      "cancelReason is required (1 to 200 characters)."
    )
  }
  if (cancelAmount !== undefined && !(Number.isInteger(cancelAmount) && (cancelAmount as number) > 0)) {
    throw invalidRequest(
      "취소 금액은 0보다 큰 정수여야 합니다.",
      "cancelAmount must be a positive whole number."
    )
  }
  if (taxFreeAmount !== undefined && !(Number.isInteger(taxFreeAmount) && (taxFreeAmount as number) >= 0)) {
    throw invalidRequest(
      "taxFreeAmount는 0 이상의 정수여야 합니다.",
      "taxFreeAmount must be a whole number of 0 or more."
    )
  }
  return {
    cancelReason,
    cancelAmount: cancelAmount as number | undefined,
    taxFreeAmount: taxFreeAmount as number | undefined,
    refundReceiveAccount,
  }
}

/** A deposited virtual account is refunded by bank transfer: the shopper's account is required (§2). */
function parseRefundAccount(value: unknown): TossRefundReceiveAccount {
  if (value === undefined || value === null) throw new TossError("INVALID_REFUND_ACCOUNT_INFO")
  const { bank, accountNumber, holderName } = value as Record<string, unknown>
  if (!isTossBankCode(bank)) throw new TossError("INVALID_BANK")
  if (typeof accountNumber !== "string" || !/^[0-9]{6,20}$/.test(accountNumber)) {
    throw new TossError("INVALID_REFUND_ACCOUNT_NUMBER")
  }
  if (typeof holderName !== "string" || holderName.trim() === "") {
    throw new TossError("INVALID_REFUND_ACCOUNT_INFO")
  }
  return { bankCode: bank, accountNumber, holderName }
}

/** vat = round_half_up((total − taxFree) / 11), suppliedAmount = total − taxFree − vat (§3). */
function taxAmounts(
  amount: number,
  taxFreeAmount: number
): Pick<TossPayment, "suppliedAmount" | "vat" | "taxFreeAmount"> {
  const vat = Math.floor((amount - taxFreeAmount) / 11 + 0.5)
  return { suppliedAmount: amount - taxFreeAmount - vat, vat, taxFreeAmount }
}

/** Own keys only: "toString" is not a payment method. */
function isKeyOf<T extends object>(table: T, key: unknown): key is keyof T & string {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key)
}

function clone(payment: TossPayment): TossPayment {
  return structuredClone(payment)
}

/** 32 upper-case hex characters, like Toss's transactionKey. */
function newTransactionKey(): string {
  return randomBytes(16).toString("hex").toUpperCase()
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

export function randomAlphanumeric(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join("")
}

function randomDigits(length: number): string {
  return Array.from({ length }, () => randomInt(10)).join("")
}
