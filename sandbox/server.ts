/**
 * The sandbox's HTTP side: routing, then for the Toss API (`/v1/...`) Basic
 * auth, idempotency, test codes, faults and the request log; the payment
 * rules themselves live in the PaymentStore.
 */
import http from "node:http"
import { AddressInfo } from "node:net"
import { SandboxClock, kstIso } from "./clock"
import { Language, TOSS_ERRORS, TossError, languageOf } from "./errors"
import { bankPage, cashReceiptPage, errorPage, receiptPage } from "./html"
import { BillingAuthInput, BillingStore } from "./billing"
import type { AuthenticateInput } from "./authentication"
import type { CancelInput } from "./cancels"
import { PaymentStore } from "./payments"
import type { Merchant } from "./records"
import { WebhookSender } from "./webhooks"
import { PageResult, PaymentWindows, sdkScript } from "./window"

interface FaultFilter {
  /** How many matching requests the fault applies to; default 1. */
  times?: number
  /** Only requests whose path contains this string or matches this RegExp. */
  path?: string | RegExp
  /** Only requests with this HTTP method. */
  method?: string
}

/** Answer this Toss error without doing anything. */
export interface FailFault extends FaultFilter {
  code: string
  status?: number
  message?: string
}

/** Wait, then process the request normally. */
export interface DelayFault extends FaultFilter {
  ms: number
}

/**
 * Process the request (the work is done and its idempotency record kept),
 * then lose the answer: "reset" destroys the socket, "hang" never answers.
 */
export interface DropFault extends FaultFilter {
  mode: "reset" | "hang"
}

export type FaultSpec =
  | ({ kind: "fail" } & FailFault)
  | ({ kind: "delay" } & DelayFault)
  | ({ kind: "drop" } & DropFault)

/** One Toss API request as the sandbox received and answered it. */
export interface RecordedRequest {
  method: string
  /** Without the query string. */
  path: string
  /** The query string's parameters (GET /v1/transactions). */
  query: Record<string, string>
  headers: http.IncomingHttpHeaders
  /** Parsed JSON; the raw text if it was not JSON; null without a body. (`any`: a test reads the fields it expects.) */
  body: any
  idempotencyKey: string | null
  /** null while the request is still being processed. */
  status: number | null
  /** What the sandbox answered (`any`, as `body`). */
  response: any
  at: string
  /** Set when a DropFault lost the answer. */
  dropped?: "reset" | "hang"
}

interface ApiAnswer {
  status: number
  body: unknown
}

const IDEMPOTENCY_KEY_MAX_LENGTH = 300
/** Toss keeps idempotency keys for 15 days (§1). */
const IDEMPOTENCY_RETENTION_MS = 15 * 24 * 60 * 60 * 1000
const MAX_BODY_BYTES = 1024 * 1024

interface ApiRequest {
  store: PaymentStore
  billing: BillingStore
  merchant: Merchant
  /** The path's captured parts, decoded. */
  params: string[]
  query: URLSearchParams
  body: unknown
}

const API_ROUTES: Array<{ method: string; pattern: RegExp; handle: (request: ApiRequest) => unknown }> = [
  {
    method: "POST",
    pattern: /^\/v1\/payments\/confirm$/,
    handle: ({ store, merchant, body }) => store.confirm(merchant, body),
  },
  {
    method: "GET",
    pattern: /^\/v1\/payments\/orders\/([^/]+)$/,
    handle: ({ store, merchant, params: [orderId] }) => store.lookup(merchant, { orderId }),
  },
  {
    method: "GET",
    pattern: /^\/v1\/payments\/([^/]+)$/,
    handle: ({ store, merchant, params: [paymentKey] }) => store.lookup(merchant, { paymentKey }),
  },
  {
    method: "POST",
    pattern: /^\/v1\/payments\/([^/]+)\/cancel$/,
    handle: ({ store, merchant, params: [paymentKey], body }) => store.cancel(merchant, paymentKey, body),
  },
  {
    method: "POST",
    pattern: /^\/v1\/billing\/authorizations\/issue$/,
    handle: ({ billing, merchant, body }) => billing.issue(merchant, body),
  },
  {
    method: "POST",
    pattern: /^\/v1\/billing\/([^/]+)$/,
    handle: ({ billing, merchant, params: [billingKey], body }) => billing.charge(merchant, billingKey, body),
  },
  {
    method: "DELETE",
    pattern: /^\/v1\/billing\/([^/]+)$/,
    // 200 with an empty body
    handle: ({ billing, merchant, params: [billingKey] }) => billing.delete(merchant, billingKey),
  },
  {
    method: "GET",
    pattern: /^\/v1\/transactions$/,
    handle: ({ store, merchant, query }) =>
      store.records.transactions(merchant, {
        startDate: query.get("startDate"),
        endDate: query.get("endDate"),
        startingAfter: query.get("startingAfter"),
        limit: query.get("limit"),
      }),
  },
  {
    method: "GET",
    pattern: /^\/v1\/settlements$/,
    handle: ({ store, merchant, query }) =>
      store.records.settlements(merchant, {
        startDate: query.get("startDate"),
        endDate: query.get("endDate"),
        dateType: query.get("dateType"),
        page: query.get("page"),
        size: query.get("size"),
      }),
  },
  {
    method: "POST",
    pattern: /^\/v1\/cash-receipts$/,
    handle: ({ store, merchant, body }) => store.cashReceipts.issue(merchant, body),
  },
  {
    method: "POST",
    pattern: /^\/v1\/cash-receipts\/([^/]+)\/cancel$/,
    handle: ({ store, merchant, params: [receiptKey], body }) => store.cashReceipts.cancel(merchant, receiptKey, body),
  },
  {
    method: "GET",
    pattern: /^\/v1\/cash-receipts$/,
    handle: ({ store, merchant, query }) =>
      store.cashReceipts.list(merchant, { requestDate: query.get("requestDate"), cursor: query.get("cursor"), limit: query.get("limit") }),
  },
]

