/**
 * The HTTP side of the PortOne sandbox: `Authorization: PortOne <secret>`,
 * a GET's body read from `?requestBody=`, `Idempotency-Key` on mutating
 * calls, `{type, message}` errors, faults and the request log.
 */
import http from "node:http"
import { AddressInfo } from "node:net"
import { PortOneSandboxError, PortOneStore } from "./store"
import type { PortOneWebhookSender } from "./webhooks"
import { bankPage, browserSdkScript, completeWindow, WindowAction, windowPage } from "./window"

export interface PortOneRecordedRequest {
  method: string
  /** Path without the query. */
  path: string
  query: Record<string, string>
  /** The parsed JSON body (or `?requestBody=` of a GET), null if none. */
  body: unknown
  idempotencyKey: string | null
  status?: number
  /** Set when the answer was a replay of a stored one. */
  replayed?: boolean
  /** Set when a fault lost the answer. */
  dropped?: "reset" | "hang"
}

interface FaultFilter {
  /** Default any. */
  method?: string
  /** A substring of the path, or a pattern; default any. */
  path?: string | RegExp
  /** How many matching requests; default 1. */
  times?: number
}
/** Answer with this PortOne error, doing nothing. */
export interface PortOneFailFault extends FaultFilter {
  status: number
  type: string
  message?: string
}
/** Wait before processing. */
export interface PortOneDelayFault extends FaultFilter {
  ms: number
}
/** Process the request, then lose the answer: "reset" destroys the socket, "hang" never answers. */
export interface PortOneDropFault extends FaultFilter {
  mode: "reset" | "hang"
}
type Fault = ({ kind: "fail" } & PortOneFailFault) | ({ kind: "delay" } & PortOneDelayFault) | ({ kind: "drop" } & PortOneDropFault)

interface Answer {
  status: number
  body: unknown
}

/** An Idempotency-Key as RFC 8941 string: 16–256 characters in double quotes. */
const KEY_HEADER = /^"([\x20\x21\x23-\x5b\x5d-\x7e]{16,256})"$/

export class PortOneSandboxServer {
  readonly requests: PortOneRecordedRequest[] = []
  private readonly faults: Array<{ fault: Fault; remaining: number }> = []
  /** By key: the request it was first used for, and its answer once there is one. */
  private readonly idempotent = new Map<string, { fingerprint: string; answer?: Answer }>()
  private readonly server = http.createServer((req, res) => {
    this.handle(req, res).catch((error) => {
      if (!res.headersSent) json(res, 500, { type: "INTERNAL", message: String(error) })
    })
  })

  constructor(
    private readonly store: PortOneStore,
    private readonly apiSecrets: readonly string[],
    private readonly webhooks: PortOneWebhookSender
  ) {}

