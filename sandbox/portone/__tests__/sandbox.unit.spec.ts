import http from "node:http"
import { AddressInfo } from "node:net"
import { PortOneClient } from "../../../src/portone/client"
import { idempotencyKey } from "../../../src/portone/idempotency-key"
import { verifyPortOneWebhook } from "../../../src/portone/webhook"
import { PORTONE_TEST_API_SECRET, PortOneSandbox, PortOneSandboxOptions, startPortOneSandbox } from ".."

const REFUND_ACCOUNT = { bank: "KOOKMIN" as const, number: "12345678901234", holderName: "홍길동" }
let counter = 0
const newPaymentId = () => `payses_${Date.now()}_${++counter}`

/** A bare client: what goes over the wire is what the test sees. */
function api(sandbox: PortOneSandbox, secret = PORTONE_TEST_API_SECRET) {
  return async (method: string, path: string, { body, key }: { body?: unknown; key?: string } = {}) => {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: { authorization: `PortOne ${secret}`, "content-type": "application/json", ...(key && { "idempotency-key": key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: response.status, body: await response.json() }
  }
}

/** Records the webhooks it receives, answering the queued statuses (200 when none is left). */
async function startReceiver(statuses: number[] = []) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = []
  const server = http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/payment/portone`,
    received,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

describe("PortOne sandbox", () => {
  let portone: PortOneSandbox
  let client: PortOneClient

  async function start(options: PortOneSandboxOptions = {}) {
    await portone?.close()
    portone = await startPortOneSandbox({ webhooks: false, ...options })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000 })
  }
  beforeEach(() => start())
  afterAll(() => portone.close())

  function paid(totalAmount = 15000, taxFreeAmount = 0) {
    const paymentId = newPaymentId()
    expect(portone.pay({ paymentId, totalAmount, taxFreeAmount }).code).toBeUndefined()
    return paymentId
  }

  describe("payments", () => {
    it("answers the official SDK's getPayment with a PAID payment of the amount the window took", async () => {
      const { PaymentClient } = require("@portone/server-sdk")
      const paymentId = paid(15000, 3000)
      const payment = await PaymentClient({ secret: PORTONE_TEST_API_SECRET, baseUrl: portone.url }).getPayment({ paymentId })

      expect(payment).toMatchObject({
        status: "PAID",
        id: paymentId,
        currency: "KRW",
        amount: { total: 15000, taxFree: 3000, paid: 15000, cancelled: 0, cancelledTaxFree: 0 },
        channel: { type: "TEST", pgProvider: "TOSSPAY_V2" },
        method: { type: "PaymentMethodEasyPay" },
      })
    })

    it("refuses a wrong secret and an unknown payment in PortOne's words", async () => {
      expect(await api(portone, "wrong-secret")("GET", "/payments/x")).toMatchObject({ status: 401, body: { type: "UNAUTHORIZED" } })
      await expect(client.getPayment("nobody")).rejects.toMatchObject({ type: "PAYMENT_NOT_FOUND", status: 404 })
    })

    it("refuses a window whose amount, tax-free share or currency differs from the pre-registered one", async () => {
      const paymentId = newPaymentId()
      await client.preRegisterPayment(paymentId, { totalAmount: 15000, taxFreeAmount: 0, currency: "KRW" }, idempotencyKey("pre-register", paymentId))

      expect(portone.pay({ paymentId, totalAmount: 100 }).code).toBe("AmountNotEqualToPredefined")
      expect(portone.pay({ paymentId, totalAmount: 15000, taxFreeAmount: 500 }).code).toBe("AmountNotEqualToPredefined")
      expect(portone.getPayment(paymentId)).toBeUndefined()
      expect(portone.pay({ paymentId, totalAmount: 15000 }).code).toBeUndefined()
      expect(portone.pay({ paymentId, totalAmount: 15000 }).code).toBe("PaymentAlreadyPaid")
      await expect(
        client.preRegisterPayment(paymentId, { totalAmount: 1 }, idempotencyKey("pre-register-again", paymentId))
      ).rejects.toMatchObject({ type: "ALREADY_PAID", status: 409 })
    })

    it("approves a manual-confirm channel's payment only on a confirm whose checks match", async () => {
      const manual = portone.channels.find((channel) => channel.manualConfirm)!.key
      const paymentId = newPaymentId()
      const window = portone.pay({ paymentId, totalAmount: 15000, channelKey: manual })
      const confirm = (body: object, n: number) =>
        client.confirmPayment(paymentId, { paymentToken: window.paymentToken!, ...body }, idempotencyKey("confirm", paymentId, n)).catch((e) => e.type)

      expect(await client.getPayment(paymentId)).toMatchObject({ status: "READY" })
      expect(await confirm({ paymentToken: "forged-token" }, 1)).toBe("INVALID_PAYMENT_TOKEN")
      expect(await confirm({ totalAmount: 100, currency: "KRW" }, 2)).toBe("INFORMATION_MISMATCH")
      expect(await confirm({ totalAmount: 15000, currency: "KRW", isTest: false }, 3)).toBe("INFORMATION_MISMATCH")
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "READY" })

      expect(await confirm({ totalAmount: 15000, currency: "KRW", taxFreeAmount: 0, isTest: true, txId: window.txId }, 4)).toHaveProperty("pgTxId")
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "PAID", amount: { paid: 15000 } })
      expect(await confirm({ totalAmount: 15000 }, 5)).toBe("ALREADY_PAID")
    })

    it("refuses a currency the channel does not take, and records a declined payment as FAILED", async () => {
      expect(portone.pay({ paymentId: newPaymentId(), totalAmount: 10, currency: "USD" }).code).toBe("InvalidArgument")
      const paymentId = newPaymentId()
      const result = portone.pay({ paymentId, totalAmount: 15000, outcome: "FAILED" })

      expect(result).toMatchObject({ code: "PGProviderError", pgCode: "LIMIT_EXCEEDED" })
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "FAILED", failure: { pgCode: "LIMIT_EXCEEDED" } })
    })
  })

  describe("cancels", () => {
    it("cancels part and then the rest, keeping the balance and the tax-free share", async () => {
      const paymentId = paid(15000, 3000)
      await client.cancelPayment(paymentId, { reason: "부분 환불", amount: 5000, taxFreeAmount: 1000, currentCancellableAmount: 15000 }, idempotencyKey("refund", paymentId, 1))
      const partial = await client.getPayment(paymentId)
      await client.cancelPayment(paymentId, { reason: "전액 환불", currentCancellableAmount: 10000 }, idempotencyKey("refund", paymentId, 2))
      const cancelled = await client.getPayment(paymentId)

      expect(partial).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { cancelled: 5000, cancelledTaxFree: 1000 } })
      expect(cancelled).toMatchObject({ status: "CANCELLED", amount: { cancelled: 15000, cancelledTaxFree: 3000 } })
      expect((cancelled as { cancellations: unknown[] }).cancellations).toHaveLength(2)
    })

    it("takes the official SDK's cancel, which sends its JSON body without a Content-Type", async () => {
      const { PaymentClient } = require("@portone/server-sdk")
      const paymentId = paid(15000, 3000)
      const { cancellation } = await PaymentClient({ secret: PORTONE_TEST_API_SECRET, baseUrl: portone.url }).cancelPayment({
        paymentId,
        reason: "환불",
        amount: 5000,
        taxFreeAmount: 1000,
        currentCancellableAmount: 15000,
      })

      expect(cancellation).toMatchObject({ status: "SUCCEEDED", totalAmount: 5000, taxFreeAmount: 1000 })
      expect(portone.requestsTo("POST", "/cancel")[0]).toMatchObject({ idempotencyKey: null, body: { reason: "환불", amount: 5000 } })
    })

    it("refuses what PortOne refuses, and changes nothing", async () => {
      const paymentId = paid(15000, 3000)
      const cancel = (body: object, n: number) => client.cancelPayment(paymentId, { reason: "환불", ...body }, idempotencyKey("refund", paymentId, n)).catch((e) => e.type)

      expect(await cancel({ amount: 15001 }, 1)).toBe("CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT")
      expect(await cancel({ amount: 1000, currentCancellableAmount: 14000 }, 2)).toBe("CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN")
      expect(await cancel({ amount: 5000, taxFreeAmount: 3001 }, 3)).toBe("CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT")
      expect(await cancel({ amount: 1000, taxFreeAmount: 2000 }, 4)).toBe("SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT")
      expect(await cancel({ amount: -5 }, 5)).toBe("INVALID_REQUEST")
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "PAID", amount: { cancelled: 0 } })
    })

    it("replays a cancel whose answer was lost instead of refunding twice", async () => {
      const paymentId = paid()
      portone.dropNextResponse({ mode: "reset", path: "/cancel" })
      const key = idempotencyKey("refund", paymentId, 1)
      const answer = await client.cancelPayment(paymentId, { reason: "환불", amount: 4000, currentCancellableAmount: 15000 }, key)

      expect(answer.cancellation).toMatchObject({ status: "SUCCEEDED", totalAmount: 4000 })
      expect(portone.requestsTo("POST", "/cancel").map((r) => [r.dropped, r.replayed])).toEqual([["reset", undefined], [undefined, true]])
      expect(await client.getPayment(paymentId)).toMatchObject({ amount: { cancelled: 4000 } })
    })

    it("answers 409 IDEMPOTENCY_OUTSTANDING_REQUEST while the first request under a key runs, and refuses a key reused for another request", async () => {
      const paymentId = paid()
      const call = api(portone)
      portone.delayNext({ ms: 300, path: "/cancel" })
      const key = `"${idempotencyKey("refund", paymentId, 1)}"`
      const first = call("POST", `/payments/${paymentId}/cancel`, { body: { reason: "환불", amount: 1000 }, key })
      await new Promise((resolve) => setTimeout(resolve, 100))
      const second = await call("POST", `/payments/${paymentId}/cancel`, { body: { reason: "환불", amount: 1000 }, key })
      const other = await call("POST", `/payments/${paymentId}/cancel`, { body: { reason: "환불", amount: 2000 }, key })

      expect(second).toMatchObject({ status: 409, body: { type: "IDEMPOTENCY_OUTSTANDING_REQUEST" } })
      expect((await first).status).toBe(200)
      expect(other).toMatchObject({ status: 400, body: { type: "INVALID_REQUEST" } })
      expect(await call("POST", `/payments/${paymentId}/cancel`, { body: { reason: "x" }, key: "unquoted-key-1234567890" })).toMatchObject({ status: 400 })
      expect(await client.getPayment(paymentId)).toMatchObject({ amount: { cancelled: 1000 } })
    })

    it("retries a 5xx with the same key, and the cancel happens once", async () => {
      const paymentId = paid()
      portone.failNext({ status: 503, type: "UNAVAILABLE", path: "/cancel", times: 2 })
      await client.cancelPayment(paymentId, { reason: "환불", amount: 1000 }, idempotencyKey("refund", paymentId, 1))

      expect(portone.requestsTo("POST", "/cancel").map((r) => r.status)).toEqual([503, 503, 200])
      expect(await client.getPayment(paymentId)).toMatchObject({ amount: { cancelled: 1000 } })
    })
  })

  describe("virtual accounts", () => {
    it("waits for the deposit, refunds it only to a refund account, and closes an unpaid one", async () => {
      const paymentId = newPaymentId()
      portone.pay({ paymentId, totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT" })
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "VIRTUAL_ACCOUNT_ISSUED", method: { type: "PaymentMethodVirtualAccount" } })
      await expect(client.cancelPayment(paymentId, { reason: "x" }, idempotencyKey("refund", paymentId, 0))).rejects.toMatchObject({ type: "PAYMENT_NOT_PAID" })

      portone.deposit(paymentId)
      await expect(client.cancelPayment(paymentId, { reason: "환불" }, idempotencyKey("refund", paymentId, 1))).rejects.toMatchObject({ type: "INVALID_REQUEST" })
      await client.cancelPayment(paymentId, { reason: "환불", refundAccount: REFUND_ACCOUNT }, idempotencyKey("refund", paymentId, 2))
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "CANCELLED" })
      await expect(client.closeVirtualAccount(paymentId, idempotencyKey("close", paymentId))).rejects.toMatchObject({ type: "PAYMENT_NOT_WAITING_FOR_DEPOSIT", status: 409 })

      const unpaid = newPaymentId()
      portone.pay({ paymentId: unpaid, totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT" })
      expect(await client.closeVirtualAccount(unpaid, idempotencyKey("close", unpaid))).toHaveProperty("closedAt")
      expect(() => portone.deposit(unpaid)).toThrow(/not waiting/)
    })
  })

  describe("billing keys", () => {
    it("charges a billing key, refuses a paid paymentId again, and refuses a deleted key", async () => {
      const billingKey = portone.issueBillingKey({ customerId: "cus_1" })
      const body = { billingKey, orderName: "월간 이용권", amount: { total: 8900 }, currency: "KRW" as const }
      const paymentId = newPaymentId()
      const answer = await client.payWithBillingKey(paymentId, body, idempotencyKey("charge", paymentId))

      expect(answer.payment).toHaveProperty("pgTxId")
      expect(await client.getPayment(paymentId)).toMatchObject({ status: "PAID", billingKey, amount: { total: 8900 } })
      await expect(client.payWithBillingKey(paymentId, body, idempotencyKey("charge-again", paymentId))).rejects.toMatchObject({ type: "ALREADY_PAID" })
      await client.deleteBillingKey(billingKey, { reason: "해지" }, idempotencyKey("delete", billingKey))
      const next = newPaymentId()
      await expect(client.payWithBillingKey(next, body, idempotencyKey("charge", next))).rejects.toMatchObject({ type: "BILLING_KEY_ALREADY_DELETED", status: 409 })
      await expect(client.payWithBillingKey(next, { ...body, billingKey: "nope" }, idempotencyKey("charge-2", next))).rejects.toMatchObject({ type: "BILLING_KEY_NOT_FOUND" })
    })
  })

  describe("payment events", () => {
    it("lists payments and cancels in order, page by page through the cursor", async () => {
      const first = paid(1000)
      const second = paid(2000)
      await client.cancelPayment(first, { reason: "환불", amount: 400 }, idempotencyKey("refund", first, 1))

      const page1 = await client.listPaymentEvents({ size: 2 })
      const page2 = await client.listPaymentEvents({ size: 2, cursor: page1.items[1].cursor })
      const events = [...page1.items, ...page2.items].map(({ paymentEvent }) => paymentEvent as { type: string; paymentId: string; eventAmount: number })

      expect(events.map((e) => [e.type, e.paymentId, e.eventAmount])).toEqual([
        ["PAID", first, 1000],
        ["PAID", second, 2000],
        ["PARTIAL_CANCELLED", first, 400],
      ])
      expect((await client.listPaymentEvents({ cursor: page2.items[0].cursor })).items).toEqual([])
    })
  })

  describe("escrow and cash receipts", () => {
    it("registers a delivery, then confirms the purchase; refuses them out of order", async () => {
      const paymentId = newPaymentId()
      portone.pay({ paymentId, totalAmount: 50000, isEscrow: true })
      const logistics = { company: "CJ" as const, invoiceNumber: "6000000000", sentAt: "2026-12-07T10:00:00+09:00" }

      await expect(client.confirmEscrow(paymentId, {}, idempotencyKey("escrow-confirm", paymentId, 0))).rejects.toMatchObject({ type: "INVALID_REQUEST" })
      await client.applyEscrowLogistics(paymentId, { logistics }, idempotencyKey("escrow", paymentId))
      await client.confirmEscrow(paymentId, { fromStore: true }, idempotencyKey("escrow-confirm", paymentId))
      expect(await client.getPayment(paymentId)).toMatchObject({ escrow: { status: "CONFIRMED", invoiceNumber: "6000000000" } })
      await expect(client.applyEscrowLogistics(paid(), { logistics }, idempotencyKey("escrow", "plain-payment"))).rejects.toMatchObject({ type: "INVALID_REQUEST" })
    })

    it("issues one cash receipt per payment and cancels it once", async () => {
      const paymentId = paid()
      const input = { paymentId, channelKey: portone.channels[0].key, type: "PERSONAL" as const, orderName: "x", currency: "KRW" as const, amount: { total: 15000 }, customer: { identityNumber: "01012345678" } }
      await client.issueCashReceipt(input, idempotencyKey("receipt", paymentId))

      await expect(client.issueCashReceipt(input, idempotencyKey("receipt-2", paymentId))).rejects.toMatchObject({ type: "CASH_RECEIPT_ALREADY_ISSUED" })
      await client.cancelCashReceipt(paymentId, idempotencyKey("receipt-cancel", paymentId))
      await expect(client.cancelCashReceipt(paymentId, idempotencyKey("receipt-cancel-2", paymentId))).rejects.toMatchObject({ type: "CASH_RECEIPT_NOT_ISSUED" })
    })
  })

  describe("webhooks", () => {
    it("signs webhooks so that the SDK's Webhook.verify accepts them, and retries with the same id", async () => {
      const receiver = await startReceiver([500])
      await start({ webhooks: true, webhookUrl: receiver.url, webhookRetryDelaysMs: [10] })
      const paymentId = paid()
      await portone.flushWebhooks()

      expect(receiver.received).toHaveLength(2)
      const [failed, retried] = receiver.received
      expect(retried.headers["webhook-id"]).toBe(failed.headers["webhook-id"])
      const verified = await verifyPortOneWebhook(portone.webhookSecret, retried.body, retried.headers as Record<string, string>)
      expect(verified).toMatchObject({ verified: true, hint: { kind: "payment", type: "Transaction.Paid", paymentId } })
      expect(portone.webhooks[0]).toMatchObject({ state: "delivered", attempts: [{ status: 500 }, { status: 200 }] })
      await receiver.close()
    })

    it("sends a cancel's webhook with its cancellation id, and holds webhooks back when asked", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const paymentId = paid()
      await portone.flushWebhooks()
      portone.delayNextWebhooks(200)
      const started = Date.now()
      const { cancellation } = await client.cancelPayment(paymentId, { reason: "환불" }, idempotencyKey("refund", paymentId))
      await portone.flushWebhooks()

      expect(Date.now() - started).toBeGreaterThanOrEqual(190)
      const last = JSON.parse(receiver.received[receiver.received.length - 1].body)
      expect(last).toMatchObject({ type: "Transaction.Cancelled", data: { paymentId, cancellationId: (cancellation as { id: string }).id } })
      await receiver.close()
    })
  })
})