export interface SandboxServerOptions {
  store: PaymentStore
  billing: BillingStore
  merchants: Merchant[]
  clock: SandboxClock
  webhooks: WebhookSender
  /** The test controls that are more than a store call (index.ts). */
  controls: {
    cancelStatusChanged(ref: string, cancelStatus: unknown): unknown
  }
}

export class SandboxServer {
  readonly requests: RecordedRequest[] = []
  readonly faults = new Faults()
  private url = ""
  private readonly idempotency: IdempotencyRecords
  private readonly windows: PaymentWindows
  private readonly server = http.createServer((req, res) => {
    this.route(req, res).catch((error) => {
      if (res.headersSent) return res.destroy()
      json(res, 500, { code: "COMMON_ERROR", message: `Toss sandbox error: ${error}` })
    })
  })

  constructor(private readonly options: SandboxServerOptions) {
    this.idempotency = new IdempotencyRecords(options.clock)
    this.windows = new PaymentWindows(options.store, options.billing)
  }

  /** Start listening; resolves with the base URL. */
  listen(port: number, host: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject)
      this.server.listen(port, host, () => {
        const address = this.server.address() as AddressInfo
        const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host
        this.url = `http://${shownHost}:${address.port}`
        resolve(this.url)
      })
    })
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()))
      // Hung answers and keep-alive sockets would otherwise hold close() open.
      this.server.closeAllConnections()
    })
  }

  /** Clear the request log, the webhook log and pending faults; payments stay. */
  reset(): void {
    this.requests.length = 0
    this.faults.clear()
    this.options.webhooks.clearLog()
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox")
    if (url.pathname.startsWith("/v1/")) return this.handleApi(req, res, url)
    const { store, merchants } = this.options
    const method = req.method ?? "GET"
    const path = url.pathname

    // The window lives wherever the browser found the script.
    const origin = req.headers.host ? `http://${req.headers.host}` : this.url
    if (method === "GET" && path === "/v2/standard") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" })
      res.end(sdkScript(origin, merchants.map((m) => m.clientKey)))
      return
    }
    if (path === "/window/open") return this.openWindow(req, res, method, origin)
    const windowPath = /^\/window\/([^/]+)$/.exec(path)
    if (windowPath && method === "GET") return page(res, this.windows.page(decodeURIComponent(windowPath[1])))
    if (windowPath && method === "POST") {
      const form = new URLSearchParams(await readBody(req))
      return page(res, this.windows.submit(decodeURIComponent(windowPath[1]), form))
    }
    const paymentPage = /^\/(receipt|checkout)\/([^/]+)$/.exec(path)
    if (paymentPage && method === "GET") {
      const payment = store.find(decodeURIComponent(paymentPage[2]))
      return payment
        ? page(res, { status: 200, html: receiptPage(payment) })
        : page(res, { status: 404, html: errorPage("결제를 찾을 수 없습니다", "Payment not found") })
    }
    const cashReceipt = /^\/cash-receipt\/([^/]+)$/.exec(path)
    if (cashReceipt && method === "GET") {
      const receiptKey = decodeURIComponent(cashReceipt[1])
      const payment = store.all().find((p) => p.cashReceipts?.some((entry) => entry.receiptKey === receiptKey))
      return payment
        ? page(res, { status: 200, html: cashReceiptPage(payment, receiptKey) })
        : page(res, { status: 404, html: errorPage("현금영수증을 찾을 수 없습니다", "Cash receipt not found") })
    }
    if (path === "/sandbox/bank" && method === "GET") {
      return page(res, { status: 200, html: bankPage(store.all()) })
    }
    if (path.startsWith("/sandbox/")) return this.handleControl(req, res, method, path)
    page(res, { status: 404, html: errorPage("페이지를 찾을 수 없습니다", `Not found: ${path}`) })
  }

  /**
   * `POST /window/open` from the SDK script on the store's page: a CORS
   * request (a text body, so without preflight) answered with the window's
   * URL or Toss's refusal.
   */
  private async openWindow(req: http.IncomingMessage, res: http.ServerResponse, method: string, origin: string): Promise<void> {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "POST", "access-control-allow-headers": "content-type" }
    if (method === "OPTIONS") {
      res.writeHead(204, cors)
      res.end()
      return
    }
    if (method !== "POST") return json(res, 404, new TossError("NOT_FOUND").body("en"), cors)
    const language = languageOf(header(req, "accept-language") ?? undefined)
    try {
      return json(res, 200, this.windows.open(parseJson(await readBody(req)), origin), cors)
    } catch (error) {
      if (error instanceof TossError) return json(res, error.status, error.body(language), cors)
      throw error
    }
  }

  /** A Toss API request: logged, authenticated, then answered (or faulted). */
  private async handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET"
    const path = url.pathname
    const raw = await readBody(req)
    const idempotencyKey = header(req, "idempotency-key")
    const entry: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: parseBody(raw),
      idempotencyKey,
      status: null,
      response: null,
      at: kstIso(this.options.clock.now()),
    }
    this.requests.push(entry)
    const faults = this.faults.take(method, path)
    const language = languageOf(header(req, "accept-language") ?? undefined)

    const answer = await this.answerApi(req, method, url, raw, faults, language)
    entry.status = answer.status
    entry.response = answer.body
    if (faults.drop) {
      entry.dropped = faults.drop.mode
      if (faults.drop.mode === "reset") req.socket.destroy()
      return // "hang": leave the client waiting until it times out
    }
    json(res, answer.status, answer.body)
  }

  private async answerApi(
    req: http.IncomingMessage,
    method: string,
    url: URL,
    raw: string,
    faults: TakenFaults,
    language: Language
  ): Promise<ApiAnswer> {
    try {
      const merchant = this.merchantFor(header(req, "authorization"))
      const idempotencyKey = method === "POST" ? header(req, "idempotency-key") : null
      if (idempotencyKey !== null && idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
        throw new TossError("INVALID_IDEMPOTENCY_KEY")
      }
      const testCode = header(req, "tosspayments-test-code")
      if (testCode) throw new TossError(Object.prototype.hasOwnProperty.call(TOSS_ERRORS, testCode) ? testCode : "INVALID_TEST_CODE")
      if (faults.fail) {
        const { code, status, message } = faults.fail
        throw new TossError(code, { status, detail: message === undefined ? undefined : { ko: message, en: message } })
      }
      const execute = () => this.execute(merchant, method, url, raw, faults.delay, language)
      return idempotencyKey === null
        ? await execute()
        : await this.idempotency.run([idempotencyKey, merchant.secretKey, method, url.pathname].join("\n"), execute)
    } catch (error) {
      if (error instanceof TossError) return { status: error.status, body: error.body(language) }
      throw error
    }
  }

  /** Do the work. Its errors become answers here so that idempotency can keep them. */
  private async execute(
    merchant: Merchant,
    method: string,
    url: URL,
    raw: string,
    delay: DelayFault | undefined,
    language: Language
  ): Promise<ApiAnswer> {
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms))
    try {
      for (const route of API_ROUTES) {
        const match = route.pattern.exec(url.pathname)
        if (route.method === method && match) {
          const { store, billing } = this.options
          const params = match.slice(1).map(decodeURIComponent)
          const body = route.handle({ store, billing, merchant, params, query: url.searchParams, body: parseJson(raw) })
          return { status: 200, body }
        }
      }
      throw new TossError("NOT_FOUND")
    } catch (error) {
      if (error instanceof TossError) return { status: error.status, body: error.body(language) }
      throw error
    }
  }

  /** `Authorization: Basic base64(secretKey + ":")` (§1). */
  private merchantFor(authorization: string | null): Merchant {
    const encoded = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(authorization ?? "")?.[1]
    if (!encoded) throw new TossError("UNAUTHORIZED_KEY")
    const decoded = Buffer.from(encoded, "base64").toString("utf8")
    if (!decoded.includes(":")) throw new TossError("INCORRECT_BASIC_AUTH_FORMAT")
    const secretKey = decoded.slice(0, decoded.indexOf(":"))
    const merchant = this.options.merchants.find((m) => m.secretKey === secretKey)
    if (!merchant) throw new TossError("UNAUTHORIZED_KEY")
    return merchant
  }

  /** Test controls over HTTP, for the demo and browser tests. No auth: a loopback tool that never shows secret keys. */
  private async handleControl(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    path: string
  ): Promise<void> {
    const { store, webhooks, clock } = this.options
    const input = (method === "POST" ? parseBody(await readBody(req)) ?? {} : {}) as Record<string, unknown>
    const encodedRef = /^\/sandbox\/payments\/([^/]+)/.exec(path)?.[1]
    const ref = encodedRef === undefined ? "" : decodeURIComponent(encodedRef)
    // "/sandbox/payments/tgen_…/deposit" → "/sandbox/payments/:ref/deposit"
    const route = `${method} ${path.replace(/^(\/sandbox\/payments\/)[^/]+/, "$1:ref")}`
    try {
      switch (route) {
        case "GET /sandbox/requests":
          return json(res, 200, this.requests.map(withoutSecrets))
        case "GET /sandbox/webhooks":
          return json(res, 200, webhooks.deliveries)
        case "POST /sandbox/webhook-url":
          webhooks.setUrl(typeof input.url === "string" ? input.url : null)
          return json(res, 200, { url: input.url ?? null })
        case "POST /sandbox/reset":
          this.reset()
          return json(res, 200, { ok: true })
        case "POST /sandbox/faults":
          this.faults.add(input as unknown as FaultSpec)
          return json(res, 200, { ok: true })
        case "POST /sandbox/clock/advance":
          clock.advance(Number(input.ms))
          return json(res, 200, { now: kstIso(clock.now()) })
        case "POST /sandbox/clock/set":
          // {at}: epoch milliseconds or an ISO 8601 time with its offset
          clock.setTo(typeof input.at === "string" ? new Date(input.at) : Number(input.at))
          return json(res, 200, { now: kstIso(clock.now()) })
        case "POST /sandbox/authenticate":
          return json(res, 200, store.authenticate(input as unknown as AuthenticateInput))
        case "POST /sandbox/authenticate-and-confirm":
          return json(res, 200, store.authenticateAndConfirm(input as unknown as AuthenticateInput))
        case "POST /sandbox/billing/authorize":
          return json(res, 200, this.options.billing.authorize(input as unknown as BillingAuthInput))
        case "POST /sandbox/billing/delete":
          // {billingKey}: the card company removed it
          this.options.billing.deleteByCardCompany(String(input.billingKey))
          return json(res, 200, { billingKey: input.billingKey })
        case "POST /sandbox/billing/decline":
          // {billingKey, code?, times?}
          this.options.billing.declineCharges(String(input.billingKey), input.code as string | undefined, input.times as number | undefined)
          return json(res, 200, { billingKey: input.billingKey })
        case "GET /sandbox/payments":
          return json(res, 200, store.all())
        case "GET /sandbox/payments/:ref": {
          const payment = store.find(ref)
          return payment ? json(res, 200, payment) : json(res, 404, new TossError("NOT_FOUND_PAYMENT").body("en"))
        }
        case "POST /sandbox/payments/:ref/deposit":
          return json(res, 200, store.virtualAccounts.deposit(ref))
        case "POST /sandbox/payments/:ref/deposit-error":
          return json(res, 200, store.virtualAccounts.depositError(ref))
        case "POST /sandbox/payments/:ref/expire":
          return json(res, 200, store.virtualAccounts.expire(ref))
        case "POST /sandbox/payments/:ref/dashboard-cancel":
          return json(res, 200, store.dashboardCancel(ref, input as CancelInput))
        case "POST /sandbox/payments/:ref/cancel-status-changed":
          return json(res, 200, this.options.controls.cancelStatusChanged(ref, input.cancelStatus))
        case "POST /sandbox/refund-banks":
          // {bankCode, code: "NOT_ALLOWED_REFUND_BANK" | "NOT_AVAILABLE_BANK" | null}
          store.virtualAccounts.refuseRefundsTo(input.bankCode, input.code ?? null)
          return json(res, 200, { bankCode: input.bankCode, code: input.code ?? null })
        default:
          return json(res, 404, new TossError("NOT_FOUND").body("en"))
      }
    } catch (error) {
      if (error instanceof TossError) return json(res, error.status, error.body("en"))
      // A misused control (clock.advance(-1), an unknown fault kind…)
      return json(res, 400, { code: "INVALID_REQUEST", message: error instanceof Error ? error.message : String(error) })
    }
  }
}

