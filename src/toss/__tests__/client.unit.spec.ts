import http from "http"
import { AddressInfo } from "net"
import { inspect } from "util"
import { TossClient } from "../client"
import { TossApiError } from "../errors"

const SECRET = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"

type Answer = { status: number; body?: unknown } | "hang"
interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: unknown
}

/** A scripted HTTP server: answers the queued responses in order and records every request. */
async function scriptedServer(answers: Answer[]) {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: raw ? JSON.parse(raw) : null })
      const answer = answers.shift() ?? { status: 200, body: { paymentKey: "pk", status: "DONE" } }
      if (answer === "hang") {
        return
      }
      res.writeHead(answer.status, { "Content-Type": "application/json" })
      res.end(JSON.stringify(answer.body ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    seen,
    client: (options = {}) => new TossClient({ secretKey: SECRET, apiBaseUrl: url, retryBaseDelayMs: 1, timeoutMs: 300, ...options }),
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

describe("TossClient", () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>
  afterEach(() => server.close())

  it("authenticates with Basic base64(secretKey + ':') and sends the Idempotency-Key on POST", async () => {
    server = await scriptedServer([])
    await server.client().confirm({ paymentKey: "pk", orderId: "order-1", amount: 15000 }, "confirm-order-1")

    const [request] = server.seen
    expect(request.method).toBe("POST")
    expect(request.url).toBe("/v1/payments/confirm")
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${SECRET}:`).toString("base64")}`)
    expect(request.headers["idempotency-key"]).toBe("confirm-order-1")
    expect(request.body).toEqual({ paymentKey: "pk", orderId: "order-1", amount: 15000 })
  })

  it("retries transient failures with the same Idempotency-Key until one succeeds", async () => {
    server = await scriptedServer([
      { status: 500, body: { code: "FAILED_INTERNAL_SYSTEM_PROCESSING", message: "잠시 후 다시 시도해주세요." } },
      { status: 409, body: { code: "IDEMPOTENT_REQUEST_PROCESSING", message: "처리 중" } },
      { status: 400, body: { code: "PROVIDER_ERROR", message: "일시적인 오류" } },
    ])
    const payment = await server.client().cancel("pk", { cancelReason: "test", cancelAmount: 1000 }, "refund-1")

    expect(payment.status).toBe("DONE")
    expect(server.seen).toHaveLength(4)
    expect(new Set(server.seen.map((request) => request.headers["idempotency-key"]))).toEqual(new Set(["refund-1"]))
  })

  it("does not retry a final refusal and surfaces Toss's code, message and status", async () => {
    server = await scriptedServer([{ status: 403, body: { code: "REJECT_CARD_PAYMENT", message: "한도초과 혹은 잔액부족으로 결제에 실패했습니다." } }])
    const error = await server.client().confirm({ paymentKey: "pk", orderId: "order-1", amount: 100 }, "k").catch((e) => e)

    expect(error).toBeInstanceOf(TossApiError)
    expect(error).toMatchObject({ code: "REJECT_CARD_PAYMENT", status: 403, message: "한도초과 혹은 잔액부족으로 결제에 실패했습니다." })
    expect(server.seen).toHaveLength(1)
  })

  it("gives up after maxRetries and reports the last failure", async () => {
    const busy = { status: 503, body: { code: "COMMON_ERROR", message: "busy" } }
    server = await scriptedServer([busy, busy, busy])
    const error = await server.client({ maxRetries: 2 }).getPayment("pk").catch((e) => e)

    expect(error).toMatchObject({ code: "COMMON_ERROR", status: 503 })
    expect(server.seen).toHaveLength(3)
  })

  it("turns a request that gets no answer into a TIMEOUT and retries it", async () => {
    server = await scriptedServer(["hang"])
    const payment = await server.client().confirm({ paymentKey: "pk", orderId: "order-1", amount: 100 }, "k")

    expect(payment.paymentKey).toBe("pk")
    expect(server.seen).toHaveLength(2)
  })

  it("waits at least a second before retrying FORBIDDEN_CONSECUTIVE_REQUEST", async () => {
    server = await scriptedServer([{ status: 403, body: { code: "FORBIDDEN_CONSECUTIVE_REQUEST", message: "반복적인 요청은 허용되지 않습니다." } }])
    const started = Date.now()
    await server.client().getPayment("pk")

    expect(server.seen).toHaveLength(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it("shares one request between concurrent lookups of the same payment", async () => {
    server = await scriptedServer([])
    const client = server.client()
    const results = await Promise.all([client.getPayment("pk"), client.getPayment("pk"), client.getPaymentByOrderId("order-1")])

    expect(results[0]).toEqual(results[1])
    expect(server.seen.map((request) => request.url)).toEqual(["/v1/payments/pk", "/v1/payments/orders/order-1"])
  })

  it("asks Toss again for a fresh lookup, whatever it remembers from less than a second ago (a cancel made elsewhere)", async () => {
    server = await scriptedServer([
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "DONE", balanceAmount: 1000 } },
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "CANCELED", balanceAmount: 0 } },
    ])
    const client = server.client()
    expect((await client.getPayment("pk")).status).toBe("DONE")
    expect((await client.getPayment("pk")).status).toBe("DONE")
    expect((await client.getPayment("pk", { fresh: true })).status).toBe("CANCELED")
    expect(server.seen).toHaveLength(2)
  })

  it("reuses an answer younger than a second, by paymentKey or orderId, until a cancel goes through this client", async () => {
    server = await scriptedServer([
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "DONE", balanceAmount: 1000 } },
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "PARTIAL_CANCELED", balanceAmount: 400 } },
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "PARTIAL_CANCELED", balanceAmount: 400 } },
    ])
    const client = server.client()

    const first = await client.getPayment("pk")
    const again = await client.getPaymentByOrderId("order-1")
    await client.cancel("pk", { cancelReason: "test", cancelAmount: 600 }, "refund-1")
    const afterCancel = await client.getPaymentByOrderId("order-1")

    expect(again).toEqual(first)
    expect(afterCancel.balanceAmount).toBe(400)
    expect(server.seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      "GET /v1/payments/pk",
      "POST /v1/payments/pk/cancel",
      "GET /v1/payments/orders/order-1",
    ])
  })

  it("takes the answer to a lookup under the payment's other id instead of retrying a refused one", async () => {
    server = await scriptedServer([
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "DONE" } },
      { status: 403, body: { code: "FORBIDDEN_CONSECUTIVE_REQUEST", message: "반복적인 요청은 허용되지 않습니다." } },
    ])
    const client = server.client()
    const [byKey, byOrder] = await Promise.all([client.getPayment("pk"), client.getPaymentByOrderId("order-1")])

    expect(byOrder).toEqual(byKey)
    expect(server.seen).toHaveLength(2)
  })

  it("asks Toss again once the answer is a second old", async () => {
    server = await scriptedServer([])
    const client = server.client()
    await client.getPayment("pk")
    await new Promise((resolve) => setTimeout(resolve, 1050))
    await client.getPayment("pk")

    expect(server.seen).toHaveLength(2)
  })

  it("never puts the secret key into an error", async () => {
    server = await scriptedServer([{ status: 401, body: { code: "UNAUTHORIZED_KEY", message: "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다." } }])
    const error = await server.client().getPayment("pk").catch((e) => e)
    const unreachable = await new TossClient({ secretKey: SECRET, apiBaseUrl: "http://127.0.0.1:1", maxRetries: 0 })
      .getPayment("pk")
      .catch((e) => e)

    for (const failure of [error, unreachable]) {
      expect(failure).toBeInstanceOf(TossApiError)
      const shown = `${inspect(failure, { depth: 10 })} ${JSON.stringify(failure)} ${failure.stack}`
      expect(shown).not.toContain(SECRET)
      expect(shown).not.toContain(Buffer.from(`${SECRET}:`).toString("base64"))
    }
    expect(unreachable.code).toBe("NETWORK_ERROR")
  })

  it("ends a confirm by its deadline, however many retries are left, and keeps the same key on each attempt", async () => {
    server = await scriptedServer(["hang", "hang", "hang", "hang", "hang"])
    const started = Date.now()

    const error = await server
      .client({ timeoutMs: 400, maxRetries: 10 })
      .confirm({ paymentKey: "pk", orderId: "order-1", amount: 1000 }, "confirm-order-1", { deadline: Date.now() + 1000 })
      .catch((caught) => caught)

    expect(error).toBeInstanceOf(TossApiError)
    expect(error.code).toBe("TIMEOUT")
    expect(Date.now() - started).toBeLessThan(1500)
    expect(server.seen.length).toBeGreaterThanOrEqual(2)
    expect(new Set(server.seen.map((request) => request.headers["idempotency-key"]))).toEqual(new Set(["confirm-order-1"]))
  })

  it("reads a page of Toss's transaction ledger with the window and the cursor", async () => {
    const rows = [{ transactionKey: "K1", paymentKey: "pk", orderId: "order-1", amount: 1000, status: "DONE", transactionAt: "2026-12-01T12:00:00+09:00" }]
    server = await scriptedServer([{ status: 200, body: rows }])

    const page = await server
      .client()
      .listTransactions({ startDate: "2026-12-01T00:00:00.000", endDate: "2026-12-01T23:59:59.999", startingAfter: "K0", limit: 1000 })

    expect(page).toEqual(rows)
    const url = new URL(server.seen[0].url, "http://toss")
    expect(url.pathname).toBe("/v1/transactions")
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startDate: "2026-12-01T00:00:00.000",
      endDate: "2026-12-01T23:59:59.999",
      startingAfter: "K0",
      limit: "1000",
    })
  })

  it("waits out Toss's one-second rule before cancelling a payment it has just looked up", async () => {
    server = await scriptedServer([{ status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "DONE" } }])
    const client = server.client()
    await client.getPayment("pk")
    const lookedUp = Date.now()

    await client.cancel("pk", { cancelReason: "x" }, "refund-1")

    expect(Date.now() - lookedUp).toBeGreaterThanOrEqual(950)
    expect(server.seen.map((request) => request.method)).toEqual(["GET", "POST"])
  })

  it("billing: issues a key, charges it with the same Idempotency-Key on a retry, deletes it, and never names the key in an error", async () => {
    const billingKey = "Z_t5vOvQxrj4499PeiJcjen28-V_Q-Gx0pz7Y5=="
    server = await scriptedServer([
      { status: 200, body: { customerKey: "ck-1", billingKey, method: "카드" } },
      { status: 500, body: { code: "FAILED_INTERNAL_SYSTEM_PROCESSING", message: "잠시 후 다시 시도해주세요." } },
      { status: 200, body: { paymentKey: "pk", orderId: "order-1", status: "DONE", type: "BILLING" } },
      { status: 200 },
      { status: 404, body: { code: "NOT_FOUND_BILLING", message: "존재하지 않는 빌링키입니다." } },
    ])
    const client = server.client()

    const billing = await client.issueBillingKey({ authKey: "bln-1", customerKey: "ck-1" }, "issue-bln-1")
    const payment = await client.chargeBilling(billingKey, { customerKey: "ck-1", orderId: "order-1", orderName: "정기배송", amount: 9900 }, "billing-order-1")
    await client.deleteBillingKey(billingKey)
    const gone = await client.deleteBillingKey(billingKey).catch((caught) => caught)

    expect(billing.billingKey).toBe(billingKey)
    expect(payment).toMatchObject({ paymentKey: "pk", type: "BILLING" })
    expect(server.seen.map((request) => `${request.method} ${request.url} ${request.headers["idempotency-key"] ?? "-"}`)).toEqual([
      "POST /v1/billing/authorizations/issue issue-bln-1",
      `POST /v1/billing/${encodeURIComponent(billingKey)} billing-order-1`,
      `POST /v1/billing/${encodeURIComponent(billingKey)} billing-order-1`,
      `DELETE /v1/billing/${encodeURIComponent(billingKey)} -`,
      `DELETE /v1/billing/${encodeURIComponent(billingKey)} -`,
    ])
    expect(server.seen[1].body).toEqual({ customerKey: "ck-1", orderId: "order-1", orderName: "정기배송", amount: 9900 })
    expect(gone).toMatchObject({ code: "NOT_FOUND_BILLING", status: 404 })
    const shown = `${inspect(gone, { depth: 10 })} ${JSON.stringify(gone)} ${gone.stack}`
    expect(shown).not.toContain(billingKey)
    expect(shown).not.toContain(encodeURIComponent(billingKey))
  })
})
