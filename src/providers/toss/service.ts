import {
  AbstractPaymentProvider,
  BigNumber,
  MedusaError,
  PaymentActions,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { sharedTossClient, TossClient } from "../../toss/client"
import { isTransient, TossApiError } from "../../toss/errors"
import type { CancelRequest, TossPayment } from "../../toss/types"
import {
  CONFIRMED_STATUSES,
  KEY_ERROR_CODES,
  MINIMUM_AMOUNT,
  ORDER_ID_PATTERN,
  TOSS_CURRENCY,
  TOSS_METHODS,
  TossMethod,
  toSessionStatus,
} from "./const"
import { clientOptions, keysFor, TossIntegration, TossOptions, validateOptions } from "./options"
import { TossSessionData, withPayment } from "./session-data"
import { parseWebhook, webhookAction } from "./webhook"

type InjectedDependencies = { logger: Logger }

/** Statuses in which Toss holds the shopper's money, or a virtual account that can receive it. */
const HELD_STATUSES = ["DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"]
const PAYMENT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,200}$/
const ORDER_NAME_MAX = 100
const DEFAULT_ORDER_NAME = "주문 결제"
const DEFAULT_REFUND_REASON = "구매자 요청 환불"

/**
 * Medusa ⇄ Toss. Toss's confirm is authorisation and capture in one step, so
 * `authorizePayment` confirms and answers `captured` (or
 * `pending_authorization` for a virtual account awaiting its deposit);
 * refunds are Toss cancels. Every decision about money is made on an answer
 * from Toss, never on data the browser could have written.
 */
export class TossPaymentProviderService extends AbstractPaymentProvider<TossOptions> {
  static identifier = "toss"

  static validateOptions(options: Record<string, unknown>): void {
    validateOptions(options)
  }

  protected readonly logger_: Logger
  protected readonly options_: TossOptions
  private readonly clients: Partial<Record<TossIntegration, TossClient>> = {}

  constructor(container: InjectedDependencies, options: TossOptions) {
    super(container, options)
    this.logger_ = container.logger
    this.options_ = options
    for (const integration of ["payment", "widget"] as const) {
      const keys = keysFor(options, integration)
      if (keys) {
        this.clients[integration] = sharedTossClient(clientOptions(options, keys.secretKey))
      }
    }
  }