interface TakenFaults {
  fail?: FailFault
  delay?: DelayFault
  drop?: DropFault
}

/** Faults waiting for their requests, oldest first. */
class Faults {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = []

  add(spec: FaultSpec): void {
    if (!["fail", "delay", "drop"].includes(spec.kind)) {
      throw new Error(`Unknown fault kind "${spec.kind}": use "fail", "delay" or "drop".`)
    }
    this.pending.push({ spec, remaining: spec.times ?? 1 })
  }

  /** The first pending fault of each kind matching the request; each use counts down its `times`. */
  take(method: string, path: string): TakenFaults {
    const taken: TakenFaults = {}
    for (const fault of this.pending) {
      const { spec } = fault
      if (taken[spec.kind] || !matches(spec, method, path)) continue
      fault.remaining -= 1
      Object.assign(taken, { [spec.kind]: spec })
    }
    this.pending.splice(0, this.pending.length, ...this.pending.filter((f) => f.remaining > 0))
    return taken
  }

  clear(): void {
    this.pending.length = 0
  }
}

function matches(filter: FaultFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method) return false
  if (filter.path === undefined) return true
  return typeof filter.path === "string" ? path.includes(filter.path) : filter.path.test(path)
}

/**
 * Idempotency records (§1): identity = key + secret key + method + path, the
 * body is not part of it. A replay gets the first answer without running
 * again; a request arriving while the first still runs gets 409.
 */
