import { client, loadSdk, newOrderId, startReceiver, submitWindow, useSandbox } from "./helpers"

const MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
const URLS = { successUrl: "http://shop.test/account/cards?saved=1", failUrl: "http://shop.test/account/cards/fail" }

describe("Toss sandbox: billing (자동결제)", () => {
  const { state, start } = useSandbox()

  async function issue(customerKey = "cus_a1B2c3D4e5") {
    const { authKey } = state.toss.authorizeBilling({ customerKey })
    const { status, body } = await state.api("POST", "/v1/billing/authorizations/issue", { body: { authKey, customerKey } })
    expect(status).toBe(200)
    return body
  }

  const charge = (billingKey: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    state.api("POST", `/v1/billing/${billingKey}`, {
      body: { customerKey: "cus_a1B2c3D4e5", orderId: newOrderId(), orderName: "정기배송 3월", amount: 19900, ...body },
      headers,
    })

  describe("the billing auth window", () => {
    it("registers a card for the customerKey and hands successUrl the customerKey and an authKey", async () => {
      const browser = await loadSdk(state.toss, { userAgent: MOBILE })
      const payment = browser.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "cus_a1B2c3D4e5" })
      await payment.requestBillingAuth({ method: "CARD", ...URLS, customerName: "김토스" })
      const [windowUrl] = browser.navigations
      const page = await (await fetch(windowUrl)).text()
      expect(page).toContain('data-testid="toss-billing-auth"')

      const answer = await submitWindow(windowUrl, { action: "approve", issuerCode: "SHINHAN" })
      const success = new URL(answer.headers.get("location")!)
      expect(success.origin + success.pathname).toBe("http://shop.test/account/cards")
      expect(Object.fromEntries(success.searchParams)).toEqual({ saved: "1", customerKey: "cus_a1B2c3D4e5", authKey: expect.stringMatching(/^bln-/) })
      const { body } = await state.api("POST", "/v1/billing/authorizations/issue", {
        body: { authKey: success.searchParams.get("authKey"), customerKey: "cus_a1B2c3D4e5" },
      })
      expect(body.card.issuerCode).toBe("41")
      expect((await fetch(windowUrl)).status).toBe(410)
    })

    it("refuses ANONYMOUS, a widget key and methods it does not model; a decline goes to failUrl", async () => {
      const browser = await loadSdk(state.toss, { userAgent: MOBILE })
      const [apiKey, widgetKey] = state.toss.merchants.map((m) => m.clientKey)
      const anonymous = browser.window.TossPayments(apiKey).payment({ customerKey: "@@ANONYMOUS" })
      await expect(anonymous.requestBillingAuth({ method: "CARD", ...URLS })).rejects.toMatchObject({ code: "INVALID_CUSTOMER_KEY" })
      expect(() => browser.window.TossPayments(widgetKey).payment({ customerKey: "cus_1" })).toThrow(
        expect.objectContaining({ code: "NOT_SUPPORTED_WIDGET_KEY" })
      )
      const payment = browser.window.TossPayments(apiKey).payment({ customerKey: "cus_1" })
      await expect(payment.requestBillingAuth({ method: "TRANSFER", ...URLS })).rejects.toMatchObject({ code: "NOT_SUPPORTED_METHOD" })

      await payment.requestBillingAuth({ method: "CARD", ...URLS })
      const declined = new URL((await submitWindow(browser.navigations[0], { action: "decline" })).headers.get("location")!)
      expect(declined.searchParams.get("code")).toBe("REJECT_CARD_COMPANY")
    })

    it("in an iframe, closing rejects with USER_CANCEL", async () => {
      const browser = await loadSdk(state.toss)
      const payment = browser.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "cus_1" })
      const pending = payment.requestBillingAuth({ method: "CARD", ...URLS })
      for (let i = 0; i < 100 && !browser.frame(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(await (await fetch(browser.frame().src)).text()).toContain("parent.postMessage({source: 'toss-sandbox', type: 'close'}")
      browser.postFromWindow(state.toss.url, { source: "toss-sandbox", type: "close" })
      await expect(pending).rejects.toMatchObject({ code: "USER_CANCEL" })
    })
  })

  describe("POST /v1/billing/authorizations/issue", () => {
    it("answers the Billing object", async () => {
      const billing = await issue()
      expect(billing).toEqual({
        mId: "tvivarepublica",
        customerKey: "cus_a1B2c3D4e5",
        authenticatedAt: expect.stringMatching(/\+09:00$/),
        method: "카드",
        billingKey: expect.stringMatching(/^[A-Za-z0-9]{43}=$/),
        card: { issuerCode: "71", acquirerCode: "71", number: "43301234****123*", cardType: "신용", ownerType: "개인" },
      })
    })

    it("refuses another customerKey with 400 NOT_MATCHES_CUSTOMER_KEY, a used, late or unknown authKey with INVALID_BILL_KEY_REQUEST", async () => {
      const { authKey } = state.toss.authorizeBilling({ customerKey: "cus_owner" })
      const send = (body: object) => state.api("POST", "/v1/billing/authorizations/issue", { body })
      expect(await send({ authKey, customerKey: "cus_other" })).toMatchObject({ status: 400, body: { code: "NOT_MATCHES_CUSTOMER_KEY" } })
      expect((await send({ authKey, customerKey: "cus_owner" })).status).toBe(200)
      expect(await send({ authKey, customerKey: "cus_owner" })).toMatchObject({ status: 400, body: { code: "INVALID_BILL_KEY_REQUEST" } })
      expect((await send({ authKey: "bln-made-up", customerKey: "cus_owner" })).body.code).toBe("INVALID_BILL_KEY_REQUEST")
      const late = state.toss.authorizeBilling({ customerKey: "cus_owner" })
      state.toss.clock.advance(10 * 60 * 1000 + 1)
      expect((await send({ ...late })).body.code).toBe("INVALID_BILL_KEY_REQUEST")
    })

    it("belongs to the API key pair: the widget keys get 403 FORBIDDEN_REQUEST", async () => {
      const { authKey } = state.toss.authorizeBilling({ customerKey: "cus_1" })
      const widget = client(state.toss, state.toss.merchants[1].secretKey)
      expect(await widget("POST", "/v1/billing/authorizations/issue", { body: { authKey, customerKey: "cus_1" } })).toMatchObject({
        status: 403,
        body: { code: "FORBIDDEN_REQUEST" },
      })
      expect(() => state.toss.authorizeBilling({ customerKey: "cus_1", clientKey: state.toss.merchants[1].clientKey })).toThrow(
        expect.objectContaining({ code: "FORBIDDEN_REQUEST" })
      )
    })
  })

  describe("POST /v1/billing/{billingKey}", () => {
    it("charges at once: a BILLING Payment, DONE, in the ledger with its customerKey, with no status webhook", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const { billingKey } = await issue()
      const { status, body } = await charge(billingKey, { amount: 60000, cardInstallmentPlan: 3, taxFreeAmount: 1000 })

      expect(status).toBe(200)
      expect(body).toMatchObject({
        type: "BILLING",
        status: "DONE",
        method: "카드",
        totalAmount: 60000,
        taxFreeAmount: 1000,
        card: { issuerCode: "71", installmentPlanMonths: 3, amount: 60000 },
        checkout: null,
      })
      expect(body.approvedAt).toMatch(/\+09:00$/)
      const looked = await state.api("GET", `/v1/payments/${body.paymentKey}`)
      expect(looked.body.status).toBe("DONE")
      const rows = (await state.api("GET", "/v1/transactions?startDate=2000-01-01T00:00:00&endDate=2099-12-31T23:59:59")).body
      expect(rows).toEqual([expect.objectContaining({ paymentKey: body.paymentKey, status: "DONE", amount: 60000, customerKey: "cus_a1B2c3D4e5" })])
      await state.toss.flushWebhooks()
      expect(receiver.received).toEqual([])

      const canceled = await state.api("POST", `/v1/payments/${body.paymentKey}/cancel`, { body: { cancelReason: "해지", cancelAmount: 10000 } })
      expect(canceled.body.status).toBe("PARTIAL_CANCELED")
      await receiver.close()
    })

    it("replays a charge with the same Idempotency-Key instead of charging twice", async () => {
      const { billingKey } = await issue()
      const headers = { "Idempotency-Key": "subscription-2025-03" }
      const first = await charge(billingKey, { orderId: "sub_2025_03_0001" }, headers)
      const again = await charge(billingKey, { orderId: "sub_2025_03_0001" }, headers)
      expect(again).toEqual(first)
      expect(state.toss.payments().filter((p) => p.type === "BILLING")).toHaveLength(1)
    })

    it("refuses with Toss's codes", async () => {
      const { billingKey } = await issue()
      const used = (await charge(billingKey, {})).body.orderId
      const cases: Array<[string, Record<string, unknown>, number, string]> = [
        ["unknown", {}, 404, "NOT_FOUND_BILLING"],
        [billingKey, { customerKey: "cus_other" }, 400, "NOT_MATCHES_CUSTOMER_KEY"],
        [billingKey, { orderId: "bad id" }, 400, "INVALID_ORDER_ID"],
        [billingKey, { orderName: undefined }, 400, "INVALID_ORDER_NAME"],
        [billingKey, { amount: 0 }, 400, "BELOW_ZERO_AMOUNT"],
        [billingKey, { orderId: used }, 400, "DUPLICATED_ORDER_ID"],
        [billingKey, { amount: 30000, cardInstallmentPlan: 2 }, 400, "INVALID_CARD_INSTALLMENT_AMOUNT"],
      ]
      for (const [key, body, status, code] of cases) {
        const answer = await charge(key, body)
        expect([body, answer.status, answer.body.code]).toEqual([body, status, code])
      }
      const widget = client(state.toss, state.toss.merchants[1].secretKey)
      expect((await widget("POST", `/v1/billing/${billingKey}`, { body: {} })).body.code).toBe("FORBIDDEN_REQUEST")
    })

    it("declines a charge the card company refuses: the orderId is ABORTED, the next charge goes through", async () => {
      const { billingKey } = await issue()
      state.toss.declineBillingCharges(billingKey, "REJECT_CARD_PAYMENT")
      const orderId = newOrderId()
      expect(await charge(billingKey, { orderId })).toMatchObject({ status: 403, body: { code: "REJECT_CARD_PAYMENT" } })
      const looked = await state.api("GET", `/v1/payments/orders/${orderId}`)
      expect(looked.body).toMatchObject({ type: "BILLING", status: "ABORTED", failure: { code: "REJECT_CARD_PAYMENT" } })
      expect((await charge(billingKey, {})).body.status).toBe("DONE")
    })
  })

  describe("DELETE /v1/billing/{billingKey} and BILLING_DELETED", () => {
    it("deletes the key (200, empty) with a BILLING_DELETED; the key is then unknown", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const { billingKey } = await issue()
      const deleted = await state.api("DELETE", `/v1/billing/${billingKey}`)
      expect(deleted).toEqual({ status: 200, body: null })
      await state.toss.flushWebhooks()
      expect(receiver.received.map((r) => r.body)).toEqual([
        { eventType: "BILLING_DELETED", createdAt: expect.any(String), data: { billingKey, reason: "삭제 API 요청" } },
      ])
      expect((await charge(billingKey, {})).body.code).toBe("NOT_FOUND_BILLING")
      expect((await state.api("DELETE", `/v1/billing/${billingKey}`)).status).toBe(404)
      await receiver.close()
    })

    it("sends BILLING_DELETED when the card company removes the card", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const { billingKey } = await issue()
      state.toss.deleteBillingByCardCompany(billingKey)
      await state.toss.flushWebhooks()
      expect(receiver.received[0].body.data).toEqual({ billingKey, reason: "카드사 요청" })
      expect((await charge(billingKey, {})).status).toBe(404)
      await receiver.close()
    })
  })
})
