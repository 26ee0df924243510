import { startTossSandbox, TossPayment, TossSandbox, TossSandboxOptions } from ".."
import { client, newOrderId, startReceiver } from "./helpers"

const PAYMENT_KEYS = [
  "version", "paymentKey", "type", "orderId", "orderName", "mId", "currency", "method",
  "totalAmount", "balanceAmount", "status", "requestedAt", "approvedAt", "useEscrow",
  "lastTransactionKey", "suppliedAmount", "vat", "taxFreeAmount", "taxExemptionAmount",
  "cultureExpense", "isPartialCancelable", "cancels", "card", "virtualAccount", "transfer",
  "mobilePhone", "giftCertificate", "easyPay", "cashReceipt", "cashReceipts", "discount",
  "receipt", "checkout", "secret", "country", "failure", "metadata",
]
const CANCEL_KEYS = [
  "cancelAmount", "cancelReason", "taxFreeAmount", "taxExemptionAmount", "refundableAmount",
  "cardDiscountAmount", "transferDiscountAmount", "easyPayDiscountAmount", "canceledAt",
  "transactionKey", "receiptKey", "cancelStatus", "cancelRequestId",
]
const KST_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/
const TRANSACTION_KEY = /^[0-9A-F]{32}$/

describe("Toss sandbox", () => {
  let toss: TossSandbox
  let api: ReturnType<typeof client>

  async function start(options: TossSandboxOptions = {}) {
    await toss?.close()
    toss = await startTossSandbox({ consecutiveRequestWindowMs: 0, webhooks: false, ...options })
    api = client(toss)
  }

  beforeEach(() => start())
  afterAll(() => toss.close())

  function confirm(authenticated: { paymentKey: string; orderId: string; amount: number }, headers = {}) {
    return api("POST", "/v1/payments/confirm", { body: authenticated, headers })
  }

  async function confirmedPayment(input: Partial<Parameters<TossSandbox["authenticate"]>[0]> = {}): Promise<TossPayment> {
    const { status, body } = await confirm(toss.authenticate({ orderId: newOrderId(), amount: 15000, ...input }))
    expect(status).toBe(200)
    return body
  }

  describe("authentication", () => {
    it("refuses a request without an Authorization header with 401 UNAUTHORIZED_KEY", async () => {
      const response = await fetch(`${toss.url}/v1/payments/some-key`)
      expect(response.status).toBe(401)
      expect((await response.json()).code).toBe("UNAUTHORIZED_KEY")
    })

    it("refuses a garbled header with 401 UNAUTHORIZED_KEY", async () => {
      const { status, body } = await api("GET", "/v1/payments/x", { headers: { authorization: "Bearer nonsense" } })
      expect([status, body.code]).toEqual([401, "UNAUTHORIZED_KEY"])
    })

    it("refuses a secret key encoded without the colon with 403 INCORRECT_BASIC_AUTH_FORMAT", async () => {
      const authorization = "Basic " + Buffer.from(toss.merchants[0].secretKey).toString("base64")
      const { status, body } = await api("GET", "/v1/payments/x", { headers: { authorization } })
      expect([status, body.code]).toEqual([403, "INCORRECT_BASIC_AUTH_FORMAT"])
    })

    it("refuses a secret key it does not know with 401 UNAUTHORIZED_KEY", async () => {
      const { status, body } = await client(toss, "test_sk_unknown")("GET", "/v1/payments/x")
      expect([status, body.code]).toEqual([401, "UNAUTHORIZED_KEY"])
    })

    it("answers in English for Accept-Language: en-US", async () => {
      const { body } = await client(toss, "test_sk_unknown")("GET", "/v1/payments/x", {
        headers: { "accept-language": "en-US" },
      })
      expect(body.message).toMatch(/not authorized/)
    })

    it("hides a merchant's payment from another merchant's secret key", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const widgetMerchant = client(toss, toss.merchants[1].secretKey)
      const { status, body } = await widgetMerchant("POST", "/v1/payments/confirm", { body: authenticated })
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })
  })

  describe("confirm", () => {
    it("approves a card payment: DONE with every Payment key, card details and Toss formats", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000, orderName: "토스 티셔츠" })
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")

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
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      expect((await confirm({ ...authenticated, amount: 1000 })).body.code).toBe("INVALID_REQUEST")
      expect((await confirm({ ...authenticated, orderId: "someone_else" })).status).toBe(400)
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
      expect((await confirm(authenticated)).status).toBe(200)
    })

    it("refuses a second confirm with 400 ALREADY_PROCESSED_PAYMENT", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      await confirm(authenticated)
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([400, "ALREADY_PROCESSED_PAYMENT"])
    })

    it("refuses an unknown paymentKey with 404 NOT_FOUND_PAYMENT", async () => {
      const { status, body } = await confirm({ paymentKey: "tgen_nope", orderId: "order_nope", amount: 1000 })
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })

    it("expires a payment not confirmed within 10 minutes: 404 NOT_FOUND_PAYMENT_SESSION", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.clock.advance(10 * 60 * 1000 + 1)
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT_SESSION"])
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("EXPIRED")
    })

    it("answers a planned refusal and leaves the payment ABORTED with its failure", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000, confirmError: "REJECT_CARD_PAYMENT" })
      const { status, body } = await confirm(authenticated)
      expect([status, body.code]).toEqual([403, "REJECT_CARD_PAYMENT"])
      const payment = toss.getPayment(authenticated.paymentKey)!
      expect(payment.status).toBe("ABORTED")
      expect(payment.failure).toEqual({ code: "REJECT_CARD_PAYMENT", message: body.message })
    })

    it("answers the error named in TossPayments-Test-Code without doing anything", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "TossPayments-Test-Code": "REJECT_CARD_COMPANY" })
      expect([status, body.code]).toEqual([403, "REJECT_CARD_COMPANY"])
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
    })

    it("answers a TossPayments-Test-Code Toss does not have with 400 INVALID_TEST_CODE", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "TossPayments-Test-Code": "MADE_UP_ERROR" })
      expect([status, body.code]).toEqual([400, "INVALID_TEST_CODE"])
    })

    it("refuses an amount of 0 with 400 BELOW_ZERO_AMOUNT", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm({ ...authenticated, amount: 0 })
      expect([status, body.code]).toEqual([400, "BELOW_ZERO_AMOUNT"])
    })
  })

  describe("shopper authentication (test control)", () => {
    it("enforces the minimum amount per method", () => {
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 99 })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 199, method: "TRANSFER" })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 299, method: "MOBILE_PHONE" })).toThrow(
        expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
      )
      expect(toss.authenticate({ orderId: newOrderId(), amount: 1, method: "VIRTUAL_ACCOUNT" }).amount).toBe(1)
    })

    it("accepts an orderId of 6 to 64 characters of [A-Za-z0-9_=-] only: 400 INVALID_ORDER_ID", () => {
      for (const orderId of ["short", "x".repeat(65), "order#1234", "주문-123456"]) {
        expect(() => toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "INVALID_ORDER_ID", status: 400 }))
      }
      expect(toss.authenticate({ orderId: `order=${newOrderId()}`, amount: 1000 }).paymentKey).toMatch(/^tgen_/)
    })

    it("refuses an orderName longer than 100 characters with INVALID_ORDER_NAME, an amount of 0 with BELOW_ZERO_AMOUNT", () => {
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 1000, orderName: "x".repeat(101) })).toThrow(
        expect.objectContaining({ code: "INVALID_ORDER_NAME" })
      )
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 0 })).toThrow(expect.objectContaining({ code: "BELOW_ZERO_AMOUNT" }))
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 10.5 })).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }))
    })

    it("has the gift certificates' minimum of 100 KRW and a transfer's maximum of 10,000,000 KRW", () => {
      for (const method of ["CULTURE_GIFT_CERTIFICATE", "BOOK_GIFT_CERTIFICATE", "GAME_GIFT_CERTIFICATE"] as const) {
        expect(() => toss.authenticate({ orderId: newOrderId(), amount: 99, method })).toThrow(
          expect.objectContaining({ code: "BELOW_MINIMUM_AMOUNT" })
        )
        expect(toss.authenticate({ orderId: newOrderId(), amount: 100, method }).amount).toBe(100)
      }
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 10_000_001, method: "TRANSFER" })).toThrow(
        expect.objectContaining({ code: "EXCEEDS_TRANSFER_AMOUNT_MAXIMUM" })
      )
    })

    it("never reuses an orderId for a second payment", () => {
      const orderId = newOrderId()
      toss.authenticate({ orderId, amount: 1000 })
      expect(() => toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "DUPLICATED_ORDER_ID" }))
    })

    it("accepts only KRW: 400 INVALID_CURRENCY", () => {
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 1000, currency: "USD" })).toThrow(
        expect.objectContaining({ code: "INVALID_CURRENCY" })
      )
    })
  })

  describe("idempotency", () => {
    it("replays the first answer for the same key without running again, whatever the body", async () => {
      const payment = await confirmedPayment()
      const path = `/v1/payments/${payment.paymentKey}/cancel`
      const headers = { "Idempotency-Key": "refund-1" }
      const first = await api("POST", path, { body: { cancelReason: "고객 요청", cancelAmount: 1000 }, headers })
      const replay = await api("POST", path, { body: { cancelReason: "different", cancelAmount: 2000 }, headers })

      expect(replay).toEqual(first)
      expect(toss.getPayment(payment.paymentKey)!.cancels).toHaveLength(1)
    })

    it("keeps keys apart per path and per secret key", async () => {
      const a = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const b = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const headers = { "Idempotency-Key": "same-key" }
      expect((await confirm(a, headers)).body.paymentKey).toBe(a.paymentKey)
      const other = client(toss, toss.merchants[1].secretKey)
      expect((await other("POST", "/v1/payments/confirm", { body: b, headers })).body.code).toBe("NOT_FOUND_PAYMENT")
    })

    it("answers 409 IDEMPOTENT_REQUEST_PROCESSING while the first request with the key is still running", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.delayNext({ ms: 300, path: "/confirm" })
      const headers = { "Idempotency-Key": "confirm-1" }
      const first = confirm(authenticated, headers)
      await new Promise((resolve) => setTimeout(resolve, 50))
      const second = await confirm(authenticated, headers)

      expect([second.status, second.body.code]).toEqual([409, "IDEMPOTENT_REQUEST_PROCESSING"])
      expect((await first).status).toBe(200)
      expect(await confirm(authenticated, headers)).toEqual(await first)
    })

    it("refuses a key longer than 300 characters with 400 INVALID_IDEMPOTENCY_KEY", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const { status, body } = await confirm(authenticated, { "Idempotency-Key": "k".repeat(301) })
      expect([status, body.code]).toEqual([400, "INVALID_IDEMPOTENCY_KEY"])
    })
  })

  describe("lookup", () => {
    it("finds a payment by paymentKey and by orderId, IN_PROGRESS ones included", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const byKey = await api("GET", `/v1/payments/${authenticated.paymentKey}`)
      const byOrder = await api("GET", `/v1/payments/orders/${authenticated.orderId}`)
      expect(byKey.body.status).toBe("IN_PROGRESS")
      expect(byOrder.body).toEqual(byKey.body)
    })

    it("answers 404 NOT_FOUND_PAYMENT for an unknown payment", async () => {
      const { status, body } = await api("GET", "/v1/payments/orders/order_unknown")
      expect([status, body.code]).toEqual([404, "NOT_FOUND_PAYMENT"])
    })

    it("refuses a second lookup or cancel of the same payment within a second: 403 FORBIDDEN_CONSECUTIVE_REQUEST", async () => {
      await start({ consecutiveRequestWindowMs: 1000 })
      const payment = await confirmedPayment() // a confirm does not count
      expect((await api("GET", `/v1/payments/${payment.paymentKey}`)).status).toBe(200)

      const byOrder = await api("GET", `/v1/payments/orders/${payment.orderId}`)
      const cancel = await api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "x" } })
      expect([byOrder.status, byOrder.body.code]).toEqual([403, "FORBIDDEN_CONSECUTIVE_REQUEST"])
      expect(cancel.body.code).toBe("FORBIDDEN_CONSECUTIVE_REQUEST")

      toss.clock.advance(1000)
      expect((await api("GET", `/v1/payments/${payment.paymentKey}`)).status).toBe(200)
    })
  })

  describe("cancel", () => {
    const cancel = (paymentKey: string, body: unknown) => api("POST", `/v1/payments/${paymentKey}/cancel`, { body })

    it("cancels part, then the rest: PARTIAL_CANCELED then CANCELED with the bookkeeping", async () => {
      const payment = await confirmedPayment()
      const partial = await cancel(payment.paymentKey, { cancelReason: "부분 환불", cancelAmount: 5000 })
      expect(partial.body).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 10000, vat: 909, suppliedAmount: 9091 })
      expect(Object.keys(partial.body.cancels[0]).sort()).toEqual([...CANCEL_KEYS].sort())
      expect(partial.body.cancels[0]).toMatchObject({ cancelAmount: 5000, refundableAmount: 10000, cancelStatus: "DONE" })
      expect(partial.body.cancels[0].canceledAt).toMatch(KST_TIME)
      expect(partial.body.lastTransactionKey).toBe(partial.body.cancels[0].transactionKey)
      expect(partial.body.lastTransactionKey).toMatch(TRANSACTION_KEY)

      const rest = await cancel(payment.paymentKey, { cancelReason: "전액 환불", cancelAmount: 10000 })
      expect(rest.body).toMatchObject({ status: "CANCELED", balanceAmount: 0, vat: 0, suppliedAmount: 0 })
      expect(rest.body.cancels).toHaveLength(2)
    })

    it("cancels everything left when cancelAmount is omitted", async () => {
      const payment = await confirmedPayment()
      const { body } = await cancel(payment.paymentKey, { cancelReason: "전액" })
      expect(body).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
    })

    it("refuses more than the balance with 403 NOT_CANCELABLE_AMOUNT", async () => {
      const payment = await confirmedPayment()
      const { status, body } = await cancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 15001 })
      expect([status, body.code]).toEqual([403, "NOT_CANCELABLE_AMOUNT"])
    })

    it("needs a cancelReason: 400 INVALID_REQUEST", async () => {
      const payment = await confirmedPayment()
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000 })).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { cancelReason: "x".repeat(201) })).status).toBe(400)
    })

    it("refuses a canceled payment with ALREADY_CANCELED_PAYMENT and an unconfirmed one with NOT_CANCELABLE_PAYMENT", async () => {
      const payment = await confirmedPayment()
      await cancel(payment.paymentKey, { cancelReason: "x" })
      expect(await cancel(payment.paymentKey, { cancelReason: "x" })).toMatchObject({
        status: 400,
        body: { code: "ALREADY_CANCELED_PAYMENT" },
      })
      const open = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      expect(await cancel(open.paymentKey, { cancelReason: "x" })).toMatchObject({
        status: 403,
        body: { code: "NOT_CANCELABLE_PAYMENT" },
      })
    })

    it("refuses partial cancels when the contract does not allow them: 403 NOT_ALLOWED_PARTIAL_REFUND", async () => {
      await start({ partialCancelable: false })
      const payment = await confirmedPayment()
      expect(payment.isPartialCancelable).toBe(false)
      const { status, body } = await cancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 1000 })
      expect([status, body.code]).toEqual([403, "NOT_ALLOWED_PARTIAL_REFUND"])
      expect((await cancel(payment.paymentKey, { cancelReason: "x" })).body.status).toBe("CANCELED")
    })

    it("applies the same rules to a cancel made in the dashboard", async () => {
      const payment = await confirmedPayment()
      const canceled = toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드", cancelAmount: 3000 })
      expect(canceled).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 12000 })
      expect(() => toss.dashboardCancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 20000 })).toThrow(
        expect.objectContaining({ code: "NOT_CANCELABLE_AMOUNT" })
      )
    })
  })

  describe("virtual accounts", () => {
    const refundAccount = { bank: "88", accountNumber: "110123456789", holderName: "김토스" }

    async function waitingAccount(): Promise<TossPayment> {
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT", customerName: "김토스" })
      expect(payment).toMatchObject({
        status: "WAITING_FOR_DEPOSIT",
        method: "가상계좌",
        approvedAt: null,
        virtualAccount: {
          accountType: "일반",
          bankCode: "20",
          customerName: "김토스",
          depositorName: null,
          refundStatus: "NONE",
          expired: false,
          settlementStatus: "INCOMPLETED",
          refundReceiveAccount: null,
        },
      })
      expect(payment.secret).toMatch(/^ps_[A-Za-z0-9]{27}$/)
      expect(payment.virtualAccount!.dueDate).toMatch(KST_TIME)
      return payment
    }

    it("waits for the deposit, then becomes DONE", async () => {
      const payment = await waitingAccount()
      const deposited = toss.deposit(payment.orderId)
      expect(deposited).toMatchObject({ status: "DONE", virtualAccount: { depositorName: "김토스" } })
      expect(deposited.approvedAt).toMatch(KST_TIME)
      expect(toss.depositError(payment.paymentKey)).toMatchObject({ status: "WAITING_FOR_DEPOSIT", approvedAt: null })
    })

    it("allows only a full cancel before the deposit", async () => {
      const payment = await waitingAccount()
      const cancel = (body: unknown) => api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body })
      expect((await cancel({ cancelReason: "x", cancelAmount: 1 })).body.code).toBe("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT")
      expect((await cancel({ cancelReason: "x" })).body.status).toBe("CANCELED")
    })

    it("refunds a deposited account only to a valid refund account", async () => {
      const payment = await waitingAccount()
      toss.deposit(payment.paymentKey)
      const cancel = (body: object) =>
        api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "환불", ...body } })

      expect((await cancel({})).body.code).toBe("INVALID_REFUND_ACCOUNT_INFO")
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, bank: "99" } })).body.code).toBe("INVALID_BANK")
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, accountNumber: "12-34" } })).body.code).toBe(
        "INVALID_REFUND_ACCOUNT_NUMBER"
      )
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, holderName: "" } })).body.code).toBe(
        "INVALID_REFUND_ACCOUNT_INFO"
      )
      const { body } = await cancel({ refundReceiveAccount: refundAccount })
      expect(body).toMatchObject({
        status: "CANCELED",
        virtualAccount: {
          refundStatus: "PENDING",
          refundReceiveAccount: { bankCode: "88", accountNumber: "110123456789", holderName: "김토스" },
        },
      })
    })

    it("takes Toss's own bank codes for the refund account: KB국민은행 is 06 (not its clearing code 04), HSBC 54", async () => {
      for (const [bank, code] of [["04", "INVALID_BANK"], ["004", "INVALID_BANK"], ["06", undefined], ["54", undefined]]) {
        const payment = await waitingAccount()
        toss.deposit(payment.paymentKey)
        const { body } = await api("POST", `/v1/payments/${payment.paymentKey}/cancel`, {
          body: { cancelReason: "환불", refundReceiveAccount: { ...refundAccount, bank } },
        })
        expect([bank, body.code ?? body.virtualAccount.refundReceiveAccount.bankCode]).toEqual([bank, code ?? bank])
      }
    })

    it("marks the account expired when its due date passes, the status unchanged", async () => {
      const payment = await waitingAccount()
      toss.clock.advance(7 * 24 * 60 * 60 * 1000 + 1)
      expect(toss.getPayment(payment.paymentKey)).toMatchObject({
        status: "WAITING_FOR_DEPOSIT",
        virtualAccount: { expired: true },
      })
      expect(() => toss.deposit(payment.paymentKey)).toThrow()
    })

    it("expires an account on demand", async () => {
      const payment = await waitingAccount()
      expect(toss.expireVirtualAccount(payment.paymentKey).virtualAccount!.expired).toBe(true)
    })
  })

  describe("transaction ledger (GET /v1/transactions)", () => {
    const HOUR_MS = 60 * 60 * 1000
    const TRANSACTION_KEYS = [
      "mId", "transactionKey", "paymentKey", "orderId", "currency", "method", "customerKey",
      "useEscrow", "amount", "status", "transactionAt",
    ]
    /** Korean local time without offset, as Toss wants startDate and endDate. */
    const local = (ms: number) => new Date(ms + 9 * HOUR_MS).toISOString().slice(0, 23)
    const list = (query: Record<string, string | number>, call = api) =>
      call("GET", `/v1/transactions?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`)
    /** Everything from an hour ago to a day ahead. */
    const all = (extra: Record<string, string | number> = {}) =>
      list({ startDate: local(toss.clock.now() - HOUR_MS), endDate: local(toss.clock.now() + 24 * HOUR_MS), ...extra })
    const cancel = (paymentKey: string, body: object) =>
      api("POST", `/v1/payments/${paymentKey}/cancel`, { body: { cancelReason: "환불", ...body } })

    it("lists an approval and each cancel as rows of their own, with Toss's Transaction fields", async () => {
      const payment = await confirmedPayment({ customerKey: "customer-1" })
      const partial = await cancel(payment.paymentKey, { cancelAmount: 5000 })
      const rest = await cancel(payment.paymentKey, {})

      const { status, body } = await all()

      expect(status).toBe(200)
      expect(body).toHaveLength(3)
      expect(Object.keys(body[0]).sort()).toEqual([...TRANSACTION_KEYS].sort())
      const common = {
        mId: "tvivarepublica",
        paymentKey: payment.paymentKey,
        orderId: payment.orderId,
        currency: "KRW",
        method: "카드",
        customerKey: "customer-1",
        useEscrow: false,
      }
      expect(body).toEqual([
        { ...common, transactionKey: payment.lastTransactionKey, amount: 15000, status: "DONE", transactionAt: payment.approvedAt },
        {
          ...common,
          transactionKey: partial.body.cancels[0].transactionKey,
          amount: 5000,
          status: "PARTIAL_CANCELED",
          transactionAt: partial.body.cancels[0].canceledAt,
        },
        {
          ...common,
          transactionKey: rest.body.cancels[1].transactionKey,
          amount: 10000,
          status: "CANCELED",
          transactionAt: rest.body.cancels[1].canceledAt,
        },
      ])
      expect(body[0].transactionAt).toMatch(KST_TIME)
    })

    it("lists a virtual account's issue, deposit and reversal, but nothing for an expiry", async () => {
      const issued = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      const deposited = toss.deposit(issued.paymentKey)
      const reversed = toss.depositError(issued.paymentKey)
      toss.expireVirtualAccount(issued.paymentKey)
      const untouched = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      toss.clock.advance(8 * 24 * HOUR_MS) // past the due date

      const { body } = await list({ startDate: local(toss.clock.now() - 9 * 24 * HOUR_MS), endDate: local(toss.clock.now()) })

      expect(body.map((row: any) => [row.orderId, row.status, row.amount, row.transactionKey, row.method])).toEqual([
        [issued.orderId, "WAITING_FOR_DEPOSIT", 15000, issued.lastTransactionKey, "가상계좌"],
        [issued.orderId, "DONE", 15000, deposited.lastTransactionKey, "가상계좌"],
        [issued.orderId, "WAITING_FOR_DEPOSIT", 15000, reversed.lastTransactionKey, "가상계좌"],
        [untouched.orderId, "WAITING_FOR_DEPOSIT", 15000, untouched.lastTransactionKey, "가상계좌"],
      ])
    })

    it("has no row for what moved no money: open windows, authentications, refused confirms, expiries", async () => {
      toss.authenticate({ orderId: newOrderId(), amount: 15000 }) // never confirmed, then expired
      const refused = toss.authenticate({ orderId: newOrderId(), amount: 15000, confirmError: "REJECT_CARD_PAYMENT" })
      expect((await confirm(refused)).status).toBe(403)
      toss.clock.advance(HOUR_MS)
      expect(toss.payments().map((p) => p.status).sort()).toEqual(["ABORTED", "EXPIRED"])

      expect((await all()).body).toEqual([])
    })

    it("lists a dashboard cancel like an API cancel", async () => {
      const payment = await confirmedPayment()
      const canceled = toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드", cancelAmount: 3000 })
      const rows = (await all()).body
      expect(rows.map((row: any) => [row.status, row.amount, row.transactionKey])).toEqual([
        ["DONE", 15000, payment.lastTransactionKey],
        ["PARTIAL_CANCELED", 3000, canceled.lastTransactionKey],
      ])
    })

    it("selects rows by transactionAt in Korean time, both ends included, oldest first", async () => {
      const first = await confirmedPayment()
      toss.clock.advance(HOUR_MS)
      const second = await confirmedPayment()
      toss.clock.advance(HOUR_MS)
      const third = await confirmedPayment()
      // transactionAt has whole seconds: "2024-01-01T12:00:00+09:00" → "2024-01-01T12:00:00.000"
      const at = (payment: TossPayment) => payment.approvedAt!.slice(0, 19) + ".000"
      const orderIds = async (query: Record<string, string>) =>
        (await list(query)).body.map((row: any) => row.orderId)

      expect(await orderIds({ startDate: at(first), endDate: at(third) })).toEqual([first.orderId, second.orderId, third.orderId])
      expect(await orderIds({ startDate: at(second), endDate: at(second) })).toEqual([second.orderId])
      expect(await orderIds({ startDate: at(first).replace(".000", ".001"), endDate: at(third).replace(".000", "") })).toEqual([
        second.orderId,
        third.orderId,
      ])
    })

    it("pages with limit and startingAfter = the last transactionKey of the previous page", async () => {
      const payments = [await confirmedPayment(), await confirmedPayment(), await confirmedPayment()]
      await cancel(payments[0].paymentKey, { cancelAmount: 1000 })
      const everything = (await all()).body
      expect(everything).toHaveLength(4)

      const first = (await all({ limit: 3 })).body
      const second = (await all({ limit: 3, startingAfter: first[2].transactionKey })).body
      const last = (await all({ limit: 3, startingAfter: second[0].transactionKey })).body

      expect(first).toEqual(everything.slice(0, 3))
      expect(second).toEqual(everything.slice(3))
      expect(last).toEqual([])
    })

    it("answers 100 rows by default and up to 5000 with limit", async () => {
      for (let i = 0; i < 101; i++) toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 1000 })
      expect((await all()).body).toHaveLength(100)
      expect((await all({ limit: 5000 })).body).toHaveLength(101)
    })

    it("refuses a startingAfter it did not list in that window with 400 INVALID_TRANSACTION_KEY", async () => {
      const early = await confirmedPayment()
      toss.clock.advance(2 * HOUR_MS)
      const late = await confirmedPayment()
      const lateWindow = { startDate: local(toss.clock.now() - HOUR_MS), endDate: local(toss.clock.now()) }

      for (const startingAfter of ["0123456789ABCDEF0123456789ABCDEF", early.lastTransactionKey!]) {
        const { status, body } = await list({ ...lateWindow, startingAfter })
        expect([status, body.code]).toEqual([400, "INVALID_TRANSACTION_KEY"])
      }
      expect((await list({ ...lateWindow, startingAfter: late.lastTransactionKey! })).body).toEqual([])
    })

    it("refuses missing or malformed dates and limits with 400 INVALID_REQUEST", async () => {
      const now = toss.clock.now()
      const valid = { startDate: local(now - HOUR_MS), endDate: local(now) }
      const queries: Array<Record<string, string | number>> = [
        {},
        { endDate: valid.endDate },
        { startDate: valid.startDate },
        { ...valid, startDate: new Date(now).toISOString() }, // with "Z"
        { ...valid, endDate: valid.endDate + "+09:00" },
        { ...valid, startDate: "2024-02-30T00:00:00" },
        { ...valid, startDate: "2024-01-01" },
        { startDate: valid.endDate, endDate: valid.startDate },
        { ...valid, limit: 0 },
        { ...valid, limit: 5001 },
        { ...valid, limit: "ten" },
        { ...valid, limit: "1.5" },
      ]
      for (const query of queries) {
        const { status, body } = await list(query)
        expect([query, status, body.code]).toEqual([query, 400, "INVALID_REQUEST"])
      }
      expect((await list({ ...valid, limit: 5000 })).status).toBe(200)
      expect((await list({ startDate: valid.startDate.slice(0, 19), endDate: valid.endDate.slice(0, 19) })).status).toBe(200)
    })

    it("shows a merchant only its own transactions", async () => {
      const own = await confirmedPayment()
      const widgetPayment = toss.authenticateAndConfirm({
        orderId: newOrderId(),
        amount: 15000,
        clientKey: toss.merchants[1].clientKey,
      })
      const window = { startDate: local(toss.clock.now() - HOUR_MS), endDate: local(toss.clock.now() + HOUR_MS) }
      const widgetRows = (await list(window, client(toss, toss.merchants[1].secretKey))).body

      expect((await all()).body.map((row: any) => row.orderId)).toEqual([own.orderId])
      expect(widgetRows.map((row: any) => [row.orderId, row.mId])).toEqual([[widgetPayment.orderId, "tvivarepublica2"]])
    })

    it("shows customerKey as the SDK got it, null for ANONYMOUS", async () => {
      await confirmedPayment({ customerKey: "@@ANONYMOUS" })
      await confirmedPayment()
      expect((await all()).body.map((row: any) => row.customerKey)).toEqual([null, null])
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 1000, customerKey: "a" })).toThrow(
        expect.objectContaining({ code: "INVALID_CUSTOMER_KEY" })
      )
    })

    it("is recorded in the request log with its query", async () => {
      await all({ limit: 7 })
      expect(toss.requestsTo("GET", "/v1/transactions")[0].query).toMatchObject({ limit: "7" })
    })
  })

  describe("settlements (GET /v1/settlements)", () => {
    const DAY_MS = 24 * 60 * 60 * 1000
    const kstDate = (ms: number) => new Date(ms + 9 * 60 * 60 * 1000).toISOString().slice(0, 10)
    const list = (query: Record<string, string | number>, call = api) =>
      call("GET", `/v1/settlements?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`)
    const today = () => ({ startDate: kstDate(toss.clock.now()), endDate: kstDate(toss.clock.now()) })

    it("lists an approval with its fee, VAT on the fee and payout, and a cancel as negative amounts", async () => {
      const payment = await confirmedPayment({ amount: 20000 })
      const canceled = await api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "환불", cancelAmount: 5000 } })

      const { status, body } = await list(today())

      expect(status).toBe(200)
      expect(body).toEqual([
        expect.objectContaining({
          paymentKey: payment.paymentKey,
          transactionKey: payment.lastTransactionKey,
          orderId: payment.orderId,
          method: "카드",
          amount: 20000,
          supplyAmount: 600,
          vat: 60,
          fees: [{ type: "BASE", fee: 660 }],
          payOutAmount: 19340,
          soldDate: kstDate(toss.clock.now()),
          paidOutDate: kstDate(toss.clock.now() + 2 * DAY_MS),
        }),
        expect.objectContaining({
          transactionKey: canceled.body.cancels[0].transactionKey,
          amount: -5000,
          supplyAmount: -150,
          vat: -15,
          payOutAmount: -4835,
        }),
      ])
    })

    it("lists nothing for a virtual account until its deposit, and pages by page and size", async () => {
      const issued = await confirmedPayment({ method: "VIRTUAL_ACCOUNT", amount: 30000 })
      expect((await list(today())).body).toEqual([])
      toss.deposit(issued.paymentKey)
      await confirmedPayment()
      await confirmedPayment()

      const rows = (await list(today())).body
      expect(rows.map((row: any) => [row.method, row.supplyAmount, row.payOutAmount])).toEqual([
        ["가상계좌", 400, 29560],
        ["카드", 450, 14505],
        ["카드", 450, 14505],
      ])
      const pages = await Promise.all([1, 2, 3].map((page) => list({ ...today(), size: 2, page })))
      expect(pages.map((page) => page.body.length)).toEqual([2, 1, 0])
      expect(pages.flatMap((page) => page.body.map((row: any) => row.transactionKey))).toEqual(rows.map((row: any) => row.transactionKey))
      const paidOut = kstDate(toss.clock.now() + 2 * DAY_MS)
      expect((await list({ startDate: paidOut, endDate: paidOut, dateType: "paidOutDate" })).body).toHaveLength(3)
    })

    it("refuses a missing or impossible date, a bad dateType, page or size with 400 INVALID_REQUEST", async () => {
      for (const query of [{}, { ...today(), startDate: "2026-02-30" }, { startDate: "2026-12-02", endDate: "2026-12-01" }, { ...today(), dateType: "x" }, { ...today(), page: 0 }, { ...today(), size: 5001 }]) {
        const { status, body } = await list(query)
        expect([status, body.code]).toEqual([400, "INVALID_REQUEST"])
      }
    })
  })

  describe("cash receipts (POST /v1/cash-receipts)", () => {
    const issue = (body: object) =>
      api("POST", "/v1/cash-receipts", { body: { amount: 15000, orderId: newOrderId(), orderName: "테스트 상품", customerIdentityNumber: "01012345678", type: "소득공제", ...body } })

    it("issues a receipt with the identity number masked, cancels it once, and lists both by request date", async () => {
      const orderId = newOrderId()
      const issued = await issue({ orderId, taxFreeAmount: 3000 })
      expect(issued.status).toBe(200)
      expect(issued.body).toMatchObject({
        orderId,
        amount: 15000,
        taxFreeAmount: 3000,
        type: "소득공제",
        transactionType: "CONFIRM",
        issueStatus: "COMPLETED",
        customerIdentityNumber: "*******5678",
        receiptUrl: expect.stringContaining(issued.body.receiptKey),
      })
      expect((await issue({ orderId })).body.code).toBe("ALREADY_ISSUED_CASH_RECEIPT")

      const canceled = await api("POST", `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, { body: {} })
      expect(canceled.status).toBe(200)
      expect(canceled.body).toMatchObject({ orderId, amount: 15000, transactionType: "CANCEL" })
      expect(canceled.body.receiptKey).not.toBe(issued.body.receiptKey)
      const again = await api("POST", `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, { body: {} })
      expect([again.status, again.body.code]).toEqual([400, "ALREADY_CANCELED_CASH_RECEIPT"])
      const unknown = await api("POST", "/v1/cash-receipts/cr_nothere/cancel", { body: {} })
      expect([unknown.status, unknown.body.code]).toEqual([404, "NOT_FOUND_CASH_RECEIPT"])
      // Cancelled: the order may have a receipt again.
      expect((await issue({ orderId })).status).toBe(200)

      const day = new Date(toss.clock.now() + 9 * 3600_000).toISOString().slice(0, 10)
      const listed = await api("GET", `/v1/cash-receipts?requestDate=${day}&limit=2`)
      expect(listed.body.data.map((row: any) => row.transactionType)).toEqual(["CONFIRM", "CANCEL"])
      expect(listed.body.hasNext).toBe(true)
      const next = await api("GET", `/v1/cash-receipts?requestDate=${day}&cursor=${listed.body.lastCursor}`)
      expect(next.body).toMatchObject({ hasNext: false, data: [expect.objectContaining({ transactionType: "CONFIRM" })] })
    })

    it("refuses an identity number that does not fit the type, a bad amount, type or orderId with 400 INVALID_REQUEST", async () => {
      for (const body of [
        { customerIdentityNumber: "1234" },
        { type: "지출증빙", customerIdentityNumber: "01012345678" },
        { amount: 0 },
        { amount: 1000, taxFreeAmount: 1001 },
        { type: "영수증" },
        { orderId: "x" },
        { orderName: "" },
      ]) {
        const { status, body: answer } = await issue(body)
        expect([status, answer.code]).toEqual([400, "INVALID_REQUEST"])
      }
      expect((await issue({ type: "지출증빙", customerIdentityNumber: "1234567890" })).status).toBe(200)
    })
  })

  describe("backlog controls", () => {
    it("authenticateAndConfirm makes a confirmed payment in one call, with its webhooks", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const card = toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 15000 })
      const account = toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 15000, method: "VIRTUAL_ACCOUNT" })
      await toss.flushWebhooks()

      expect([card.status, account.status]).toEqual(["DONE", "WAITING_FOR_DEPOSIT"])
      expect(receiver.received.map((r) => r.body.data?.status ?? `DEPOSIT_CALLBACK ${r.body.status}`)).toEqual([
        "DONE",
        "WAITING_FOR_DEPOSIT",
        "DEPOSIT_CALLBACK WAITING_FOR_DEPOSIT",
      ])
      expect(toss.requests).toEqual([]) // no API request was made
      await receiver.close()
    })

    it("clock.setTo jumps forward, never back", async () => {
      const target = toss.clock.now() + 40 * 24 * 60 * 60 * 1000
      toss.clock.setTo(new Date(target))
      expect(Math.abs(toss.clock.now() - target)).toBeLessThan(1000)
      expect(() => toss.clock.setTo(target - 60_000)).toThrow(/only moves forward/)

      const post = (path: string, body: unknown) =>
        fetch(`${toss.url}/sandbox${path}`, { method: "POST", body: JSON.stringify(body) })
      const later = new Date(target + 60 * 60 * 1000)
      expect(await (await post("/clock/set", { at: later.toISOString() })).json()).toEqual({
        now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/),
      })
      expect(toss.clock.now()).toBeGreaterThanOrEqual(later.getTime())
      expect((await post("/clock/set", { at: target })).status).toBe(400)
      const made = await (await post("/authenticate-and-confirm", { orderId: newOrderId(), amount: 2000 })).json()
      expect(made.status).toBe("DONE")
    })
  })

  describe("faults", () => {
    it("failNext answers a Toss error without doing anything, then lets the retry through", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/confirm" })
      const headers = { "Idempotency-Key": "retry-me" }

      const failed = await confirm(authenticated, headers)
      expect([failed.status, failed.body.code]).toEqual([500, "FAILED_INTERNAL_SYSTEM_PROCESSING"])
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
      expect((await confirm(authenticated, headers)).body.status).toBe("DONE")
    })

    it("failNext honours times, method and a custom status and message", async () => {
      toss.failNext({ code: "PROVIDER_ERROR", status: 503, message: "busy", times: 2, method: "GET" })
      const first = await api("GET", "/v1/payments/a")
      const second = await api("GET", "/v1/payments/b")
      const third = await api("GET", "/v1/payments/c")
      expect(first).toEqual({ status: 503, body: { code: "PROVIDER_ERROR", message: "busy" } })
      expect(second.status).toBe(503)
      expect(third.body.code).toBe("NOT_FOUND_PAYMENT")
    })

    it("dropNextResponse 'reset' does the work, loses the answer, and keeps it for the idempotent retry", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.dropNextResponse({ mode: "reset", path: /\/confirm$/ })
      const headers = { "Idempotency-Key": "lost-answer" }

      await expect(confirm(authenticated, headers)).rejects.toThrow()
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
      const retry = await confirm(authenticated, headers)
      expect(retry.status).toBe(200)
      expect(retry.body.lastTransactionKey).toBe(toss.getPayment(authenticated.paymentKey)!.lastTransactionKey)
      expect(toss.requestsTo("POST", "/confirm")[0]).toMatchObject({ status: 200, dropped: "reset" })
    })

    it("dropNextResponse 'hang' does the work and never answers", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.dropNextResponse({ mode: "hang" })
      await expect(
        api("POST", "/v1/payments/confirm", { body: authenticated, signal: AbortSignal.timeout(300) })
      ).rejects.toThrow()
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
    })
  })

  describe("request log", () => {
    it("records every API request with its answer, and reset() clears it but keeps payments", async () => {
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      await confirm(authenticated, { "Idempotency-Key": "logged" })
      const [entry] = toss.requestsTo("post", "/v1/payments/confirm")
      expect(entry).toMatchObject({
        method: "POST",
        path: "/v1/payments/confirm",
        body: authenticated,
        idempotencyKey: "logged",
        status: 200,
        response: { status: "DONE" },
      })
      expect(entry.headers.authorization).toMatch(/^Basic /)

      toss.reset()
      expect(toss.requests).toHaveLength(0)
      expect(toss.getPayment(authenticated.paymentKey)!.status).toBe("DONE")
    })

    it("serves the log over HTTP without the secret key", async () => {
      await confirm(toss.authenticate({ orderId: newOrderId(), amount: 15000 }))
      const text = await (await fetch(`${toss.url}/sandbox/requests`)).text()
      expect(JSON.parse(text)[0].headers.authorization).toBe("[redacted]")
      const encoded = Buffer.from(toss.merchants[0].secretKey + ":").toString("base64")
      expect(text).not.toContain(toss.merchants[0].secretKey)
      expect(text).not.toContain(encoded)
    })
  })

  describe("webhooks", () => {
    it("sends PAYMENT_STATUS_CHANGED when a payment expires, as time passes, with failure EXPIRED_PAYMENT", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const authenticated = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      const another = toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      toss.clock.advance(10 * 60 * 1000 + 1) // no request needed: the clock move lets time act

      await toss.flushWebhooks()
      expect(receiver.received.map((r) => [r.body.eventType, r.body.data.orderId, r.body.data.status])).toEqual([
        ["PAYMENT_STATUS_CHANGED", authenticated.orderId, "EXPIRED"],
        ["PAYMENT_STATUS_CHANGED", another.orderId, "EXPIRED"],
      ])
      expect(receiver.received[0].body.data.failure).toEqual({ code: "EXPIRED_PAYMENT", message: expect.any(String) })
      toss.clock.advance(60 * 60 * 1000)
      await toss.flushWebhooks()
      expect(receiver.received).toHaveLength(2) // once each
      await receiver.close()
    })

    it("sends no webhook for a window opened and left, until it expires after 30 minutes", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const opened = await (
        await fetch(`${toss.url}/window/open`, {
          method: "POST",
          body: JSON.stringify({
            integration: "payment",
            clientKey: toss.merchants[0].clientKey,
            customerKey: "@@ANONYMOUS",
            request: { method: "CARD", amount: { currency: "KRW", value: 15000 }, orderId: newOrderId(), orderName: "귤", successUrl: "http://s.test/ok", failUrl: "http://s.test/fail" },
            windowTarget: "self",
          }),
        })
      ).json()
      expect(opened.windowUrl).toBeDefined()
      toss.clock.advance(29 * 60 * 1000)
      await toss.flushWebhooks()
      expect(receiver.received).toHaveLength(0)
      toss.clock.advance(2 * 60 * 1000)
      await toss.flushWebhooks()
      expect(receiver.received.map((r) => r.body.data.status)).toEqual(["EXPIRED"])
      await receiver.close()
    })

    it("reports a virtual account's partial refund by DEPOSIT_CALLBACK too", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      toss.deposit(payment.paymentKey)
      toss.dashboardCancel(payment.paymentKey, {
        cancelReason: "부분 환불",
        cancelAmount: 5000,
        refundReceiveAccount: { bank: "06", accountNumber: "123456789012", holderName: "김토스" },
      })
      await toss.flushWebhooks()
      const callbacks = receiver.received.filter((r) => !r.body.eventType).map((r) => r.body.status)
      expect(callbacks).toEqual(["WAITING_FOR_DEPOSIT", "DONE", "PARTIAL_CANCELED"])
      await receiver.close()
    })

    it("sends CANCEL_STATUS_CHANGED in Toss's shape (a Cancel object) on demand", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment()
      const canceled = toss.dashboardCancel(payment.paymentKey, { cancelReason: "환불", cancelAmount: 1000 })
      await toss.flushWebhooks()
      receiver.received.length = 0

      toss.cancelStatusChanged(payment.orderId, "ABORTED")
      await toss.flushWebhooks()
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
      await toss.flushWebhooks()

      expect(receiver.received).toHaveLength(1)
      const [{ headers, body }] = receiver.received
      expect(body).toMatchObject({ eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: payment.paymentKey, status: "DONE" } })
      expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/)
      expect(headers["tosspayments-webhook-transmission-id"]).toMatch(/^whtrans_/)
      expect(headers["tosspayments-webhook-transmission-time"]).toBeDefined()
      expect(headers["tosspayments-webhook-transmission-retried-count"]).toBe("0")
      expect(toss.webhooks[0]).toMatchObject({ state: "delivered", status: 200 })
      await receiver.close()
    })

    it("adds DEPOSIT_CALLBACK for virtual accounts, and nothing when an account expires", async () => {
      const receiver = await startReceiver()
      await start({ webhooks: true, webhookUrl: receiver.url })
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      toss.deposit(payment.paymentKey)
      await toss.flushWebhooks()

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
      await toss.flushWebhooks()
      const before = receiver.received.length
      toss.expireVirtualAccount(waiting.paymentKey)
      await toss.flushWebhooks()
      expect(receiver.received).toHaveLength(before)
      await receiver.close()
    })

    it("retries until the receiver answers 200", async () => {
      const receiver = await startReceiver([500, 404])
      await start({ webhooks: true, webhookUrl: receiver.url, webhookRetryDelaysMs: [20, 20] })
      await confirmedPayment()
      await toss.flushWebhooks()

      expect(receiver.received.map((r) => r.headers["tosspayments-webhook-transmission-retried-count"])).toEqual(["0", "1", "2"])
      expect(new Set(receiver.received.map((r) => r.headers["tosspayments-webhook-transmission-id"])).size).toBe(1)
      expect(toss.webhooks[0].attempts.map((a) => a.status)).toEqual([500, 404, 200])
      await receiver.close()
    })

    it("gives up after the last retry", async () => {
      const receiver = await startReceiver([500, 500, 500])
      await start({ webhooks: true, webhookUrl: receiver.url, webhookRetryDelaysMs: [10] })
      await confirmedPayment()
      await toss.flushWebhooks()
      expect(toss.webhooks[0]).toMatchObject({ state: "failed", status: 500 })
      expect(toss.webhooks[0].attempts).toHaveLength(2)
      await receiver.close()
    })

    it("sends any forged body once with sendWebhook", async () => {
      const receiver = await startReceiver([401])
      await start({ webhooks: true })
      toss.setWebhookUrl(receiver.url)
      const answer = await toss.sendWebhook({ eventType: "PAYMENT_STATUS_CHANGED", data: { status: "DONE" } }, { "x-forged": "1" })
      expect(answer.status).toBe(401)
      expect(receiver.received[0].headers["x-forged"]).toBe("1")
      await receiver.close()
    })

    it("sends each delivery to the next of several URLs", async () => {
      const [first, second] = [await startReceiver(), await startReceiver()]
      await start({ webhooks: true, webhookUrl: [first.url, second.url] })
      await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      await toss.flushWebhooks()
      await toss.sendWebhook({ eventType: "PAYMENT_STATUS_CHANGED", data: {} })

      expect(toss.webhooks.map((delivery) => delivery.url)).toEqual([first.url, second.url, first.url])
      expect([first.received.length, second.received.length]).toEqual([2, 1])
      await Promise.all([first.close(), second.close()])
    })
  })

  describe("HTTP controls", () => {
    it("accept faults, authentications and clock moves as JSON", async () => {
      const post = (path: string, body: unknown) =>
        fetch(`${toss.url}/sandbox${path}`, { method: "POST", body: JSON.stringify(body) }).then((r) => r.json())
      const authenticated = await post("/authenticate", { orderId: newOrderId(), amount: 15000 })
      await post("/faults", { kind: "fail", code: "COMMON_ERROR", path: "/confirm" })
      expect((await confirm(authenticated)).body.code).toBe("COMMON_ERROR")
      await post("/clock/advance", { ms: 11 * 60 * 1000 })
      expect((await confirm(authenticated)).body.code).toBe("NOT_FOUND_PAYMENT_SESSION")
      const payments = await (await fetch(`${toss.url}/sandbox/payments`)).json()
      expect(payments.map((p: TossPayment) => p.orderId)).toContain(authenticated.orderId)
    })
  })

})
