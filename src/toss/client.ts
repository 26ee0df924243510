import axios, { AxiosError, AxiosInstance } from "axios"
import { setTimeout as sleep } from "timers/promises"
import { isTransient, NETWORK_ERROR, TIMEOUT, TossApiError } from "./errors"
import type {
  BillingChargeRequest,
  BillingIssueRequest,
  CancelRequest,
  CashReceiptRequest,
  ConfirmRequest,
  SettlementsQuery,
  TossBilling,
  TossIssuedCashReceipt,
  TossPayment,
  TossSettlement,
  TossTransaction,
  TransactionsQuery,
} from "./types"

export const TOSS_API_BASE_URL = "https://api.tosspayments.com"

export interface TossClientOptions {
  secretKey: string
  apiBaseUrl?: string
  /** Per attempt. A confirm that times out is resolved by the caller with a lookup. */
  timeoutMs?: number
  /** Retries of a transient failure, after the first attempt. */
  maxRetries?: number
  /** First backoff delay; it doubles per retry, with jitter. */
  retryBaseDelayMs?: number
}

/** Caps one call, retries included: `Date.now()` by which it must have ended. */
export interface CallOptions {
  deadline?: number
  /**
   * A lookup Toss answers now: no answer remembered or in flight from before
   * is used (the ledger says the payment changed since; a remembered DONE
   * would hide a cancel).
   */
  fresh?: boolean
}

/** Toss refuses a second lookup or cancel of one payment within about a second. */
const CONSECUTIVE_REQUEST_WAIT_MS = 1000

/**
 * A thin client for the Toss Payments core API. It knows nothing about
 * Medusa: it authenticates, sends Idempotency-Keys, retries transient
 * failures with the same key, and turns every failure into a TossApiError.
 * The secret key lives only in the Authorization header of outgoing requests;
 * errors never carry the request configuration.
 */
export class TossClient {
  private readonly http: AxiosInstance
  private readonly timeoutMs: number
  private readonly maxRetries: number
  private readonly retryBaseDelayMs: number
  /** Concurrent lookups of one payment share one request (Toss rate-limits them). */
  private readonly lookupsInFlight = new Map<string, Promise<TossPayment>>()
  /**
   * Answers of the last second, by paymentKey and by orderId. Toss refuses a
   * second lookup of a payment within about a second anyway, so reusing an
   * answer that young hides nothing Toss would have told us; a confirm or
   * cancel through this client drops it.
   */
  private readonly recentLookups = new Map<string, { payment: TossPayment; at: number }>()

  constructor(options: TossClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000
    this.maxRetries = options.maxRetries ?? 3
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 300
    this.http = axios.create({
      baseURL: options.apiBaseUrl ?? TOSS_API_BASE_URL,
      headers: {
        Authorization: `Basic ${Buffer.from(`${options.secretKey}:`).toString("base64")}`,
        "Content-Type": "application/json",
      },
    })
  }

  confirm(body: ConfirmRequest, idempotencyKey: string, options: CallOptions = {}): Promise<TossPayment> {
    this.forget(body)
    return this.post("/v1/payments/confirm", body, idempotencyKey, options)
  }

  async cancel(paymentKey: string, body: CancelRequest, idempotencyKey: string): Promise<TossPayment> {
    // Toss refuses a cancel within about a second of a lookup of the same
    // payment: wait out what this process knows of instead of being refused.
    const lookedUpAt = this.recentLookups.get(paymentPath(paymentKey))?.at
    if (lookedUpAt !== undefined && Date.now() - lookedUpAt < CONSECUTIVE_REQUEST_WAIT_MS) {
      await sleep(CONSECUTIVE_REQUEST_WAIT_MS - (Date.now() - lookedUpAt))
    }
    this.forget({ paymentKey })
    return this.post(`/v1/payments/${encodeURIComponent(paymentKey)}/cancel`, body, idempotencyKey)
  }

  /** Billing: the card registered in the billing auth window becomes a billing key. */
  issueBillingKey(body: BillingIssueRequest, idempotencyKey: string): Promise<TossBilling> {
    return this.post("/v1/billing/authorizations/issue", body, idempotencyKey)
  }

  /** Billing: charges the card of a billing key (the key travels in the path, never in an error). */
  chargeBilling(billingKey: string, body: BillingChargeRequest, idempotencyKey: string, options: CallOptions = {}): Promise<TossPayment> {
    this.forget({ orderId: body.orderId })
    return this.post(`/v1/billing/${encodeURIComponent(billingKey)}`, body, idempotencyKey, options)
  }

