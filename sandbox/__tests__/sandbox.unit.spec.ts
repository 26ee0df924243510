import { TossPayment } from ".."
import { TRANSACTION_KEY, newOrderId, startReceiver, useSandbox } from "./helpers"

describe("Toss sandbox", () => {
  const { state, start, confirm, confirmedPayment } = useSandbox()

  describe("backlog controls", () => {
    it("authenticateAndConfirm makes a confirmed payment in one call, with its webhooks", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const card = state.toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 15000 })
      const account = state.toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 15000, method: "VIRTUAL_ACCOUNT" })
      await state.toss.flushWebhooks()

      expect([card.status, account.status]).toEqual(["DONE", "WAITING_FOR_DEPOSIT"])
      expect(receiver.received.map((r) => r.body.data?.status ?? `DEPOSIT_CALLBACK ${r.body.status}`)).toEqual([
        "DONE",
        "WAITING_FOR_DEPOSIT",
        "DEPOSIT_CALLBACK WAITING_FOR_DEPOSIT",
      ])
      expect(state.toss.requests).toEqual([]) // no API request was made
      await receiver.close()
    })

    it("clock.setTo jumps forward, never back", async () => {
      const target = state.toss.clock.now() + 40 * 24 * 60 * 60 * 1000
      state.toss.clock.setTo(new Date(target))
      expect(Math.abs(state.toss.clock.now() - target)).toBeLessThan(1000)
      expect(() => state.toss.clock.setTo(target - 60_000)).toThrow(/only moves forward/)

      const post = (path: string, body: unknown) =>
        fetch(`${state.toss.url}/sandbox${path}`, { method: "POST", body: JSON.stringify(body) })
      const later = new Date(target + 60 * 60 * 1000)
      expect(await (await post("/clock/set", { at: later.toISOString() })).json()).toEqual({
        now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/),
      })
      expect(state.toss.clock.now()).toBeGreaterThanOrEqual(later.getTime())
      expect((await post("/clock/set", { at: target })).status).toBe(400)
      const made = await (await post("/authenticate-and-confirm", { orderId: newOrderId(), amount: 2000 })).json()
      expect(made.status).toBe("DONE")
    })
  })

  describe("faults", () => {
    it("failNext answers a Toss error without doing anything, then lets the retry through", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/confirm" })
      const headers = { "Idempotency-Key": "retry-me" }

      const failed = await confirm(authenticated, headers)
      expect([failed.status, failed.body.code]).toEqual([500, "FAILED_INTERNAL_SYSTEM_PROCESSING"])
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
      expect((await confirm(authenticated, headers)).body.status).toBe("DONE")
    })

    it("failNext honours times, method and a custom status and message", async () => {
      state.toss.failNext({ code: "PROVIDER_ERROR", status: 503, message: "busy", times: 2, method: "GET" })
      const first = await state.api("GET", "/v1/payments/a")
      const second = await state.api("GET", "/v1/payments/b")
      const third = await state.api("GET", "/v1/payments/c")
      expect(first).toEqual({ status: 503, body: { code: "PROVIDER_ERROR", message: "busy" } })
      expect(second.status).toBe(503)
      expect(third.body.code).toBe("NOT_FOUND_PAYMENT")
    })

    it("dropNextResponse 'reset' does the work, loses the answer, and keeps it for the idempotent retry", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.dropNextResponse({ mode: "reset", path: /\/confirm$/ })
      const headers = { "Idempotency-Key": "lost-answer" }

      await expect(confirm(authenticated, headers)).rejects.toThrow()
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
      const retry = await confirm(authenticated, headers)
      expect(retry.status).toBe(200)
      expect(retry.body.lastTransactionKey).toBe(state.toss.getPayment(authenticated.paymentKey)!.lastTransactionKey)
      expect(state.toss.requestsTo("POST", "/confirm")[0]).toMatchObject({ status: 200, dropped: "reset" })
    })

    it("dropNextResponse 'hang' does the work and never answers", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.dropNextResponse({ mode: "hang" })
      await expect(
        state.api("POST", "/v1/payments/confirm", { body: authenticated, signal: AbortSignal.timeout(300) })
      ).rejects.toThrow()
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
    })
  })

  describe("request log", () => {
    it("records every API request with its answer, and reset() clears it but keeps payments", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      await confirm(authenticated, { "Idempotency-Key": "logged" })
      const [entry] = state.toss.requestsTo("post", "/v1/payments/confirm")
      expect(entry).toMatchObject({
        method: "POST",
        path: "/v1/payments/confirm",
        body: authenticated,
        idempotencyKey: "logged",
        status: 200,
        response: { status: "DONE" },
      })
      expect(entry.headers.authorization).toMatch(/^Basic /)

      state.toss.reset()
      expect(state.toss.requests).toHaveLength(0)
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
    })

    it("serves the log over HTTP without the secret key", async () => {
      await confirm(state.toss.authenticate({ orderId: newOrderId(), amount: 15000 }))
      const text = await (await fetch(`${state.toss.url}/sandbox/requests`)).text()
      expect(JSON.parse(text)[0].headers.authorization).toBe("[redacted]")
      const encoded = Buffer.from(state.toss.merchants[0].secretKey + ":").toString("base64")
      expect(text).not.toContain(state.toss.merchants[0].secretKey)
      expect(text).not.toContain(encoded)
    })
  })

  describe("webhooks", () => {
    it("sends PAYMENT_STATUS_CHANGED when a payment expires, as time passes, with failure EXPIRED_PAYMENT", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const another = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.clock.advance(10 * 60 * 1000 + 1) // no request needed: the clock move lets time act

      await state.toss.flushWebhooks()
      expect(receiver.received.map((r) => [r.body.eventType, r.body.data.orderId, r.body.data.status])).toEqual([
        ["PAYMENT_STATUS_CHANGED", authenticated.orderId, "EXPIRED"],
        ["PAYMENT_STATUS_CHANGED", another.orderId, "EXPIRED"],
      ])
      expect(receiver.received[0].body.data.failure).toEqual({ code: "EXPIRED_PAYMENT", message: expect.any(String) })
      state.toss.clock.advance(60 * 60 * 1000)
      await state.toss.flushWebhooks()
      expect(receiver.received).toHaveLength(2) // once each
      await receiver.close()
    })

    it("sends no webhook for a window opened and left, until it expires after 30 minutes", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const opened = await (
        await fetch(`${state.toss.url}/window/open`, {
          method: "POST",
          body: JSON.stringify({
            integration: "payment",
            clientKey: state.toss.merchants[0].clientKey,
            customerKey: "@@ANONYMOUS",
            request: { method: "CARD", amount: { currency: "KRW", value: 15000 }, orderId: newOrderId(), orderName: "귤", successUrl: "http://s.test/ok", failUrl: "http://s.test/fail" },
            windowTarget: "self",
          }),
        })
      ).json()
      expect(opened.windowUrl).toBeDefined()
      state.toss.clock.advance(29 * 60 * 1000)
      await state.toss.flushWebhooks()
      expect(receiver.received).toHaveLength(0)
      state.toss.clock.advance(2 * 60 * 1000)
      await state.toss.flushWebhooks()
      expect(receiver.received.map((r) => r.body.data.status)).toEqual(["EXPIRED"])
      await receiver.close()
    })

    it("reports a virtual account's partial refund by DEPOSIT_CALLBACK too", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      state.toss.deposit(payment.paymentKey)
      state.toss.dashboardCancel(payment.paymentKey, {
        cancelReason: "부분 환불",
        cancelAmount: 5000,
        refundReceiveAccount: { bank: "06", accountNumber: "123456789012", holderName: "김토스" },
      })
      await state.toss.flushWebhooks()
      const callbacks = receiver.received.filter((r) => !r.body.eventType).map((r) => r.body.status)
      expect(callbacks).toEqual(["WAITING_FOR_DEPOSIT", "DONE", "PARTIAL_CANCELED"])
      await receiver.close()
    })

    it("sends CANCEL_STATUS_CHANGED in Toss's shape (a Cancel object) on demand", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment()
      const canceled = state.toss.dashboardCancel(payment.paymentKey, { cancelReason: "환불", cancelAmount: 1000 })
      await state.toss.flushWebhooks()
      receiver.received.length = 0

      state.toss.cancelStatusChanged(payment.orderId, "ABORTED")
      await state.toss.flushWebhooks()
      const [{ body }] = receiver.received
      expect(body).toEqual({
        eventType: "CANCEL_STATUS_CHANGED",
        createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/),
        data: { ...canceled.cancels![0], cancelStatus: "ABORTED" },
      })
      expect(body.data).not.toHaveProperty("paymentKey")
      await receiver.close()
    })

    it("posts PAYMENT_STATUS_CHANGED with the transmission headers on a confirm", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment()
      await state.toss.flushWebhooks()

      expect(receiver.received).toHaveLength(1)
      const [{ headers, body }] = receiver.received
      expect(body).toMatchObject({ eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: payment.paymentKey, status: "DONE" } })
      expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/)
      expect(headers["tosspayments-webhook-transmission-id"]).toMatch(/^whtrans_/)
      expect(headers["tosspayments-webhook-transmission-time"]).toBeDefined()
      expect(headers["tosspayments-webhook-transmission-retried-count"]).toBe("0")
      expect(state.toss.webhooks[0]).toMatchObject({ state: "delivered", status: 200 })
      await receiver.close()
    })

    it("adds DEPOSIT_CALLBACK for virtual accounts, and nothing when an account expires", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      state.toss.deposit(payment.paymentKey)
      await state.toss.flushWebhooks()

      const bodies = receiver.received.map((r) => r.body)
      expect(bodies.map((b) => b.eventType ?? `DEPOSIT_CALLBACK ${b.status}`)).toEqual([
        "PAYMENT_STATUS_CHANGED",
        "DEPOSIT_CALLBACK WAITING_FOR_DEPOSIT",
        "PAYMENT_STATUS_CHANGED",
        "DEPOSIT_CALLBACK DONE",
      ])
      expect(bodies[3]).toEqual({
        createdAt: expect.any(String),
        secret: payment.secret,
        status: "DONE",
        transactionKey: expect.stringMatching(TRANSACTION_KEY),
        orderId: payment.orderId,
      })

      const waiting = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      await state.toss.flushWebhooks()
      const before = receiver.received.length
      state.toss.expireVirtualAccount(waiting.paymentKey)
      await state.toss.flushWebhooks()
      expect(receiver.received).toHaveLength(before)
      await receiver.close()
    })

    it("retries until the receiver answers 200", async () => {
      const receiver = await startReceiver([500, 404])
      await start({ webhooks: true, webhookUrl: receiver.url, webhookRetryDelaysMs: [20, 20] })
      await confirmedPayment()
      await state.toss.flushWebhooks()

      expect(receiver.received.map((r) => r.headers["tosspayments-webhook-transmission-retried-count"])).toEqual(["0", "1", "2"])
      expect(new Set(receiver.received.map((r) => r.headers["tosspayments-webhook-transmission-id"])).size).toBe(1)
      expect(state.toss.webhooks[0].attempts.map((a) => a.status)).toEqual([500, 404, 200])
      await receiver.close()
    })

    it("gives up after the last retry", async () => {
      const receiver = await startReceiver([500, 500, 500])
      await start({ webhooks: true, webhookUrl: receiver.url, webhookRetryDelaysMs: [10] })
      await confirmedPayment()
      await state.toss.flushWebhooks()
      expect(state.toss.webhooks[0]).toMatchObject({ state: "failed", status: 500 })
      expect(state.toss.webhooks[0].attempts).toHaveLength(2)
      await receiver.close()
    })

    it("sends any forged body once with sendWebhook", async () => {
      const receiver = await startReceiver([401])
      await start({ webhooks: true })
      state.toss.setWebhookUrl(receiver.url)
      const answer = await state.toss.sendWebhook({ eventType: "PAYMENT_STATUS_CHANGED", data: { status: "DONE" } }, { "x-forged": "1" })
      expect(answer.status).toBe(401)
      expect(receiver.received[0].headers["x-forged"]).toBe("1")
      await receiver.close()
    })

    it("sends each delivery to the next of several URLs", async () => {
      const [first, second] = [await startReceiver(), await startReceiver()]
      await start({ webhooks: true, webhookUrl: [first.url, second.url] })
      await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      await state.toss.flushWebhooks()
      await state.toss.sendWebhook({ eventType: "PAYMENT_STATUS_CHANGED", data: {} })

      expect(state.toss.webhooks.map((delivery) => delivery.url)).toEqual([first.url, second.url, first.url])
      expect([first.received.length, second.received.length]).toEqual([2, 1])
      await Promise.all([first.close(), second.close()])
    })
  })

  describe("HTTP controls", () => {
    it("accept faults, authentications and clock moves as JSON", async () => {
      const post = (path: string, body: unknown) =>
        fetch(`${state.toss.url}/sandbox${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json())
      const authenticated = await post("/authenticate", { orderId: newOrderId(), amount: 15000 })
      await post("/faults", { kind: "fail", code: "COMMON_ERROR", path: "/confirm" })
      expect((await confirm(authenticated)).body.code).toBe("COMMON_ERROR")
      await post("/clock/advance", { ms: 11 * 60 * 1000 })
      expect((await confirm(authenticated)).body.code).toBe("NOT_FOUND_PAYMENT_SESSION")
      const payments = await (await fetch(`${state.toss.url}/sandbox/payments`)).json()
      expect(payments.map((p: TossPayment) => p.orderId)).toContain(authenticated.orderId)
    })
  })
})
