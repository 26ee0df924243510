import axios, { AxiosError, AxiosInstance, Method } from "axios"
import { setTimeout as sleep } from "timers/promises"
import { isTransient, NETWORK_ERROR, PortOneApiError, TIMEOUT } from "./errors"
import { idempotencyHeader } from "./idempotency-key"
import type {
  ApplyEscrowLogisticsResponse,
  BillingKeyInfo,
  BillingKeyPaymentInput,
  CancelCashReceiptResponse,
  CancelInput,
  CancelPaymentResponse,
  CashReceipt,
  CloseVirtualAccountResponse,
  ConfirmedPaymentSummary,
  ConfirmEscrowInput,
  ConfirmEscrowResponse,
  ConfirmInput,
  DeleteBillingKeyInput,
  DeleteBillingKeyResponse,
  EscrowLogisticsInput,
  GetAllPaymentEventsByCursorResponse,
  IssueCashReceiptInput,
  IssueCashReceiptResponse,
  ModifyEscrowLogisticsResponse,
  Payment,
  PaymentEventsQuery,
  PayWithBillingKeyResponse,
  PreRegisterInput,
  PreRegisterPaymentResponse,
} from "./types"

export const PORTONE_API_BASE_URL = "https://api.portone.io"

export interface PortOneClientOptions {
  /** The V2 API secret (console → 결제 연동 → 연동 정보). */
  apiSecret: string
  apiBaseUrl?: string
  /** Sent with every call; needed only for a sub-store, else PortOne takes the secret's store. */
  storeId?: string
  /** Per attempt. PortOne asks for at least 60 s (portone-api.md §1). */
  timeoutMs?: number
  /** Retries of a transient failure, after the first attempt. */
  maxRetries?: number
  /** First backoff delay; it doubles per retry, with jitter. */
  retryBaseDelayMs?: number
}

/** Caps one call, retries included: `Date.now()` by which it must have ended. */
export interface CallOptions {
  deadline?: number
}

/**
 * A thin client for PortOne's V2 API. It knows nothing about Medusa: it
 * authenticates (`Authorization: PortOne <secret>`), sends a quoted
 * Idempotency-Key on every mutating call, retries transient failures with
 * the same key under a deadline, and turns every failure into a
 * PortOneApiError decided by PortOne's `type`. `@portone/server-sdk` 0.19
 * sends no Idempotency-Key and has no timeout or retry, so the calls are
 * made here and typed with the SDK's own types.
 */
export class PortOneClient {
  private readonly http: AxiosInstance
  private readonly storeId?: string
  private readonly timeoutMs: number
  private readonly maxRetries: number
  private readonly retryBaseDelayMs: number

  constructor(options: PortOneClientOptions) {
    this.storeId = options.storeId
    this.timeoutMs = options.timeoutMs ?? 60_000
    this.maxRetries = options.maxRetries ?? 3
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 300
    this.http = axios.create({
      baseURL: options.apiBaseUrl ?? PORTONE_API_BASE_URL,
      headers: { Authorization: `PortOne ${options.apiSecret}`, "Content-Type": "application/json" },
    })
  }

  getPayment(paymentId: string, options: CallOptions = {}): Promise<Payment> {
    return this.get(`/payments/${encodeURIComponent(paymentId)}`, this.storeQuery(), options)
  }

  /** The payment, or null when PortOne has none under this id (the shopper never opened the window). */
  async findPayment(paymentId: string, options: CallOptions = {}): Promise<Payment | null> {
    try {
      return await this.getPayment(paymentId, options)
    } catch (error) {
      if (error instanceof PortOneApiError && error.type === "PAYMENT_NOT_FOUND") {
        return null
      }
      throw error
    }
  }