  /** Billing: Toss forgets the billing key (answers 200 with an empty body). */
  async deleteBillingKey(billingKey: string): Promise<void> {
    await this.withRetry((timeout) => this.http.delete(`/v1/billing/${encodeURIComponent(billingKey)}`, { timeout }))
  }

  getPayment(paymentKey: string, options: CallOptions = {}): Promise<TossPayment> {
    return this.lookup(paymentPath(paymentKey), options)
  }

  getPaymentByOrderId(orderId: string, options: CallOptions = {}): Promise<TossPayment> {
    return this.lookup(orderPath(orderId), options)
  }

  /** By paymentKey when there is one, else by orderId; null when Toss has no such payment. */
  async findPayment(
    { paymentKey, orderId }: { paymentKey?: string | null; orderId?: string | null },
    options: CallOptions = {}
  ): Promise<TossPayment | null> {
    try {
      if (paymentKey) {
        return await this.getPayment(paymentKey, options)
      }
      return orderId ? await this.getPaymentByOrderId(orderId, options) : null
    } catch (error) {
      if (error instanceof TossApiError && error.code === "NOT_FOUND_PAYMENT") {
        return null
      }
      throw error
    }
  }

  /**
   * One page of Toss's transaction ledger: every approval and cancel with a
   * `transactionAt` in the window, oldest first; the next page starts after
   * the last row's transactionKey.
   */
  async listTransactions(query: TransactionsQuery): Promise<TossTransaction[]> {
    const params: Record<string, string> = { startDate: query.startDate, endDate: query.endDate }
    if (query.startingAfter) {
      params.startingAfter = query.startingAfter
    }
    if (query.limit) {
      params.limit = String(query.limit)
    }
    return this.withRetry(async (timeout) => (await this.http.get<TossTransaction[]>("/v1/transactions", { params, timeout })).data)
  }

  /** One page of Toss's settlements (정산) by sold date. */
  async listSettlements(query: SettlementsQuery): Promise<TossSettlement[]> {
    const params: Record<string, string> = { startDate: query.startDate, endDate: query.endDate }
    for (const key of ["dateType", "page", "size"] as const) {
      if (query[key] !== undefined) {
        params[key] = String(query[key])
      }
    }
    return this.withRetry(async (timeout) => (await this.http.get<TossSettlement[]>("/v1/settlements", { params, timeout })).data)
  }

  /** Issues a cash receipt; the same `idempotencyKey` on every attempt, so a retry issues it once. */
  issueCashReceipt(request: CashReceiptRequest, idempotencyKey: string): Promise<TossIssuedCashReceipt> {
    return this.post<TossIssuedCashReceipt>("/v1/cash-receipts", request, idempotencyKey)
  }

  /** Cancels an issued cash receipt in full. */
  cancelCashReceipt(receiptKey: string, idempotencyKey: string): Promise<TossIssuedCashReceipt> {
    return this.post<TossIssuedCashReceipt>(`/v1/cash-receipts/${encodeURIComponent(receiptKey)}/cancel`, {}, idempotencyKey)
  }

  /** The cash receipts requested on a Korean date (yyyy-MM-dd), a page at a time. */
  async listCashReceipts(query: { requestDate: string; cursor?: string; limit?: number }): Promise<{ hasNext: boolean; lastCursor: string | null; data: TossIssuedCashReceipt[] }> {
    const params: Record<string, string> = { requestDate: query.requestDate }
    if (query.cursor) {
      params.cursor = query.cursor
    }
    if (query.limit) {
      params.limit = String(query.limit)
    }
    return this.withRetry(async (timeout) => (await this.http.get("/v1/cash-receipts", { params, timeout })).data)
  }

  private post<T = TossPayment>(path: string, body: object, idempotencyKey: string, { deadline }: CallOptions = {}): Promise<T> {
    return this.withRetry(async (timeout) => {
      const response = await this.http.post<T>(path, body, {
        headers: { "Idempotency-Key": idempotencyKey },
        timeout,
      })
      return response.data
    }, deadline)
  }