  private origin = ""

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve))
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`
    return this.origin
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()))
      this.server.closeAllConnections()
    })
  }

  addFault(fault: Fault): void {
    if (!["fail", "delay", "drop"].includes(fault.kind)) throw new Error(`Unknown fault kind "${fault.kind}".`)
    this.faults.push({ fault, remaining: fault.times ?? 1 })
  }

  reset(): void {
    this.requests.length = 0
    this.faults.length = 0
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const url = new URL(req.url ?? "/", "http://sandbox")
    const method = req.method ?? "GET"
    if (this.browser(method, url, raw, res)) return
    if (url.pathname.startsWith("/sandbox/")) return this.control(method, url.pathname, raw, res)
    const entry: PortOneRecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: null,
      idempotencyKey: header(req, "idempotency-key"),
    }
    this.requests.push(entry)
    const taken = this.takeFaults(method, url.pathname)
    const delay = () => (taken.delay ? new Promise((resolve) => setTimeout(resolve, taken.delay!.ms)) : Promise.resolve())
    const answer = taken.fail
      ? { status: taken.fail.status, body: { type: taken.fail.type, message: taken.fail.message ?? "sandbox fault" } }
      : await this.answer(req, method, url, raw, entry, delay)
    entry.status = answer.status
    if (taken.drop) {
      entry.dropped = taken.drop.mode
      if (taken.drop.mode === "reset") req.socket.destroy()
      return
    }
    json(res, answer.status, answer.body)
  }

  /** `delay` runs after the Idempotency-Key is taken, so a second request under it meanwhile meets the first still running. */
  private async answer(
    req: http.IncomingMessage,
    method: string,
    url: URL,
    raw: string,
    entry: PortOneRecordedRequest,
    delay: () => Promise<unknown>
  ): Promise<Answer> {
    try {
      const authorization = header(req, "authorization") ?? ""
      const secret = authorization.startsWith("PortOne ") ? authorization.slice("PortOne ".length) : null
      if (!secret || !this.apiSecrets.includes(secret)) {
        throw new PortOneSandboxError(401, "UNAUTHORIZED", "인증 정보가 올바르지 않습니다.")
      }
      // The SDK sends POST bodies without a Content-Type: read JSON whatever the header says.
      const body = method === "GET" ? parseJson(url.searchParams.get("requestBody") ?? "") : parseJson(raw)
      entry.body = body
      const keyHeader = entry.idempotencyKey
      if (method === "GET" || keyHeader === null) {
        await delay()
        return this.route(method, url, body)
      }
      const key = KEY_HEADER.exec(keyHeader)?.[1]
      if (!key) throw new PortOneSandboxError(400, "INVALID_REQUEST", "Idempotency-Key는 따옴표로 감싼 16~256자 ASCII 문자열이어야 합니다.")
      const fingerprint = `${method} ${url.pathname}${url.search} ${JSON.stringify(body)}`
      const known = this.idempotent.get(key)
      if (known) {
        // (undocumented) a key reused for another request: refused rather than replayed.
        if (known.fingerprint !== fingerprint) throw new PortOneSandboxError(400, "INVALID_REQUEST", "Idempotency-Key가 다른 요청에 이미 사용되었습니다.")
        if (!known.answer) throw new PortOneSandboxError(409, "IDEMPOTENCY_OUTSTANDING_REQUEST", "같은 Idempotency-Key의 요청이 아직 처리 중입니다.")
        entry.replayed = true
        return known.answer
      }
      const record: { fingerprint: string; answer?: Answer } = { fingerprint }
      this.idempotent.set(key, record)
      await delay()
      try {
        record.answer = this.route(method, url, body)
      } catch (error) {
        if (!(error instanceof PortOneSandboxError)) {
          this.idempotent.delete(key)
          throw error
        }
        record.answer = refusal(error)
      }
      return record.answer
    } catch (error) {
      if (error instanceof PortOneSandboxError) return refusal(error)
      throw error
    }
  }

  /** Refusals are answers too: a replay of a refused request is refused again. */
  private route(method: string, url: URL, body: any): Answer {
    const store = this.store
    const path = url.pathname
    const ok = (value: unknown): Answer => ({ status: 200, body: value })
    let match: RegExpExecArray | null
    if ((match = /^\/payments\/([^/]+)$/.exec(path)) && method === "GET") return ok(store.require(decodeURIComponent(match[1])))
    if ((match = /^\/payments\/([^/]+)\/(pre-register|confirm|cancel|billing-key|virtual-account\/close|escrow\/logistics|escrow\/complete|cash-receipt\/cancel)$/.exec(path))) {
      const paymentId = decodeURIComponent(match[1])
      switch (`${method} ${match[2]}`) {
        case "POST pre-register":
          return ok(store.preRegister(paymentId, body ?? {}))
        case "POST confirm":
          return ok(store.confirm(paymentId, body ?? {}))
        case "POST cancel":
          return ok(store.cancel(paymentId, body ?? {}))
        case "POST billing-key":
          return ok(store.payWithBillingKey(paymentId, body ?? {}))
        case "POST virtual-account/close":
          return ok(store.closeVirtualAccount(paymentId))
        case "POST escrow/logistics":
          return ok(store.escrowLogistics(paymentId, body ?? {}, false))
        case "PATCH escrow/logistics":
          return ok(store.escrowLogistics(paymentId, body ?? {}, true))
        case "POST escrow/complete":
          return ok(store.confirmEscrow(paymentId))
        case "POST cash-receipt/cancel":
          return ok(store.cancelCashReceipt(paymentId))
      }
    }
    if ((match = /^\/billing-keys\/([^/]+)$/.exec(path)) && method === "GET") return ok(store.getBillingKey(decodeURIComponent(match[1])))
    if ((match = /^\/billing-keys\/([^/]+)$/.exec(path)) && method === "DELETE") return ok(store.deleteBillingKey(decodeURIComponent(match[1])))
    if (path === "/payment-events-by-cursor" && method === "GET") return ok(store.paymentEvents(body ?? {}))
    if (path === "/cash-receipts" && method === "POST") return ok(store.issueCashReceipt(body ?? {}))
    throw new PortOneSandboxError(404, "NOT_FOUND", `The sandbox does not model ${method} ${path}.`)
  }

  /** The browser's side (SDK script, window): no API secret, not in the request log. */
  private browser(method: string, url: URL, raw: string, res: http.ServerResponse): boolean {
    const route = `${method} ${url.pathname}`
    if (route === "GET /v2/browser-sdk.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "access-control-allow-origin": "*" })
      res.end(browserSdkScript(this.origin, this.store.storeId, this.store.channels))
      return true
    }
    if (route === "GET /window") {
      let request: Record<string, unknown> = {}
      try {
        request = JSON.parse(url.searchParams.get("request") ?? "{}")
      } catch {
        // shown as an empty order; pressing a button answers InvalidArgument
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      res.end(windowPage(this.origin, request))
      return true
    }
    if (route === "POST /window/result") {
      try {
        const action = parseJson(raw) as WindowAction | null
        if (!action || !["pay", "decline", "close"].includes(action.action) || typeof action.request !== "object" || action.request === null) {
          throw new PortOneSandboxError(400, "INVALID_REQUEST", "{request, action: pay | decline | close}")
        }
        json(res, 200, completeWindow(this.store, action))
      } catch (error) {
        if (!(error instanceof PortOneSandboxError)) throw error
        json(res, error.status, refusal(error).body)
      }
      return true
    }
    return false
  }

  /**
   * Test controls over HTTP, for a demo or a browser test in another
   * process: what the in-process API of index.ts offers. No secret needed,
   * as the sandbox is never reachable from outside the machine.
   */
  private control(method: string, path: string, raw: string, res: http.ServerResponse): void {
    const store = this.store
    const route = `${method} ${path.replace(/^(\/sandbox\/payments\/)[^/]+/, "$1:id")}`
    const id = decodeURIComponent(/^\/sandbox\/payments\/([^/]+)/.exec(path)?.[1] ?? "")
    try {
      const input = (method === "POST" ? parseJson(raw) ?? {} : {}) as Record<string, any>
      switch (route) {
        case "GET /sandbox/bank":
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
          res.end(bankPage(this.origin, store.all()))
          return
        case "GET /sandbox/requests":
          return json(res, 200, this.requests)
        case "GET /sandbox/webhooks":
          return json(res, 200, this.webhooks.deliveries)
        case "POST /sandbox/webhook-url":
          this.webhooks.setUrl(typeof input.url === "string" ? input.url : null)
          return json(res, 200, { url: input.url ?? null })
        case "POST /sandbox/faults":
          // {kind: "fail" | "delay" | "drop", …}; `path` is a substring here
          this.addFault(input as Fault)
          return json(res, 200, { ok: true })
        case "POST /sandbox/reset":
          this.reset()
          return json(res, 200, { ok: true })
        case "POST /sandbox/pay":
          return json(res, 200, store.pay(input as never))
        case "POST /sandbox/billing-keys":
          return json(res, 200, { billingKey: store.issueBillingKey(input as never) })
        case "GET /sandbox/payments":
          return json(res, 200, store.all())
        case "POST /sandbox/payments/:id/deposit":
          return json(res, 200, store.deposit(id))
        case "POST /sandbox/payments/:id/console-cancel":
          store.cancel(id, input, "CONSOLE")
          return json(res, 200, store.require(id))
        default:
          return json(res, 404, { type: "NOT_FOUND", message: `No sandbox control ${method} ${path}.` })
      }
    } catch (error) {
      if (error instanceof PortOneSandboxError) return json(res, error.status, refusal(error).body)
      // A misused control (an unknown fault kind, a deposit into a paid payment…)
      return json(res, 400, { type: "INVALID_REQUEST", message: error instanceof Error ? error.message : String(error) })
    }
  }

  private takeFaults(method: string, path: string): { fail?: PortOneFailFault; delay?: PortOneDelayFault; drop?: PortOneDropFault } {
    const taken: Record<string, Fault> = {}
    for (const pending of this.faults) {
      const { fault } = pending
      if (taken[fault.kind] || pending.remaining <= 0) continue
      if (fault.method && fault.method.toUpperCase() !== method) continue
      if (fault.path && !(typeof fault.path === "string" ? path.includes(fault.path) : fault.path.test(path))) continue
      taken[fault.kind] = fault
      pending.remaining -= 1
    }
    for (let i = this.faults.length - 1; i >= 0; i--) if (this.faults[i].remaining <= 0) this.faults.splice(i, 1)
    return taken as { fail?: PortOneFailFault; delay?: PortOneDelayFault; drop?: PortOneDropFault }
  }
}

function refusal(error: PortOneSandboxError): Answer {
  return { status: error.status, body: { type: error.type, message: error.message, ...error.pg } }
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  return typeof value === "string" ? value : null
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let raw = ""
    req.setEncoding("utf8")
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => resolve(raw))
    req.on("error", reject)
  })
}

function parseJson(raw: string): unknown {
  if (raw === "") return null
  try {
    return JSON.parse(raw)
  } catch {
    throw new PortOneSandboxError(400, "INVALID_REQUEST", "요청 본문이 올바른 JSON이 아닙니다.")
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" })
  res.end(JSON.stringify(body))
}