  async initiatePayment({ amount, currency_code, data = {} }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = String(data.session_id ?? "")
    if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `토스페이먼츠는 원화(KRW) 결제만 받아요. Toss Payments only takes Korean won (KRW), but this cart is in ${currency_code.toUpperCase()}. Use a region whose currency is KRW for Toss.`
      )
    }
    const method = this.readMethod(data.method)
    const won = this.toWon(amount, method)
    const integration: TossIntegration = data.integration === "widget" ? "widget" : "payment"
    if (!this.clients[integration]) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        integration === "widget"
          ? "The Toss payment widget is not set up in this store (it needs the widget key pair, test_gck_… / test_gsk_…)."
          : "The Toss payment window is not set up in this store (it needs the API key pair, test_ck_… / test_sk_…)."
      )
    }
    if (!ORDER_ID_PATTERN.test(sessionId)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot build a Toss orderId from session id "${sessionId}".`)
    }
    // Every key the plugin owns is written here, so nothing the storefront
    // sent at initiation (session data is merged over its input) survives.
    const session: TossSessionData = {
      orderId: sessionId,
      orderName: this.readOrderName(data.orderName),
      amount: won,
      currency: TOSS_CURRENCY,
      integration,
      method,
      clientKey: keysFor(this.options_, integration)?.clientKey ?? null,
      paymentKey: null,
      status: null,
      payment: null,
      refundTransactionKeys: [],
      refundReason: null,
      refundReceiveAccount: null,
      mirroredCancel: null,
    }
    return { id: sessionId, data: { ...session } }
  }

  async updatePayment({ amount, currency_code, data = {} }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const session = this.readSession(data)
    if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss Payments only takes KRW, not ${currency_code.toUpperCase()}.`)
    }
    const won = this.toWon(amount, session.method)
    if (session.status) {
      if (won !== session.amount || data.paymentKey !== session.payment?.paymentKey) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This Toss payment is already confirmed and cannot be changed.")
      }
      return { data: { ...session } }
    }
    const paymentKey = data.paymentKey == null ? null : String(data.paymentKey)
    if (paymentKey !== null && !PAYMENT_KEY_PATTERN.test(paymentKey)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The paymentKey from Toss is malformed.")
    }
    return { data: { ...session, amount: won, paymentKey } }
  }

  async authorizePayment({ data = {} }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = this.readSession(data)
    if (!session.paymentKey) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        "The Toss payment has not been completed yet. Please pay in the Toss payment window first."
      )
    }
    // Confirmed once already (a retried completion, a webhook): ask Toss for
    // the current state instead of confirming again.
    const payment = session.status && CONFIRMED_STATUSES.includes(session.status)
      ? await this.verified(session, await this.lookup(session), false)
      : await this.confirm(session)
    return { status: toSessionStatus(payment.status), data: { ...withPayment(session, payment) } }
  }

  async capturePayment({ data = {} }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // The confirm already captured; Medusa asks again for a virtual account
    // once its deposit arrives. Only Toss can say the money is there.
    const session = this.readSession(data)
    const payment = await this.lookup(session)
    if (payment.status !== "DONE" && payment.status !== "PARTIAL_CANCELED") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Toss has not received this payment (status ${payment.status}); it cannot be captured.`
      )
    }
    return { data: { ...withPayment(session, payment) } }
  }

  async cancelPayment({ data = {}, context }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    // Medusa cancels when it cannot keep a payment: the order could not be
    // created after the confirm, or an unpaid virtual account is dropped.
    // Toss has no separate void, so this is a full cancel.
    const session = this.readSession(data)
    if (!session.paymentKey || !session.status || session.status === "CANCELED") {
      return { data: { ...session } }
    }
    const canceled = await this.cancelAtToss(session, {
      cancelReason: "주문을 완료하지 못해 결제를 취소합니다 (order could not be completed)",
      idempotencyKey: context?.idempotency_key ?? `cancel-${session.paymentKey}`,
    })
    return { data: { ...canceled } }
  }

  async deletePayment({ data = {} }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // Medusa deletes a session when the shopper starts over. Usually Toss
    // holds nothing for it; but a confirm whose answer was lost may have
    // gone through. No order can come from a deleted session, so whatever
    // Toss took for it is given back.
    if (typeof data.orderId !== "string" || !data.paymentKey) {
      return { data }
    }
    const session = this.readSession(data)
    if (session.status && CONFIRMED_STATUSES.includes(session.status)) {
      return { data }
    }
    const payment = await this.client(session).findPayment(session).catch(() => {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Toss could not be reached to check the previous payment attempt. Please try again in a moment."
      )
    })
    if (payment?.orderId === session.orderId && HELD_STATUSES.includes(payment.status)) {
      this.logger_.warn(`Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order: its session was replaced. Cancelling it at Toss.`)
      const canceled = await this.cancelAtToss(withPayment(session, payment), {
        cancelReason: "주문이 만들어지지 않아 자동 취소 (no order was created for this payment)",
        idempotencyKey: `orphan-${payment.paymentKey}`,
      })
      return { data: { ...canceled } }
    }
    return { data }
  }

  async refundPayment({ amount, data = {}, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = this.readSession(data)
    const cancelAmount = new BigNumber(amount).numeric
    const mirrored = session.mirroredCancel
    if (mirrored) {
      if (mirrored.cancelAmount !== cancelAmount) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss cancel ${mirrored.transactionKey} was ${mirrored.cancelAmount} KRW, not ${cancelAmount} KRW.`)
      }
      // Toss already made this cancel: record it, do not cancel again.
      const refundTransactionKeys = [...session.refundTransactionKeys, mirrored.transactionKey]
      return { data: { ...session, refundTransactionKeys, mirroredCancel: null } }
    }
    const balance = session.payment?.balanceAmount ?? session.amount
    if (!session.paymentKey || !session.payment) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment was never confirmed by Toss, so there is nothing to refund.")
    }
    if (!Number.isInteger(cancelAmount) || cancelAmount <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `A Toss refund must be a positive whole number of won, got ${cancelAmount}.`)
    }
    if (cancelAmount > balance) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot refund ${cancelAmount.toLocaleString("en-US")} KRW: only ${balance.toLocaleString("en-US")} KRW of this Toss payment is left to refund.`
      )
    }
    // A deposited virtual account has no card to refund to: Toss pays the
    // shopper's bank account, which the operator enters in the admin.
    const deposited = session.payment.virtualAccount && session.status !== "WAITING_FOR_DEPOSIT"
    if (deposited && !session.refundReceiveAccount) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This virtual-account payment is refunded into the shopper's bank account: enter the bank, account number and holder name in the order's Toss panel first."
      )
    }
    const refunded = await this.cancelAtToss(session, {
      cancelReason: session.refundReason || DEFAULT_REFUND_REASON,
      cancelAmount,
      refundReceiveAccount: deposited ? session.refundReceiveAccount! : undefined,
      idempotencyKey: context?.idempotency_key ?? `refund-${session.paymentKey}-${balance}-${cancelAmount}`,
    })
    return { data: { ...refunded, refundReason: null } }
  }

  async retrievePayment({ data = {} }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = this.readSession(data)
    return { data: { ...withPayment(session, await this.lookup(session)) } }
  }

  async getPaymentStatus({ data = {} }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = this.readSession(data)
    const payment = await this.lookup(session)
    return { status: toSessionStatus(payment.status), data: { ...withPayment(session, payment) } }
  }

  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const notice = parseWebhook(payload)
    if (!notice) {
      return { action: PaymentActions.NOT_SUPPORTED }
    }
    // The body is only a hint (Toss does not sign it): act on what Toss says.
    for (const client of Object.values(this.clients)) {
      const payment = await client.findPayment(notice)
      if (payment) {
        return webhookAction(notice, payment)
      }
    }
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  /** The Toss confirm, with every uncertain outcome resolved by asking Toss. */
  private async confirm(session: TossSessionData): Promise<TossPayment> {
    const paymentKey = session.paymentKey!
    const request = { paymentKey, orderId: session.orderId, amount: session.amount }
    // Stable for this payment: a retry, a second completion or a restarted
    // server replays the first confirm instead of charging again.
    const idempotencyKey = `confirm-${session.orderId}-${paymentKey}`
    try {
      return await this.verified(session, await this.client(session).confirm(request, idempotencyKey), true)
    } catch (error) {
      if (!(error instanceof TossApiError)) {
        throw error
      }
      if (KEY_ERROR_CODES.has(error.code)) {
        this.logger_.error(
          `Toss refused this store's secret key (${error.code}): check the \`secretKey\` option of the Toss provider (test_sk_… for the test environment, live_sk_… for live).`
        )
        throw this.declined("결제 설정에 문제가 있어 결제를 완료할 수 없어요. The store's payment setup has a problem; you have not been charged.", error.code)
      }
      if (!isTransient(error) && error.code !== "ALREADY_PROCESSED_PAYMENT") {
        throw this.declined(error.message, error.code)
      }
      this.logger_.warn(`Toss confirm for orderId ${session.orderId} ended with ${error.code}; looking the payment up`)
      // undefined: Toss could not be asked either, so the outcome is unknown.
      const payment = await this.client(session).findPayment(session).catch(() => undefined)
      if (payment && CONFIRMED_STATUSES.includes(payment.status)) {
        return this.verified(session, payment, false)
      }
      if (payment?.failure) {
        throw this.declined(payment.failure.message, payment.failure.code)
      }
      const unknown = payment === undefined || error.code === "IDEMPOTENT_REQUEST_PROCESSING"
      throw this.declined(
        unknown
          ? "토스페이먼츠의 응답이 늦어 결제를 확인하지 못했어요. 다시 결제하기 전에 잠시 후 주문 내역을 확인해 주세요 (주문 없이 결제된 금액은 자동으로 취소돼요). Toss did not answer in time, so the payment could not be confirmed. Please check your order in a few minutes before paying again: a charge without an order is cancelled automatically."
          : "지금은 결제를 확인할 수 없어요. 결제되지 않았으니 잠시 후 다시 시도해 주세요. Toss could not confirm the payment right now and you have not been charged. Please try again in a moment.",
        error.code
      )
    }
  }

  /**
   * Money is only accepted for the orderId and amount the server stored. A
   * payment we confirmed ourselves that does not match is cancelled in full
   * (the store cannot honour it); one merely looked up is someone else's
   * payment, and is refused without touching it.
   */
  private async verified(session: TossSessionData, payment: TossPayment, confirmedByUs: boolean): Promise<TossPayment> {
    const ours = payment.orderId === session.orderId
    if (ours && payment.totalAmount === session.amount && payment.currency === TOSS_CURRENCY) {
      return payment
    }
    this.logger_.error(
      `Toss payment ${payment.paymentKey} does not match session ${session.orderId}: orderId ${payment.orderId}, ${payment.totalAmount} ${payment.currency} instead of ${session.amount} KRW`
    )
    if ((ours || confirmedByUs) && CONFIRMED_STATUSES.includes(payment.status) && payment.status !== "CANCELED") {
      await this.cancelAtToss(withPayment(session, payment), {
        cancelReason: "결제 금액 불일치로 자동 취소 (amount or orderId mismatch)",
        idempotencyKey: `mismatch-${payment.paymentKey}`,
      })
    }
    throw this.declined("결제 정보가 주문과 달라 결제를 받지 않았어요. The payment did not match this order and was not accepted. You have not been charged.", "AMOUNT_MISMATCH")
  }

  /** A Toss cancel; the returned session data remembers the cancel as one this store made. */
  private async cancelAtToss(
    session: TossSessionData,
    { idempotencyKey, ...request }: CancelRequest & { idempotencyKey: string }
  ): Promise<TossSessionData> {
    let payment: TossPayment
    try {
      payment = await this.client(session).cancel(session.paymentKey!, request, idempotencyKey)
    } catch (error) {
      if (!(error instanceof TossApiError)) {
        throw error
      }
      if (error.code === "ALREADY_CANCELED_PAYMENT") {
        return withPayment(session, await this.lookup(session))
      }
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss refused the cancel: ${error.message} (${error.code})`)
    }
    const refundTransactionKeys = payment.lastTransactionKey
      ? [...session.refundTransactionKeys, payment.lastTransactionKey]
      : session.refundTransactionKeys
    return withPayment({ ...session, refundTransactionKeys }, payment)
  }

  private async lookup(session: TossSessionData): Promise<TossPayment> {
    try {
      return await this.client(session).getPayment(session.paymentKey!)
    } catch (error) {
      if (error instanceof TossApiError) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not look the payment up at Toss: ${error.message} (${error.code})`)
      }
      throw error
    }
  }

  private client(session: TossSessionData): TossClient {
    const client = this.clients[session.integration]
    if (!client) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss ${session.integration} integration is not configured.`)
    }
    return client
  }

  private declined(message: string, code: string): MedusaError {
    // This error type reaches the shopper as `{type: "cart", error}` with the
    // message, and leaves the cart open for another attempt.
    return new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message, code)
  }

  private readSession(data: Record<string, unknown>): TossSessionData {
    if (typeof data.orderId !== "string" || typeof data.amount !== "number") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "This payment session was not created by the Toss provider.")
    }
    const session = data as unknown as TossSessionData
    return { ...session, refundTransactionKeys: session.refundTransactionKeys ?? [] }
  }

  private readMethod(method: unknown): TossMethod | null {
    if (method === undefined || method === null || method === "") {
      return null
    }
    if (!TOSS_METHODS.includes(method as TossMethod)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown Toss payment method "${String(method)}". Use one of ${TOSS_METHODS.join(", ")}.`
      )
    }
    return method as TossMethod
  }

  private readOrderName(orderName: unknown): string {
    const name = typeof orderName === "string" ? orderName.replace(/[\u0000-\u001f]/g, " ").trim() : ""
    return (name || DEFAULT_ORDER_NAME).slice(0, ORDER_NAME_MAX)
  }

  /** Whole won within Toss's limits; the method's minimum when the method is known. */
  private toWon(amount: InitiatePaymentInput["amount"], method: TossMethod | null): number {
    const won = new BigNumber(amount).numeric
    if (!Number.isInteger(won)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss takes whole won only, got ${won} KRW.`)
    }
    const minimum = method ? MINIMUM_AMOUNT[method] : Math.min(...Object.values(MINIMUM_AMOUNT))
    if (won < minimum) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `결제 금액이 최소 금액 ${minimum.toLocaleString("ko-KR")}원보다 적어요. The amount ${won} KRW is below Toss's minimum of ${minimum} KRW${method ? ` for ${method}` : ""}.`
      )
    }
    return won
  }
}