class IdempotencyRecords {
  private readonly records = new Map<string, { storedAt: number; answer: ApiAnswer | null }>()

  constructor(private readonly clock: SandboxClock) {}

  async run(identity: string, execute: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
    const existing = this.records.get(identity)
    if (existing && this.clock.now() - existing.storedAt < IDEMPOTENCY_RETENTION_MS) {
      if (existing.answer === null) throw new TossError("IDEMPOTENT_REQUEST_PROCESSING")
      return existing.answer
    }
    const record = { storedAt: this.clock.now(), answer: null as ApiAnswer | null }
    this.records.set(identity, record)
    const answer = await execute()
    if (nothingWasDone(answer)) {
      this.records.delete(identity)
    } else {
      record.answer = answer
    }
    return answer
  }
}

/**
 * (undocumented) Answers that say the request was not carried out are not
 * kept, so the retry with the same key that Toss recommends for them (§5)
 * can succeed: 5xx and FORBIDDEN_CONSECUTIVE_REQUEST.
 */
function nothingWasDone(answer: ApiAnswer): boolean {
  const code = (answer.body as { code?: string } | undefined)?.code
  return answer.status >= 500 || code === "FORBIDDEN_CONSECUTIVE_REQUEST"
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  return typeof value === "string" ? value : null
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error("Request body too large"))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

