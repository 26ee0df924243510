/**
 * PortOne V2's payments, cancels, virtual accounts, billing keys, escrow and
 * payment events, as the sandbox keeps them. Objects are typed with
 * `@portone/server-sdk`'s types. Choices PortOne's documentation leaves open
 * are marked "(undocumented)" where they are made.
 */
import { randomUUID } from "node:crypto"
import type {
  CancelPaymentBodyRefundAccount,
  CancelledPayment,
  PaidPayment,
  PartialCancelledPayment,
  Payment,
  PaymentAmount,
  PaymentCancellation,
  PaymentEscrow,
  PaymentEvent,
  PaymentLogistics,
  PaymentMethod,
  SucceededPaymentCancellation,
} from "@portone/server-sdk/payment" with { "resolution-mode": "import" }
import type { Currency, PgProvider, SelectedChannel } from "@portone/server-sdk/common" with { "resolution-mode": "import" }
import type { DeletedBillingKeyInfo, IssuedBillingKeyInfo } from "@portone/server-sdk/payment/billingKey" with { "resolution-mode": "import" }

type RegisteredEscrow = Extract<PaymentEscrow, { status: "REGISTERED" }>

/** A refusal in PortOne's own words: the HTTP status and the `{type, message}` body. */
export class PortOneSandboxError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** PG_PROVIDER's `pgCode` and `pgMessage`. */
    readonly pg: { pgCode?: string; pgMessage?: string } = {}
  ) {
    super(message)
  }
}

export interface Channel {
  key: string
  pgProvider: PgProvider
  /** The currencies the channel's PG takes; default KRW only. */
  currencies?: Currency[]
  /**
   * 수동 승인 (manual confirm): the window ends with a paymentToken and
   * nothing is approved until the store calls `POST /payments/{id}/confirm`.
   */
  manualConfirm?: boolean
}

/** What the shopper does in PortOne's window, for the test-only `pay`. */
export interface PayInput {
  paymentId: string
  orderName?: string
  totalAmount: number
  taxFreeAmount?: number
  currency?: Currency
  /** Default: the sandbox's first channel. */
  channelKey?: string
  payMethod?: "CARD" | "EASY_PAY" | "VIRTUAL_ACCOUNT"
  /** FAILED: the PG declines (failure.pgCode etc.). Default PAID (VIRTUAL_ACCOUNT_ISSUED for a virtual account). */
  outcome?: "PAID" | "FAILED"
  isEscrow?: boolean
  customerId?: string
}

/**
 * The browser SDK's answer: `code` present means a failure; the code names
 * are the browser SDK's own (TxServicePayErrorCode).
 */
export interface WindowResult {
  transactionType: "PAYMENT"
  paymentId: string
  txId: string
  /** Manual-confirm channels only: what the store's confirm must hand back. */
  paymentToken?: string
  code?: string
  message?: string
  pgCode?: string
  pgMessage?: string
}

export interface StoreEvents {
  /** A webhook for this payment (or billing key) state change. */
  webhook(type: string, data: Record<string, string | number>): void
}


interface PreRegistration {
  totalAmount?: number
  taxFreeAmount?: number
  currency?: Currency
}

interface BillingKeyEntry {
  billingKey: string
  customerId: string
  channelKey: string
  issuedAt: string
  deletedAt?: string
}

interface CashReceiptEntry {
  status: "ISSUED" | "CANCELLED"
}

/** The statuses of the SDK's Payment union, without its "unrecognised" member. */
type KnownPayment = Exclude<Payment, { readonly status: symbol }>
type PaidLike = PaidPayment | PartialCancelledPayment

function isPaidLike(payment: KnownPayment): payment is PaidLike {
  return payment.status === "PAID" || payment.status === "PARTIAL_CANCELLED"
}