  /** Registers the amount the store expects before the window opens, so PortOne can refuse a different one. */
  preRegisterPayment(paymentId: string, input: PreRegisterInput, key: string): Promise<PreRegisterPaymentResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/pre-register`, this.withStore(input), key)
  }

  /** Manual confirm (수동 승인): approves a payment whose window handed back a paymentToken. */
  confirmPayment(paymentId: string, input: ConfirmInput, key: string, options: CallOptions = {}): Promise<ConfirmedPaymentSummary> {
    return this.send("POST", `${paymentPath(paymentId)}/confirm`, this.withStore(input), key, options)
  }

  /**
   * A full or partial cancel. Pass `currentCancellableAmount` (the balance
   * the caller saw): PortOne then refuses a cancel whose earlier twin already
   * went through (409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN), so a refund is
   * never made twice even past the Idempotency-Key's lifetime.
   */
  cancelPayment(paymentId: string, input: CancelInput, key: string, options: CallOptions = {}): Promise<CancelPaymentResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/cancel`, this.withStore(input), key, options)
  }

  /** Charges a billing key (the key travels in the body, never in an error). */
  payWithBillingKey(
    paymentId: string,
    input: BillingKeyPaymentInput,
    key: string,
    options: CallOptions = {}
  ): Promise<PayWithBillingKeyResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/billing-key`, this.withStore(input), key, options)
  }

  /** A billing key as PortOne knows it: its status, customer, channels and funding method (404 BILLING_KEY_NOT_FOUND). */
  getBillingKey(billingKey: string, options: CallOptions = {}): Promise<BillingKeyInfo> {
    return this.get(`/billing-keys/${encodeURIComponent(billingKey)}`, this.storeQuery(), options)
  }

  deleteBillingKey(billingKey: string, input: DeleteBillingKeyInput, key: string): Promise<DeleteBillingKeyResponse> {
    return this.send("DELETE", `/billing-keys/${encodeURIComponent(billingKey)}`, undefined, key, {}, { ...this.storeQuery(), ...input })
  }

  /**
   * One page of payment events (paid, partially cancelled, cancelled) by
   * event time, for reconciliation; pass the last item's `cursor` to go on.
   * PortOne takes a GET's body as `?requestBody=<JSON>`.
   */
  listPaymentEvents(query: PaymentEventsQuery = {}, options: CallOptions = {}): Promise<GetAllPaymentEventsByCursorResponse> {
    return this.get("/payment-events-by-cursor", { requestBody: JSON.stringify(this.withStore(query)) }, options)
  }

  /** Closes a virtual account that is still waiting for its deposit. */
  closeVirtualAccount(paymentId: string, key: string): Promise<CloseVirtualAccountResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/virtual-account/close`, undefined, key, {}, this.storeQuery())
  }

  /** Escrow: registers the delivery (required before the shopper can confirm the purchase). */
  applyEscrowLogistics(paymentId: string, input: EscrowLogisticsInput, key: string): Promise<ApplyEscrowLogisticsResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/escrow/logistics`, this.withStore(input), key)
  }

  /** Escrow: corrects a registered delivery. */
  modifyEscrowLogistics(paymentId: string, input: EscrowLogisticsInput, key: string): Promise<ModifyEscrowLogisticsResponse> {
    return this.send("PATCH", `${paymentPath(paymentId)}/escrow/logistics`, this.withStore(input), key)
  }

  /** Escrow: purchase confirmation. */
  confirmEscrow(paymentId: string, input: ConfirmEscrowInput, key: string): Promise<ConfirmEscrowResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/escrow/complete`, this.withStore(input), key)
  }

  /** Issues a cash receipt by API (also for money taken outside PortOne). */
  issueCashReceipt(input: IssueCashReceiptInput, key: string): Promise<IssueCashReceiptResponse> {
    return this.send("POST", "/cash-receipts", this.withStore(input), key)
  }

  getCashReceipt(paymentId: string, options: CallOptions = {}): Promise<CashReceipt> {
    return this.get(`${paymentPath(paymentId)}/cash-receipt`, this.storeQuery(), options)
  }

  cancelCashReceipt(paymentId: string, key: string): Promise<CancelCashReceiptResponse> {
    return this.send("POST", `${paymentPath(paymentId)}/cash-receipt/cancel`, undefined, key, {}, this.storeQuery())
  }

  private get<T>(path: string, params: Record<string, unknown>, { deadline }: CallOptions): Promise<T> {
    return this.withRetry(async (timeout) => (await this.http.get<T>(path, { params, timeout })).data, deadline)
  }

  private async send<T>(
    method: Method,
    path: string,
    body: object | undefined,
    key: string,
    { deadline }: CallOptions = {},
    params: Record<string, unknown> = {}
  ): Promise<T> {
    const headers = { "Idempotency-Key": idempotencyHeader(key) }
    return this.withRetry(async (timeout) => (await this.http.request<T>({ method, url: path, data: body, params, headers, timeout })).data, deadline)
  }

  private withStore<T extends object>(input: T): T & { storeId?: string } {
    return this.storeId ? { ...input, storeId: this.storeId } : input
  }

  private storeQuery(): Record<string, string> {
    return this.storeId ? { storeId: this.storeId } : {}
  }

  /**
   * Runs `call` with a per-attempt timeout, retrying transient failures. With
   * a deadline, no attempt outlasts it and no retry starts that could not end
   * before it: the caller then settles the outcome by asking PortOne.
   */
  private async withRetry<T>(call: (timeoutMs: number) => Promise<T>, deadline = Infinity): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now()
      if (remaining < MIN_ATTEMPT_MS) {
        throw new PortOneApiError(TIMEOUT, "PortOne did not answer in time", 0)
      }
      try {
        return await call(Math.min(this.timeoutMs, remaining))
      } catch (caught) {
        const error = toPortOneApiError(caught)
        const wait = this.retryBaseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5)
        if (!isTransient(error) || attempt >= this.maxRetries || Date.now() + wait + MIN_ATTEMPT_MS > deadline) {
          throw error
        }
        await sleep(wait)
      }
    }
  }
}

/** An attempt with less time than this left before the deadline is not started. */
const MIN_ATTEMPT_MS = 200

const paymentPath = (paymentId: string) => `/payments/${encodeURIComponent(paymentId)}`

type ErrorBody = { type?: unknown; message?: unknown; pgCode?: unknown; pgMessage?: unknown }

function toPortOneApiError(error: unknown): PortOneApiError {
  if (error instanceof PortOneApiError) {
    return error
  }
  if (!axios.isAxiosError(error)) {
    return new PortOneApiError(NETWORK_ERROR, String(error), 0)
  }
  const answer = (error as AxiosError<ErrorBody>).response
  if (answer) {
    const body: ErrorBody = answer.data && typeof answer.data === "object" ? answer.data : {}
    const type = typeof body.type === "string" ? body.type : `HTTP_${answer.status}`
    const message = typeof body.message === "string" ? body.message : `PortOne answered HTTP ${answer.status}`
    const pg = {
      ...(typeof body.pgCode === "string" && { pgCode: body.pgCode }),
      ...(typeof body.pgMessage === "string" && { pgMessage: body.pgMessage }),
    }
    return new PortOneApiError(type, message, answer.status, pg)
  }
  if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
    return new PortOneApiError(TIMEOUT, "PortOne did not answer in time", 0)
  }
  return new PortOneApiError(NETWORK_ERROR, `Could not reach PortOne (${error.code ?? error.message})`, 0)
}