/** For the request log: JSON if possible, else the raw text, null when empty. */
function parseBody(raw: string): unknown {
  if (raw === "") return null
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/** For the API: a body that is not JSON is a bad request. */
function parseJson(raw: string): unknown {
  if (raw === "") return {}
  try {
    return JSON.parse(raw)
  } catch {
    throw new TossError("INVALID_REQUEST", {
      detail: { ko: "요청 본문이 올바른 JSON이 아닙니다.", en: "The request body is not valid JSON." },
    })
  }
}

/** The request log as served over HTTP: the Authorization header carries the secret key. */
function withoutSecrets(request: RecordedRequest): RecordedRequest {
  const { authorization, ...headers } = request.headers
  return { ...request, headers: authorization === undefined ? headers : { ...headers, authorization: "[redacted]" } }
}

/** A JSON answer; `undefined` is an empty body (DELETE /v1/billing/{billingKey}). */
function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers)
    res.end()
    return
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers })
  res.end(JSON.stringify(body))
}

function page(res: http.ServerResponse, result: PageResult): void {
  if ("redirect" in result) {
    // 303: the browser follows a form POST with a GET, like Toss's redirects.
    res.writeHead(303, { location: result.redirect })
    res.end()
    return
  }
  res.writeHead(result.status, { "content-type": "text/html; charset=utf-8" })
  res.end(result.html)
}