export class PortOneStore {
  readonly storeId: string
  readonly merchantId = `merchant-${randomUUID()}`
  private readonly payments = new Map<string, KnownPayment>()
  private readonly preRegistered = new Map<string, PreRegistration>()
  private readonly billingKeys = new Map<string, BillingKeyEntry>()
  /** Manual-confirm payments waiting for the store's confirm: their token and attempt. */
  private readonly awaitingConfirm = new Map<string, { paymentToken: string; txId: string }>()
  /** Charges still to decline, by billing key. */
  private readonly declines = new Map<string, number>()
  /** Cancels the PG is still to answer otherwise than SUCCEEDED, by paymentId. */
  private readonly cancelAnswers = new Map<string, { status: "FAILED" | "REQUESTED"; times: number }>()
  private readonly cashReceipts = new Map<string, CashReceiptEntry>()
  private readonly events: PaymentEvent[] = []

  constructor(
    readonly channels: Channel[],
    private readonly now: () => Date,
    private readonly on: StoreEvents,
    storeId: string
  ) {
    this.storeId = storeId
  }

  find(paymentId: string): Payment | undefined {
    return this.payments.get(paymentId)
  }

  require(paymentId: string): KnownPayment {
    const payment = this.payments.get(paymentId)
    if (!payment) throw new PortOneSandboxError(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.")
    return payment
  }

  all(): Payment[] {
    return [...this.payments.values()]
  }

  /** `POST /payments/{id}/pre-register`: the amount the window must then ask for. */
  preRegister(paymentId: string, input: PreRegistration): Record<string, never> {
    const existing = this.payments.get(paymentId)
    if (existing && existing.status !== "READY" && existing.status !== "FAILED") {
      throw new PortOneSandboxError(409, "ALREADY_PAID", "결제가 이미 완료되었습니다.")
    }
    if (input.totalAmount !== undefined) positiveInteger(input.totalAmount, "totalAmount")
    if (input.taxFreeAmount !== undefined) nonNegativeInteger(input.taxFreeAmount, "taxFreeAmount")
    this.preRegistered.set(paymentId, { ...input })
    return {}
  }

  /**
   * The shopper completes PortOne's window (test-only). PortOne refuses a
   * request that differs from the pre-registered amount (browser code
   * AmountNotEqualToPredefined; (undocumented) that V2 enforces it, see
   * portone-api.md §3), a currency the channel does not take, and a paymentId
   * that is already paid.
   */
  pay(input: PayInput): WindowResult {
    const txId = randomUUID()
    const refuse = (code: string, message: string): WindowResult => ({ transactionType: "PAYMENT", paymentId: input.paymentId, txId, code, message })
    const channel = input.channelKey ? this.channels.find((c) => c.key === input.channelKey) : this.channels[0]
    if (!channel) return refuse("ChannelNotFound", "채널을 찾을 수 없습니다.")
    const currency = input.currency ?? "KRW"
    if (!(channel.currencies ?? ["KRW"]).includes(currency)) return refuse("InvalidArgument", `이 채널은 ${currency} 결제를 지원하지 않습니다.`)
    if (!Number.isInteger(input.totalAmount) || input.totalAmount <= 0) return refuse("InvalidArgument", "totalAmount는 양의 정수여야 합니다.")
    const taxFree = input.taxFreeAmount ?? 0
    if (!Number.isInteger(taxFree) || taxFree < 0 || taxFree > input.totalAmount) return refuse("InvalidArgument", "taxFreeAmount가 올바르지 않습니다.")
    const existing = this.payments.get(input.paymentId)
    if (existing && existing.status !== "READY" && existing.status !== "FAILED") {
      return refuse("PaymentAlreadyPaid", "이미 결제된 paymentId입니다.")
    }
    const registered = this.preRegistered.get(input.paymentId)
    if (
      registered &&
      ((registered.totalAmount !== undefined && registered.totalAmount !== input.totalAmount) ||
        (registered.taxFreeAmount !== undefined && registered.taxFreeAmount !== taxFree) ||
        (registered.currency !== undefined && registered.currency !== currency))
    ) {
      return refuse("AmountNotEqualToPredefined", "사전 등록된 결제 정보와 일치하지 않습니다.")
    }

    const at = this.iso()
    const payMethod = input.payMethod ?? "EASY_PAY"
    const base = {
      id: input.paymentId,
      transactionId: txId,
      merchantId: this.merchantId,
      storeId: this.storeId,
      method: methodOf(payMethod, at),
      channel: selectedChannel(channel),
      version: "V2",
      requestedAt: at,
      updatedAt: at,
      statusChangedAt: at,
      orderName: input.orderName ?? "주문",
      amount: amountOf(input.totalAmount, taxFree),
      currency,
      customer: input.customerId ? { id: input.customerId } : {},
      ...(input.isEscrow && { escrow: { status: "BEFORE_REGISTERED" } as PaymentEscrow }),
    } as const
    if (input.outcome === "FAILED") {
      this.payments.set(input.paymentId, { ...base, status: "FAILED", failedAt: at, failure: { reason: "카드 한도 초과", pgCode: "LIMIT_EXCEEDED", pgMessage: "한도초과" } })
      this.on.webhook("Transaction.Failed", { paymentId: input.paymentId, storeId: this.storeId, transactionId: txId })
      return { ...refuse("PGProviderError", "카드 한도 초과"), pgCode: "LIMIT_EXCEEDED", pgMessage: "한도초과" }
    }
    if (channel.manualConfirm) {
      // (undocumented) a payment awaiting its confirm: READY, with the channel the window used.
      const paymentToken = `payment-token-${randomUUID()}`
      this.payments.set(input.paymentId, { ...base, status: "READY" })
      this.awaitingConfirm.set(input.paymentId, { paymentToken, txId })
      return { transactionType: "PAYMENT", paymentId: input.paymentId, txId, paymentToken }
    }
    this.approve({ ...base, status: "READY" })
    return { transactionType: "PAYMENT", paymentId: input.paymentId, txId }
  }

  /**
   * `POST /payments/{id}/confirm` (manual confirm). The optional fields are
   * checks: a total, tax-free share, currency, txId or test flag that differs
   * from the payment is refused (409 INFORMATION_MISMATCH) and approves
   * nothing.
   */
  confirm(paymentId: string, body: Record<string, unknown>): { pgTxId: string; paidAt: string } {
    const payment = this.require(paymentId)
    if (payment.status !== "READY") throw new PortOneSandboxError(409, "ALREADY_PAID", "결제가 이미 완료되었습니다.")
    const waiting = this.awaitingConfirm.get(paymentId)
    if (!waiting || body.paymentToken !== waiting.paymentToken) throw new PortOneSandboxError(400, "INVALID_PAYMENT_TOKEN", "유효하지 않은 결제 토큰입니다.")
    const differs =
      (body.txId !== undefined && body.txId !== waiting.txId) ||
      (body.totalAmount !== undefined && body.totalAmount !== payment.amount.total) ||
      (body.taxFreeAmount !== undefined && body.taxFreeAmount !== payment.amount.taxFree) ||
      (body.currency !== undefined && body.currency !== payment.currency) ||
      (body.isTest !== undefined && body.isTest !== (payment.channel?.type === "TEST"))
    if (differs) throw new PortOneSandboxError(409, "INFORMATION_MISMATCH", "결제 정보가 일치하지 않습니다.")
    this.awaitingConfirm.delete(paymentId)
    const approved = this.approve(payment)
    return { pgTxId: approved.pgTxId ?? "", paidAt: approved.status === "PAID" ? approved.paidAt : this.iso() }
  }

  /** The PG approves: PAID, or for a virtual account the account is issued. */
  private approve(payment: Extract<KnownPayment, { status: "READY" }>): PaidPayment | Extract<KnownPayment, { status: "VIRTUAL_ACCOUNT_ISSUED" }> {
    const at = this.iso()
    const pgTxId = `pg-${payment.transactionId}`
    const channel = payment.channel ?? selectedChannel(this.channels[0])
    if (payment.method?.type === "PaymentMethodVirtualAccount") {
      const issued = { ...payment, channel, status: "VIRTUAL_ACCOUNT_ISSUED" as const, pgTxId, updatedAt: at, statusChangedAt: at }
      this.payments.set(payment.id, issued)
      this.on.webhook("Transaction.VirtualAccountIssued", { paymentId: payment.id, storeId: this.storeId, transactionId: payment.transactionId })
      return issued
    }
    const paid: PaidPayment = { ...payment, channel, status: "PAID", paidAt: at, updatedAt: at, statusChangedAt: at, pgTxId, disputes: [], receiptUrl: `https://receipt.example/${payment.transactionId}` }
    this.markPaid(paid)
    return paid
  }

  /** The shopper pays into the virtual account (test-only): PAID, with its webhook and event. */
  deposit(paymentId: string): Payment {
    const payment = this.require(paymentId)
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") throw new Error(`Payment ${paymentId} is ${payment.status}, not waiting for a deposit.`)
    const at = this.iso()
    return this.markPaid({ ...payment, channel: payment.channel, status: "PAID", paidAt: at, updatedAt: at, statusChangedAt: at, disputes: [] })
  }

  /**
   * `POST /payments/{id}/cancel`. What PortOne refuses: a payment not paid,
   * an amount over the balance, a `currentCancellableAmount` that is not the
   * balance, a tax-free share over what is left or over the amount, and a
   * deposited virtual account without a refund account.
   */
  cancel(paymentId: string, body: Record<string, unknown>, trigger: "API" | "CONSOLE" = "API"): { cancellation: PaymentCancellation } {
    const payment = this.require(paymentId)
    if (payment.status === "CANCELLED") throw new PortOneSandboxError(409, "PAYMENT_ALREADY_CANCELLED", "이미 취소된 결제입니다.")
    if (!isPaidLike(payment)) throw new PortOneSandboxError(409, "PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.")
    if (typeof body.reason !== "string" || body.reason.trim() === "") throw invalid("reason은 필수입니다.")
    const amount = payment.amount
    const cancellable = amount.paid - amount.cancelled
    const cancellableTaxFree = amount.taxFree - amount.cancelledTaxFree
    const cancelAmount = body.amount === undefined ? cancellable : positiveInteger(body.amount, "amount")
    if (body.currentCancellableAmount !== undefined && nonNegativeInteger(body.currentCancellableAmount, "currentCancellableAmount") !== cancellable) {
      throw new PortOneSandboxError(409, "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", "취소 가능 잔액 검증에 실패했습니다.")
    }
    if (cancelAmount > cancellable) {
      throw new PortOneSandboxError(409, "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT", "결제 취소 금액이 취소 가능 금액을 초과했습니다.")
    }
    // (undocumented) an omitted tax-free share: all that is left on a full cancel, none on a partial one.
    const taxFree = body.taxFreeAmount === undefined ? (cancelAmount === cancellable ? cancellableTaxFree : 0) : nonNegativeInteger(body.taxFreeAmount, "taxFreeAmount")
    if (taxFree > cancellableTaxFree) {
      throw new PortOneSandboxError(409, "CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT", "면세 금액이 취소 가능한 면세 금액을 초과했습니다.")
    }
    if (taxFree > cancelAmount) throw new PortOneSandboxError(409, "SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT", "면세 금액 등 하위 항목들의 합이 취소 금액을 초과했습니다.")
    if (payment.method?.type === "PaymentMethodVirtualAccount") checkRefundAccount(body.refundAccount)

    const at = this.iso()
    const vat = Math.floor((cancelAmount - taxFree) / 11)
    const answer = this.cancelAnswers.get(paymentId)
    if (answer && answer.times > 0) {
      answer.times -= 1
      // (undocumented) a cancel the PG refused or has not finished moves no money: the balance stays as it was.
      const pending: PaymentCancellation = { status: answer.status, id: randomUUID(), totalAmount: cancelAmount, taxFreeAmount: taxFree, vatAmount: vat, reason: body.reason, requestedAt: at, trigger }
      this.payments.set(paymentId, { ...payment, cancellations: [...(payment.cancellations ?? []), pending], updatedAt: at } as KnownPayment)
      return { cancellation: pending }
    }
    const cancellation: SucceededPaymentCancellation = {
      status: "SUCCEEDED",
      id: randomUUID(),
      pgCancellationId: `pgc-${randomUUID()}`,
      totalAmount: cancelAmount,
      taxFreeAmount: taxFree,
      vatAmount: vat,
      reason: body.reason,
      cancelledAt: at,
      requestedAt: at,
      trigger,
    }
    const newAmount = { ...amount, cancelled: amount.cancelled + cancelAmount, cancelledTaxFree: amount.cancelledTaxFree + taxFree }
    const full = newAmount.cancelled === amount.paid
    const fields = {
      ...payment,
      amount: newAmount,
      cancellations: [...(payment.cancellations ?? []), cancellation],
      cancelledAt: at,
      updatedAt: at,
      statusChangedAt: at,
    }
    const updated: CancelledPayment | PartialCancelledPayment = full ? { ...fields, status: "CANCELLED" } : { ...fields, status: "PARTIAL_CANCELLED" }
    this.payments.set(paymentId, updated)
    this.record(full ? "CANCELLED" : "PARTIAL_CANCELLED", updated, cancelAmount, cancellation)
    this.on.webhook(full ? "Transaction.Cancelled" : "Transaction.PartialCancelled", {
      paymentId,
      storeId: this.storeId,
      transactionId: payment.transactionId,
      cancellationId: cancellation.id,
    })
    return { cancellation }
  }

  /**
   * `POST /payments/{id}/virtual-account/close`. (undocumented) what status a
   * closed account's payment has: here CANCELLED with no cancellation, as
   * nothing was paid; no webhook.
   */
  closeVirtualAccount(paymentId: string): { closedAt: string } {
    const payment = this.require(paymentId)
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") {
      throw new PortOneSandboxError(409, "PAYMENT_NOT_WAITING_FOR_DEPOSIT", "결제 건이 입금 대기 상태가 아닙니다.")
    }
    const at = this.iso()
    const closed: CancelledPayment = { ...payment, channel: payment.channel, status: "CANCELLED", cancellations: [], cancelledAt: at, updatedAt: at, statusChangedAt: at }
    this.payments.set(paymentId, closed)
    return { closedAt: at }
  }