  private lookup(path: string, { deadline, fresh = false }: CallOptions = {}): Promise<TossPayment> {
    const recent = this.recentLookups.get(path)
    if (!fresh && recent && Date.now() - recent.at < CONSECUTIVE_REQUEST_WAIT_MS) {
      return Promise.resolve(recent.payment)
    }
    const inFlight = this.lookupsInFlight.get(path)
    if (!fresh && inFlight) {
      return inFlight
    }
    const askedAt = Date.now()
    const request = this.withRetry(async (timeout) => {
      // Retrying after FORBIDDEN_CONSECUTIVE_REQUEST: a lookup of the same
      // payment under its other id may have been answered meanwhile.
      const answered = this.recentLookups.get(path)
      return answered && (fresh ? answered.at > askedAt : answered.at >= askedAt) ? answered.payment : (await this.http.get<TossPayment>(path, { timeout })).data
    }, deadline)
      .then((payment) => {
        this.remember(payment)
        return payment
      })
      .finally(() => this.lookupsInFlight.delete(path))
    this.lookupsInFlight.set(path, request)
    return request
  }

  private remember(payment: TossPayment): void {
    const now = Date.now()
    for (const [path, entry] of this.recentLookups) {
      if (now - entry.at >= CONSECUTIVE_REQUEST_WAIT_MS) {
        this.recentLookups.delete(path)
      }
    }
    const entry = { payment, at: now }
    this.recentLookups.set(paymentPath(payment.paymentKey), entry)
    this.recentLookups.set(orderPath(payment.orderId), entry)
  }

  private forget({ paymentKey, orderId }: { paymentKey?: string; orderId?: string }): void {
    const remembered = paymentKey ? this.recentLookups.get(paymentPath(paymentKey))?.payment : undefined
    for (const path of [
      paymentKey && paymentPath(paymentKey),
      orderId && orderPath(orderId),
      remembered && orderPath(remembered.orderId),
    ]) {
      if (path) {
        this.recentLookups.delete(path)
      }
    }
  }

  /**
   * Runs `call` with a per-attempt timeout, retrying transient failures. With
   * a deadline, no attempt outlasts it and no retry starts that could not end
   * before it: the caller then settles the outcome by asking Toss.
   */
  private async withRetry<T>(call: (timeoutMs: number) => Promise<T>, deadline = Infinity): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now()
      if (remaining < MIN_ATTEMPT_MS) {
        throw new TossApiError(TIMEOUT, "Toss did not answer in time", 0)
      }
      try {
        return await call(Math.min(this.timeoutMs, remaining))
      } catch (caught) {
        const error = toTossApiError(caught)
        const wait = this.backoff(attempt, error)
        if (!isTransient(error) || attempt >= this.maxRetries || Date.now() + wait + MIN_ATTEMPT_MS > deadline) {
          throw error
        }
        await sleep(wait)
      }
    }
  }

  private backoff(attempt: number, error: TossApiError): number {
    const delay = this.retryBaseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.5)
    return error.code === "FORBIDDEN_CONSECUTIVE_REQUEST"
      ? Math.max(delay, CONSECUTIVE_REQUEST_WAIT_MS)
      : delay
  }
}

/** An attempt with less time than this left before the deadline is not started. */
const MIN_ATTEMPT_MS = 200

const paymentPath = (paymentKey: string) => `/v1/payments/${encodeURIComponent(paymentKey)}`
const orderPath = (orderId: string) => `/v1/payments/orders/${encodeURIComponent(orderId)}`

function toTossApiError(error: unknown): TossApiError {
  if (error instanceof TossApiError) {
    return error
  }
  if (!axios.isAxiosError(error)) {
    return new TossApiError(NETWORK_ERROR, String(error), 0)
  }
  const answer = (error as AxiosError<{ code?: string; message?: string }>).response
  if (answer) {
    const code = answer.data?.code ?? `HTTP_${answer.status}`
    const message = answer.data?.message ?? `Toss answered HTTP ${answer.status}`
    return new TossApiError(code, message, answer.status)
  }
  if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
    return new TossApiError(TIMEOUT, "Toss did not answer in time", 0)
  }
  return new TossApiError(NETWORK_ERROR, `Could not reach Toss (${error.code ?? error.message})`, 0)
}

const sharedClients = new Map<string, TossClient>()

/**
 * One client per key and server in this process, so the provider, the
 * webhook subscriber and the reconciliation job share their in-flight
 * lookups instead of tripping Toss's one-lookup-per-second rule.
 */
export function sharedTossClient(options: TossClientOptions): TossClient {
  const id = JSON.stringify([
    options.secretKey,
    options.apiBaseUrl,
    options.timeoutMs,
    options.maxRetries,
    options.retryBaseDelayMs,
  ])
  let client = sharedClients.get(id)
  if (!client) {
    client = new TossClient(options)
    sharedClients.set(id, client)
  }
  return client
}
