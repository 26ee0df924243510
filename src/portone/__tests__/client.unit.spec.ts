import http from "http"
import { AddressInfo } from "net"
import { inspect } from "util"
import { PortOneClient } from "../client"
import { PortOneApiError } from "../errors"
import { idempotencyKey } from "../idempotency-key"

const SECRET = "portone-v2-api-secret-for-tests-0123456789"
const KEY = "refund:payses_01JTEST:1"

type Answer = { status: number; body?: unknown; raw?: string } | "hang"
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
      const answer = answers.shift() ?? { status: 200, body: { id: "pay-1", status: "PAID" } }
      if (answer === "hang") {
        return
      }
      res.writeHead(answer.status, { "Content-Type": "application/json" })
      res.end(answer.raw ?? JSON.stringify(answer.body ?? {}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    seen,
    client: (options = {}) => new PortOneClient({ apiSecret: SECRET, apiBaseUrl: url, retryBaseDelayMs: 1, timeoutMs: 300, ...options }),
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

describe("PortOneClient", () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>
  afterEach(() => server.close())

  it("authenticates with 'PortOne <secret>' and sends the Idempotency-Key quoted on a cancel", async () => {
    server = await scriptedServer([{ status: 200, body: { cancellation: { status: "SUCCEEDED", id: "c1", totalAmount: 1000 } } }])
    const answer = await server
      .client()
      .cancelPayment("payses_01/A", { reason: "환불", amount: 1000, taxFreeAmount: 200, currentCancellableAmount: 15000 }, KEY)

    const [request] = server.seen
    expect(answer.cancellation.status).toBe("SUCCEEDED")
    expect(`${request.method} ${request.url}`).toBe("POST /payments/payses_01%2FA/cancel")
    expect(request.headers.authorization).toBe(`PortOne ${SECRET}`)
    expect(request.headers["idempotency-key"]).toBe(`"${KEY}"`)
    expect(request.body).toEqual({ reason: "환불", amount: 1000, taxFreeAmount: 200, currentCancellableAmount: 15000 })
  })

  it("sends the refund account of a virtual account's cancel and the store id of a sub-store", async () => {
    server = await scriptedServer([{ status: 200, body: { cancellation: { status: "REQUESTED" } } }])
    const refundAccount = { bank: "KOOKMIN" as const, number: "12345678901234", holderName: "홍길동" }
    await server.client({ storeId: "store-sub" }).cancelPayment("p1", { reason: "환불", refundAccount }, KEY)

    expect(server.seen[0].body).toEqual({ reason: "환불", refundAccount, storeId: "store-sub" })
  })

  it("retries transient failures with the same Idempotency-Key until one succeeds", async () => {
    server = await scriptedServer([
      { status: 500, body: { type: "INTERNAL", message: "잠시 후 다시 시도해주세요." } },
      { status: 409, body: { type: "IDEMPOTENCY_OUTSTANDING_REQUEST", message: "처리 중" } },
      { status: 503, raw: "<html>Service Unavailable</html>" },
    ])
    const answer = await server.client().payWithBillingKey(
      "sub-1",
      { billingKey: "billing-key-secret", orderName: "월간 이용권", amount: { total: 8900 }, currency: "KRW" },
      KEY
    )

    expect(answer).toEqual({ id: "pay-1", status: "PAID" })
    expect(server.seen).toHaveLength(4)
    expect(new Set(server.seen.map((request) => request.headers["idempotency-key"]))).toEqual(new Set([`"${KEY}"`]))
  })

  it("does not retry a refusal and reports PortOne's type, message, status and the PG's code", async () => {
    server = await scriptedServer([
      { status: 502, body: { type: "PG_PROVIDER", message: "PG사 오류", pgCode: "RC01", pgMessage: "잔액 부족" } },
    ])
    const error = await server
      .client()
      .payWithBillingKey("sub-1", { billingKey: "billing-key-secret", orderName: "x", amount: { total: 100 }, currency: "KRW" }, KEY)
      .catch((e) => e)

    expect(error).toBeInstanceOf(PortOneApiError)
    expect(error).toMatchObject({ type: "PG_PROVIDER", status: 502, message: "PG사 오류", pg: { pgCode: "RC01", pgMessage: "잔액 부족" } })
    expect(server.seen).toHaveLength(1)
  })

  it("never puts the secret or a billing key into an error", async () => {
    server = await scriptedServer([{ status: 404, body: { type: "BILLING_KEY_NOT_FOUND" } }])
    const error = await server.client({ maxRetries: 0 }).deleteBillingKey("billing-key-secret", { reason: "해지" }, KEY).catch((e) => e)

    expect(error).toMatchObject({ type: "BILLING_KEY_NOT_FOUND", status: 404 })
    expect(server.seen[0].url).toBe("/billing-keys/billing-key-secret?reason=%ED%95%B4%EC%A7%80")
    expect(server.seen[0].method).toBe("DELETE")
    for (const text of [inspect(error, { depth: 10 }), JSON.stringify(error), error.stack]) {
      expect(text).not.toContain(SECRET)
      expect(text).not.toContain("billing-key-secret")
    }
  })

  it("gives up after maxRetries and reports the last failure", async () => {
    const busy = { status: 503, body: { type: "UNAVAILABLE", message: "busy" } }
    server = await scriptedServer([busy, busy, busy])
    const error = await server.client({ maxRetries: 2 }).getPayment("p1").catch((e) => e)

    expect(error).toMatchObject({ type: "UNAVAILABLE", status: 503 })
    expect(server.seen).toHaveLength(3)
  })

  it("turns a request that gets no answer into a retry with the same key", async () => {
    server = await scriptedServer(["hang"])
    await server.client().closeVirtualAccount("va-1", KEY)

    expect(server.seen.map((request) => `${request.method} ${request.url} ${request.headers["idempotency-key"]}`)).toEqual([
      `POST /payments/va-1/virtual-account/close "${KEY}"`,
      `POST /payments/va-1/virtual-account/close "${KEY}"`,
    ])
  })

  it("starts no retry that could not end before the deadline, and says TIMEOUT", async () => {
    server = await scriptedServer(["hang", "hang", "hang"])
    const started = Date.now()
    const error = await server.client({ timeoutMs: 10_000 }).getPayment("p1", { deadline: Date.now() + 700 }).catch((e) => e)

    expect(error).toMatchObject({ type: "TIMEOUT", status: 0 })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(server.seen).toHaveLength(1)
  })

  it("finds no payment as null, and other refusals as errors", async () => {
    server = await scriptedServer([
      { status: 404, body: { type: "PAYMENT_NOT_FOUND", message: "결제 건이 존재하지 않습니다." } },
      { status: 401, body: { type: "UNAUTHORIZED", message: "인증 정보가 올바르지 않습니다." } },
    ])
    const client = server.client()

    expect(await client.findPayment("missing")).toBeNull()
    await expect(client.findPayment("p1")).rejects.toMatchObject({ type: "UNAUTHORIZED", status: 401 })
  })

  it("asks for payment events with the query as ?requestBody=<JSON>, as PortOne takes a GET's body", async () => {
    server = await scriptedServer([{ status: 200, body: { items: [] } }])
    await server.client({ storeId: "store-1" }).listPaymentEvents({ from: "2026-12-01T00:00:00Z", cursor: "c-9", size: 100 })

    const url = new URL(server.seen[0].url, "http://x")
    expect(url.pathname).toBe("/payment-events-by-cursor")
    expect(JSON.parse(url.searchParams.get("requestBody")!)).toEqual({ from: "2026-12-01T00:00:00Z", cursor: "c-9", size: 100, storeId: "store-1" })
    expect(server.seen[0].headers["idempotency-key"]).toBeUndefined()
  })

  it("sends every mutating call to PortOne's path with its key", async () => {
    server = await scriptedServer([])
    const client = server.client()
    const logistics = { company: "CJ" as const, invoiceNumber: "123", sentAt: "2026-12-07T10:00:00+09:00" }
    await client.preRegisterPayment("p1", { totalAmount: 15000, taxFreeAmount: 0, currency: "KRW" }, idempotencyKey("pre-register", "p1", 15000))
    await client.confirmPayment("p1", { paymentToken: "token", totalAmount: 15000, currency: "KRW" }, KEY)
    await client.applyEscrowLogistics("p1", { logistics }, KEY)
    await client.modifyEscrowLogistics("p1", { logistics }, KEY)
    await client.confirmEscrow("p1", { fromStore: true }, KEY)
    await client.issueCashReceipt(
      { paymentId: "p1", channelKey: "channel-key-1", type: "PERSONAL", orderName: "x", currency: "KRW", amount: { total: 1000 }, customer: { identityNumber: "01000000000" } },
      KEY
    )
    await client.cancelCashReceipt("p1", KEY)

    expect(server.seen.map((r) => `${r.method} ${r.url} ${r.headers["idempotency-key"] !== undefined}`)).toEqual([
      "POST /payments/p1/pre-register true",
      "POST /payments/p1/confirm true",
      "POST /payments/p1/escrow/logistics true",
      "PATCH /payments/p1/escrow/logistics true",
      "POST /payments/p1/escrow/complete true",
      "POST /cash-receipts true",
      "POST /payments/p1/cash-receipt/cancel true",
    ])
    expect(server.seen[0].headers["idempotency-key"]).toBe('"pre-register:p1:15000"')
  })

  it("refuses to send a key PortOne would refuse", async () => {
    server = await scriptedServer([])
    await expect(server.client().closeVirtualAccount("p1", "short")).rejects.toThrow(/16 to 256/)
    expect(server.seen).toHaveLength(0)
  })
})

describe("idempotencyKey", () => {
  it("joins the parts when they make a valid key, and hashes them stably when not", () => {
    expect(idempotencyKey("refund", "payses_01JABC", 2)).toBe("refund:payses_01JABC:2")
    const short = idempotencyKey("va", 1)
    expect(short).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(idempotencyKey("va", 1)).toBe(short)
    expect(idempotencyKey("환불", "payses_01JABCDEFG")).toMatch(/^sha256:/)
    expect(idempotencyKey("x".repeat(300))).toMatch(/^sha256:/)
    expect(idempotencyKey('quote"inside-the-key')).toMatch(/^sha256:/)
  })
})