  /** The shopper registers a card or Toss Pay account for recurring payments (test-only). */
  issueBillingKey(input: { customerId: string; channelKey?: string }): string {
    const channel = input.channelKey ? this.channels.find((c) => c.key === input.channelKey) : this.channels[0]
    if (!channel) throw new Error(`No channel ${input.channelKey}.`)
    const billingKey = `billing-key-${randomUUID()}`
    this.billingKeys.set(billingKey, { billingKey, customerId: input.customerId, channelKey: channel.key, issuedAt: this.iso() })
    this.on.webhook("BillingKey.Issued", { billingKey, storeId: this.storeId })
    return billingKey
  }

  /** `POST /payments/{id}/billing-key`: paid at once, or refused. */
  payWithBillingKey(paymentId: string, body: Record<string, any>): { payment: { pgTxId: string; paidAt: string } } {
    const entry = typeof body.billingKey === "string" ? this.billingKeys.get(body.billingKey) : undefined
    if (!entry) throw new PortOneSandboxError(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.")
    if (entry.deletedAt) throw new PortOneSandboxError(409, "BILLING_KEY_ALREADY_DELETED", "빌링키가 이미 삭제되었습니다.")
    const existing = this.payments.get(paymentId)
    if (existing && existing.status !== "READY" && existing.status !== "FAILED") {
      throw new PortOneSandboxError(409, "ALREADY_PAID", "결제가 이미 완료되었습니다.")
    }
    if (typeof body.orderName !== "string" || body.orderName === "") throw invalid("orderName은 필수입니다.")
    const total = positiveInteger(body.amount?.total, "amount.total")
    const taxFree = body.amount?.taxFree === undefined ? 0 : nonNegativeInteger(body.amount.taxFree, "amount.taxFree")
    if (taxFree > total) throw new PortOneSandboxError(409, "SUM_OF_PARTS_EXCEEDS_TOTAL_AMOUNT", "면세 금액이 결제 금액을 초과했습니다.")
    const channel = this.channels.find((c) => c.key === (body.channelKey ?? entry.channelKey))
    if (!channel) throw new PortOneSandboxError(404, "CHANNEL_NOT_FOUND", "채널을 찾을 수 없습니다.")
    if (!(channel.currencies ?? ["KRW"]).includes(body.currency)) throw invalid(`currency ${String(body.currency)}는 이 채널에서 지원하지 않습니다.`)
    const at = this.iso()
    const txId = randomUUID()
    const pgTxId = `pg-${txId}`
    const base = {
      id: paymentId,
      transactionId: txId,
      merchantId: this.merchantId,
      storeId: this.storeId,
      method: { type: "PaymentMethodEasyPay", provider: "TOSSPAY" } as const,
      channel: selectedChannel(channel),
      version: "V2",
      billingKey: entry.billingKey,
      requestedAt: at,
      updatedAt: at,
      statusChangedAt: at,
      orderName: body.orderName,
      amount: amountOf(total, taxFree),
      currency: body.currency as Currency,
      customer: { id: entry.customerId },
    }
    const declines = this.declines.get(entry.billingKey) ?? 0
    if (declines > 0) {
      this.declines.set(entry.billingKey, declines - 1)
      const failure = { reason: "잔액 부족", pgCode: "INSUFFICIENT_BALANCE", pgMessage: "잔액이 부족합니다." }
      this.payments.set(paymentId, { ...base, status: "FAILED", failedAt: at, failure })
      this.on.webhook("Transaction.Failed", { paymentId, storeId: this.storeId, transactionId: txId })
      throw new PortOneSandboxError(502, "PG_PROVIDER", "PG사에서 오류가 발생했습니다.", failure)
    }
    this.markPaid({ ...base, status: "PAID", paidAt: at, pgTxId, disputes: [] })
    return { payment: { pgTxId, paidAt: at } }
  }

  /** The PG answers the next `times` cancels of this payment FAILED (refused) or REQUESTED (not finished), moving no money. */
  answerNextCancels(paymentId: string, status: "FAILED" | "REQUESTED", times = 1): void {
    this.require(paymentId)
    this.cancelAnswers.set(paymentId, { status, times })
  }

  /** The next `times` charges of the billing key are declined by the PG (502 PG_PROVIDER, a FAILED payment). */
  declineBillingCharges(billingKey: string, times = 1): void {
    if (!this.billingKeys.has(billingKey)) throw new Error(`No billing key ${billingKey}.`)
    this.declines.set(billingKey, times)
  }

  /**
   * `GET /billing-keys/{billingKey}`. (undocumented) what Toss Pay reports
   * of the funding source: here an easy-pay method with a masked card.
   */
  getBillingKey(billingKey: string): IssuedBillingKeyInfo | DeletedBillingKeyInfo {
    const entry = this.billingKeys.get(billingKey)
    if (!entry) throw new PortOneSandboxError(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.")
    const channel = this.channels.find((c) => c.key === entry.channelKey)!
    const info = {
      billingKey,
      merchantId: this.merchantId,
      storeId: this.storeId,
      methods: [
        {
          type: "BillingKeyPaymentMethodEasyPay" as const,
          provider: "TOSSPAY" as const,
          method: { type: "BillingKeyPaymentMethodCard" as const, card: { issuer: "361", type: "CREDIT" as const, ownerType: "PERSONAL" as const, number: "53659901****123*" } },
        },
      ],
      channels: [selectedChannel(channel)],
      customer: { id: entry.customerId },
      issuedAt: entry.issuedAt,
    }
    return entry.deletedAt ? { ...info, status: "DELETED", deletedAt: entry.deletedAt } : { ...info, status: "ISSUED" }
  }

  /** `DELETE /billing-keys/{billingKey}`. */
  deleteBillingKey(billingKey: string): { deletedAt: string } {
    const entry = this.billingKeys.get(billingKey)
    if (!entry) throw new PortOneSandboxError(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.")
    if (entry.deletedAt) throw new PortOneSandboxError(409, "BILLING_KEY_ALREADY_DELETED", "빌링키가 이미 삭제되었습니다.")
    entry.deletedAt = this.iso()
    this.on.webhook("BillingKey.Deleted", { billingKey, storeId: this.storeId })
    return { deletedAt: entry.deletedAt }
  }

  /** `GET /payment-events-by-cursor`: events by time, oldest first; the cursor is the position after an event. */
  paymentEvents(query: { from?: string; until?: string; cursor?: string; size?: number }): { items: Array<{ paymentEvent: PaymentEvent; cursor: string }> } {
    const size = query.size === undefined ? 10 : query.size
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw invalid("size는 1 이상 1000 이하입니다.")
    let start = 0
    if (query.cursor !== undefined) {
      start = Number(Buffer.from(String(query.cursor), "base64url").toString())
      if (!Number.isInteger(start) || start < 0 || start > this.events.length) throw invalid("cursor가 올바르지 않습니다.")
    }
    const from = query.from ? Date.parse(query.from) : -Infinity
    const until = query.until ? Date.parse(query.until) : Infinity
    if (Number.isNaN(from) || Number.isNaN(until)) throw invalid("from, until은 RFC 3339 시각입니다.")
    const items: Array<{ paymentEvent: PaymentEvent; cursor: string }> = []
    for (let i = start; i < this.events.length && items.length < size; i++) {
      const at = Date.parse((this.events[i] as { createdAt: string }).createdAt)
      if (at >= from && at < until) items.push({ paymentEvent: this.events[i], cursor: Buffer.from(String(i + 1)).toString("base64url") })
    }
    return { items }
  }

  /** `POST /payments/{id}/escrow/logistics` (and PATCH to correct it). (undocumented) a payment without escrow: 400. */
  escrowLogistics(paymentId: string, body: Record<string, any>, modify: boolean): { invoiceNumber: string; sentAt: string; appliedAt: string } {
    const payment = this.require(paymentId)
    if (!isPaidLike(payment)) throw new PortOneSandboxError(409, "PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.")
    if (!payment.escrow) throw invalid("에스크로 결제가 아닙니다.")
    const logistics = body.logistics as PaymentLogistics | undefined
    if (!logistics || typeof logistics.company !== "string" || typeof logistics.invoiceNumber !== "string" || typeof logistics.sentAt !== "string") {
      throw invalid("logistics.company, invoiceNumber, sentAt은 필수입니다.")
    }
    if (modify !== (payment.escrow.status === "REGISTERED")) throw invalid(modify ? "등록된 배송 정보가 없습니다." : "배송 정보가 이미 등록되었습니다.")
    const appliedAt = this.iso()
    payment.escrow = { status: "REGISTERED", company: logistics.company, invoiceNumber: logistics.invoiceNumber, sentAt: logistics.sentAt, appliedAt }
    return { invoiceNumber: logistics.invoiceNumber, sentAt: logistics.sentAt, appliedAt }
  }

  /** `POST /payments/{id}/escrow/complete`: purchase confirmation, after the delivery is registered. */
  confirmEscrow(paymentId: string): { completedAt: string } {
    const payment = this.require(paymentId)
    if (!isPaidLike(payment)) throw new PortOneSandboxError(409, "PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.")
    const escrow = payment.escrow
    if (escrow?.status !== "REGISTERED") throw invalid("배송 정보가 등록되지 않은 에스크로 결제입니다.")
    payment.escrow = { ...(escrow as RegisteredEscrow), status: "CONFIRMED", isAutomaticallyConfirmed: false }
    return { completedAt: this.iso() }
  }

  /** `POST /cash-receipts` (only the bookkeeping: one receipt per payment). */
  issueCashReceipt(body: Record<string, any>): { cashReceipt: { issueNumber: string; url: string; pgReceiptId: string } } {
    if (typeof body.paymentId !== "string" || !body.customer?.identityNumber) throw invalid("paymentId, customer.identityNumber는 필수입니다.")
    if (this.cashReceipts.get(body.paymentId)?.status === "ISSUED") {
      throw new PortOneSandboxError(409, "CASH_RECEIPT_ALREADY_ISSUED", "현금영수증이 이미 발급되었습니다.")
    }
    positiveInteger(body.amount?.total, "amount.total")
    this.cashReceipts.set(body.paymentId, { status: "ISSUED" })
    const issueNumber = String(Math.floor(Math.random() * 1e9))
    return { cashReceipt: { issueNumber, url: `https://receipt.example/cash/${issueNumber}`, pgReceiptId: randomUUID() } }
  }

  /** `POST /payments/{id}/cash-receipt/cancel`. */
  cancelCashReceipt(paymentId: string): { cancelledAmount: number; cancelledAt: string } {
    const receipt = this.cashReceipts.get(paymentId)
    if (!receipt) throw new PortOneSandboxError(404, "CASH_RECEIPT_NOT_FOUND", "현금영수증이 존재하지 않습니다.")
    if (receipt.status !== "ISSUED") throw new PortOneSandboxError(404, "CASH_RECEIPT_NOT_ISSUED", "현금영수증이 발급되지 않았습니다.")
    receipt.status = "CANCELLED"
    return { cancelledAmount: 0, cancelledAt: this.iso() }
  }

  private markPaid(payment: PaidPayment): Payment {
    this.payments.set(payment.id, payment)
    this.record("PAID", payment, payment.amount.total)
    this.on.webhook("Transaction.Paid", { paymentId: payment.id, storeId: this.storeId, transactionId: payment.transactionId })
    return payment
  }

  /** A payment event for `/payment-events-by-cursor`: the payment's fields as the SDK's event types name them. */
  private record(type: "PAID" | "PARTIAL_CANCELLED" | "CANCELLED", payment: PaidLike | CancelledPayment, eventAmount: number, cancellation?: PaymentCancellation): void {
    const common = {
      id: randomUUID(),
      paymentId: payment.id,
      transactionId: payment.transactionId,
      merchantId: payment.merchantId,
      storeId: payment.storeId,
      method: payment.method,
      channel: payment.channel,
      version: payment.version,
      requestedAt: payment.requestedAt,
      createdAt: this.iso(),
      orderName: payment.orderName,
      totalAmount: payment.amount,
      currency: payment.currency,
      customer: payment.customer,
      ...(payment.escrow && { escrow: payment.escrow }),
      ...(payment.pgTxId && { pgTxId: payment.pgTxId }),
      eventAmount,
    }
    this.events.push(type === "PAID" ? { ...common, type, disputes: [] } : { ...common, type, ...(cancellation && { cancellation }) })
  }

  private iso(): string {
    return this.now().toISOString()
  }
}

function selectedChannel(channel: Channel): SelectedChannel {
  return { type: "TEST", key: channel.key, pgProvider: channel.pgProvider, pgMerchantId: `${channel.pgProvider.toLowerCase()}-test-mid` }
}

function amountOf(total: number, taxFree: number): PaymentAmount {
  const vat = Math.floor((total - taxFree) / 11)
  return { total, taxFree, vat, supply: total - taxFree - vat, discount: 0, paid: total, cancelled: 0, cancelledTaxFree: 0 }
}

function methodOf(payMethod: NonNullable<PayInput["payMethod"]>, at: string): PaymentMethod {
  if (payMethod === "CARD") return { type: "PaymentMethodCard", approvalNumber: "00000000" }
  if (payMethod === "VIRTUAL_ACCOUNT") {
    const expiredAt = new Date(Date.parse(at) + 3 * 24 * 3600_000).toISOString()
    return { type: "PaymentMethodVirtualAccount", bank: "KOOKMIN", accountNumber: `X${Math.floor(Math.random() * 1e12)}`, remitteeName: "테스트상점", issuedAt: at, expiredAt }
  }
  return { type: "PaymentMethodEasyPay", provider: "TOSSPAY" }
}

function checkRefundAccount(account: unknown): asserts account is CancelPaymentBodyRefundAccount {
  const a = account as Partial<CancelPaymentBodyRefundAccount> | undefined
  if (!a || typeof a.bank !== "string" || typeof a.number !== "string" || !/^\d{6,20}$/.test(a.number) || typeof a.holderName !== "string" || a.holderName === "") {
    throw invalid("가상계좌 결제 취소에는 refundAccount(bank, number, holderName)가 필요합니다.")
  }
}

function invalid(message: string): PortOneSandboxError {
  return new PortOneSandboxError(400, "INVALID_REQUEST", message)
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw invalid(`${name}는 양의 정수여야 합니다.`)
  return value
}

function nonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) throw invalid(`${name}는 0 이상의 정수여야 합니다.`)
  return value
}
