import { KST_TIME, TRANSACTION_KEY, client, newOrderId, useSandbox } from "./helpers"

const PAYMENT_KEYS = [
  "version", "paymentKey", "type", "orderId", "orderName", "mId", "currency", "method",
  "totalAmount", "balanceAmount", "status", "requestedAt", "approvedAt", "useEscrow",
  "lastTransactionKey", "suppliedAmount", "vat", "taxFreeAmount", "taxExemptionAmount",
  "cultureExpense", "isPartialCancelable", "cancels", "card", "virtualAccount", "transfer",
  "mobilePhone", "giftCertificate", "easyPay", "cashReceipt", "cashReceipts", "discount",
  "receipt", "checkout", "secret", "country", "failure", "metadata",
]

/** The window's payment from its authentication through the confirm and lookups (payments.ts, authentication.ts). */
describe("Toss sandbox: payments", () => {
  const { state, start, confirm, confirmedPayment } = useSandbox()

  describe("authentication", () => {
    it("refuses a request without an Authorization header with 401 UNAUTHORIZED_KEY", async () => {
      const response = await fetch(`${state.toss.url}/v1/payments/some-key`)
      expect(response.status).toBe(401)
      expect((await response.json()).code).toBe("UNAUTHORIZED_KEY")
    })

    it("refuses a garbled header with 401 UNAUTHORIZED_KEY", async () => {
      const { status, body } = await state.api("GET", "/v1/payments/x", { headers: { authorization: "Bearer nonsense" } })
      expect([status, body.code]).toEqual([401, "UNAUTHORIZED_KEY"])
    })

    it("refuses a secret key encoded without the colon with 403 INCORRECT_BASIC_AUTH_FORMAT", async () => {
      const authorization = "Basic " + Buffer.from(state.toss.merchants[0].secretKey).toString("base64")
      const { status, body } = await state.api("GET", "/v1/payments/x", { headers: { authorization } })
      expect([status, body.code]).toEqual([403, "INCORRECT_BASIC_AUTH_FORMAT"])
    })

    it("refuses a secret key it does not know with 401 UNAUTHORIZED_KEY", async () => {
      const { status, body } = await client(state.toss, "test_sk_unknown")("GET", "/v1/payments/x")
      expect([status, body.code]).toEqual([401, "UNAUTHORIZED_KEY"])
    })

    it("answers in English for Accept-Language: en-US", async () => {
      const { body } = await client(state.toss, "test_sk_unknown")("GET", "/v1/payments/x", {
        headers: { "accept-language": "en-US" },
      })
      expect(body.message).toMatch(/not authorized/)
    })

    it("hides a merchant's payment from another merchant's secret key", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const widgetMerchant = client(state.toss, state.toss.merchants[1].secretKey)
      const { status, body } = await widgetMerchant("POST", "/v1/payments/confirm", { body: authenticated })
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })
  })

  describe("confirm", () => {
    it("approves a card payment: DONE with every Payment key, card details and Toss formats", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000, orderName: "토스 티셔츠" })
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")

      const { status, body } = await confirm(authenticated)

      expect(status).toBe(200)
      expect(Object.keys(body).sort()).toEqual([...PAYMENT_KEYS].sort())
      expect(body).toMatchObject({
        version: "2022-11-16",
        orderId: authenticated.orderId,
        orderName: "토스 티셔츠",
        mId: "tvivarepublica",
        method: "카드",
        status: "DONE",
        totalAmount: 15000,
        balanceAmount: 15000,
        vat: 1364,
        suppliedAmount: 13636,
        secret: null,
        card: { amount: 15000, number: "43301234****123*", installmentPlanMonths: 0, cardType: "신용", ownerType: "개인" },
      })
      expect(body.paymentKey).toMatch(/^tgen_[A-Za-z0-9]{43}$/)
      expect(body.approvedAt).toMatch(KST_TIME)
      expect(body.requestedAt).toMatch(KST_TIME)
      expect(body.lastTransactionKey).toMatch(TRANSACTION_KEY)
      const receipt = await fetch(body.receipt.url)
      expect(receipt.status).toBe(200)
      expect(await receipt.text()).toContain(authenticated.orderId)
    })

    it("reports an easy pay as 간편결제 with its provider", async () => {
      const payment = await confirmedPayment({ easyPay: "KAKAOPAY" })
      expect(payment.method).toBe("간편결제")
      expect(payment.easyPay).toEqual({ provider: "카카오페이", amount: 0, discountAmount: 0 })
    })

    it("reports transfer, mobile phone and gift certificate details", async () => {
      expect((await confirmedPayment({ method: "TRANSFER" })).transfer).toMatchObject({ bankCode: "88" })
      const mobile = await confirmedPayment({ method: "MOBILE_PHONE", customerMobilePhone: "01099998888" })
      expect(mobile).toMatchObject({ method: "휴대폰", mobilePhone: { customerMobilePhone: "01099998888" } })
      const gift = await confirmedPayment({ method: "CULTURE_GIFT_CERTIFICATE" })
      expect(gift.method).toBe("문화상품권")
      expect(gift.giftCertificate).not.toBeNull()
    })

    it("refuses an amount or orderId other than the authenticated ones with 400 INVALID_REQUEST, keeping the payment open", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      expect((await confirm({ ...authenticated, amount: 1000 })).body.code).toBe("INVALID_REQUEST")
      expect((await confirm({ ...authenticated, orderId: "someone_else" })).status).toBe(400)
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
      expect((await confirm(authenticated)).status).toBe(200)
    })

    it("refuses a second confirm with 400 ALREADY_PROCESSED_PAYMENT", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      await confirm(authenticated)
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([400, "ALREADY_PROCESSED_PAYMENT"])
    })

    it("refuses an unknown paymentKey with 404 NOT_FOUND_PAYMENT", async () => {
      const { status, body } = await confirm({ paymentKey: "tgen_nope", orderId: "order_nope", amount: 1000 })
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })

    it("expires a payment not confirmed within 10 minutes: 404 NOT_FOUND_PAYMENT_SESSION", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.clock.advance(10 * 60 * 1000 + 1)
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT_SESSION"])
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("EXPIRED")
    })

    it("answers a planned refusal and leaves the payment ABORTED with its failure", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000, confirmError: "REJECT_CARD_PAYMENT" })
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([403, "REJECT_CARD_PAYMENT"])
      const payment = state.toss.getPayment(authenticated.paymentKey)!
      expect(payment.status).toBe("ABORTED")
      expect(payment.failure).toEqual({ code: "REJECT_CARD_PAYMENT", message: body.message })
    })

    it("answers the error named in TossPayments-Test-Code without doing anything", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "TossPayments-Test-Code": "REJECT_CARD_COMPANY" })
      expect([status, body.code]).toEqual([403, "REJECT_CARD_COMPANY"])
      expect(state.toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
    })

    it("answers a TossPayments-Test-Code Toss does not have with 400 INVALID_TEST_CODE", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "TossPayments-Test-Code": "MADE_UP_ERROR" })
      expect([status, body.code]).toEqual([400, "INVALID_TEST_CODE"])
    })

    it("refuses an amount of 0 with 400 BELOW_ZERO_AMOUNT", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm({ ...authenticated, amount: 0 })
      expect([status, body.code]).toEqual([400, "BELOW_ZERO_AMOUNT"])
    })
  })

  describe("shopper authentication (test control)", () => {
    it("enforces the minimum amount per method", () => {
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 99 })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 199, method: "TRANSFER" })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 299, method: "MOBILE_PHONE" })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(state.toss.authenticate({ orderId: newOrderId(), amount: 1, method: "VIRTUAL_ACCOUNT" }).amount).toBe(1)
    })

    it("accepts an orderId of 6 to 64 characters of [A-Za-z0-9_=-] only: 400 INVALID_ORDER_ID", () => {
      for (const orderId of ["short", "x".repeat(65), "order#1234", "주문-123456"]) {
        expect(() => state.toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "INVALID_ORDER_ID", status: 400 }))
      }
      expect(state.toss.authenticate({ orderId: `order=${newOrderId()}`, amount: 1000 }).paymentKey).toMatch(/^tgen_/)
    })

    it("refuses an orderName longer than 100 characters with INVALID_ORDER_NAME, an amount of 0 with BELOW_ZERO_AMOUNT", () => {
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 1000, orderName: "x".repeat(101) })).toThrow(
        expect.objectContaining({ code: "INVALID_ORDER_NAME" })
      )
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 0 })).toThrow(expect.objectContaining({ code: "BELOW_ZERO_AMOUNT" }))
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 10.5 })).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }))
    })

    it("has the gift certificates' minimum of 100 KRW and a transfer's maximum of 10,000,000 KRW", () => {
      for (const method of ["CULTURE_GIFT_CERTIFICATE", "BOOK_GIFT_CERTIFICATE", "GAME_GIFT_CERTIFICATE"] as const) {
        expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 99, method })).toThrow(
          expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
        )
        expect(state.toss.authenticate({ orderId: newOrderId(), amount: 100, method }).amount).toBe(100)
      }
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 10_000_001, method: "TRANSFER" })).toThrow(
        expect.objectContaining({ code: "EXCEEDS_TRANSFER_AMOUNT_MAXIMUM" })
      )
    })

    it("never reuses an orderId for a second payment", () => {
      const orderId = newOrderId()
      state.toss.authenticate({ orderId, amount: 1000 })
      expect(() => state.toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "DUPLICATED_ORDER_ID" }))
    })

    it("accepts only KRW: 400 INVALID_CURRENCY", () => {
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 1000, currency: "USD" })).toThrow(
        expect.objectContaining({ code: "INVALID_CURRENCY" })
      )
    })
  })

  describe("idempotency", () => {
    it("replays the first answer for the same key without running again, whatever the body", async () => {
      const payment = await confirmedPayment()
      const path = `/v1/payments/${payment.paymentKey}/cancel`
      const headers = { "Idempotency-Key": "refund-1" }
      const first = await state.api("POST", path, { body: { cancelReason: "고객 요청", cancelAmount: 1000 }, headers })
      const replay = await state.api("POST", path, { body: { cancelReason: "different", cancelAmount: 2000 }, headers })

      expect(replay).toEqual(first)
      expect(state.toss.getPayment(payment.paymentKey)!.cancels).toHaveLength(1)
    })

    it("keeps keys apart per path and per secret key", async () => {
      const a = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const b = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const headers = { "Idempotency-Key": "same-key" }
      expect((await confirm(a, headers)).body.paymentKey).toBe(a.paymentKey)
      const other = client(state.toss, state.toss.merchants[1].secretKey)
      expect((await other("POST", "/v1/payments/confirm", { body: b, headers })).body.code).toBe("NOT_FOUND_PAYMENT")
    })

    it("answers 409 IDEMPOTENT_REQUEST_PROCESSING while the first request with the key is still running", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      state.toss.delayNext({ ms: 300, path: "/confirm" })
      const headers = { "Idempotency-Key": "confirm-1" }
      const first = confirm(authenticated, headers)
      await new Promise((resolve) => setTimeout(resolve, 50))
      const second = await confirm(authenticated, headers)

      expect([second.status, second.body.code]).toEqual([409, "IDEMPOTENT_REQUEST_PROCESSING"])
      expect((await first).status).toBe(200)
      expect(await confirm(authenticated, headers)).toEqual(await first)
    })

    it("refuses a key longer than 300 characters with 400 INVALID_IDEMPOTENCY_KEY", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "Idempotency-Key": "k".repeat(301) })
      expect([status, body.code]).toEqual([400, "INVALID_IDEMPOTENCY_KEY"])
    })
  })

  describe("lookup", () => {
    it("finds a payment by paymentKey and by orderId, IN_PROGRESS ones included", async () => {
      const authenticated = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const byKey = await state.api("GET", `/v1/payments/${authenticated.paymentKey}`)
      const byOrder = await state.api("GET", `/v1/payments/orders/${authenticated.orderId}`)
      expect(byKey.body.status).toBe("IN_PROGRESS")
      expect(byOrder.body).toEqual(byKey.body)
    })

    it("answers 404 NOT_FOUND_PAYMENT for an unknown payment", async () => {
      const { status, body } = await state.api("GET", "/v1/payments/orders/order_unknown")
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })

    it("refuses a second lookup or cancel of the same payment within a second: 403 FORBIDDEN_CONSECUTIVE_REQUEST", async () => {
      await start({ consecutiveRequestWindowMs: 1000 })
      const payment = await confirmedPayment() // a confirm does not count
      expect((await state.api("GET", `/v1/payments/${payment.paymentKey}`)).status).toBe(200)

      const byOrder = await state.api("GET", `/v1/payments/orders/${payment.orderId}`)
      const cancel = await state.api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "x" } })
      expect([byOrder.status, byOrder.body.code]).toEqual([403, "FORBIDDEN_CONSECUTIVE_REQUEST"])
      expect(cancel.body.code).toBe("FORBIDDEN_CONSECUTIVE_REQUEST")

      state.toss.clock.advance(1000)
      expect((await state.api("GET", `/v1/payments/${payment.paymentKey}`)).status).toBe(200)
    })
  })
})
