import http from "node:http"
import { AddressInfo } from "node:net"
import vm from "node:vm"
import { startTossSandbox, TossPayment, TossSandbox, TossSandboxOptions } from ".."

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

let orderCounter = 0
function newOrderId(): string {
  orderCounter += 1
  return `order_${Date.now()}_${orderCounter}`
}

interface Answer {
  status: number
  body: any
}

/** A Toss API client as thin as possible: what goes over the wire is what the test sees. */
function client(sandbox: TossSandbox, secretKey = sandbox.merchants[0].secretKey) {
  const authorization = "Basic " + Buffer.from(secretKey + ":").toString("base64")
  return async function call(
    method: "GET" | "POST",
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {}
  ): Promise<Answer> {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: { authorization, "content-type": "application/json", ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
    return { status: response.status, body: await response.json() }
  }
}

/** A local webhook receiver that answers with the statuses it is given, then 200. */
async function startReceiver(statuses: number[] = []) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) })
      res.writeHead(statuses.shift() ?? 200)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/toss`
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) }
}

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

    it("accepts an orderId of 6 to 64 characters of [A-Za-z0-9_-] only", () => {
      for (const orderId of ["short", "x".repeat(65), "order#1234"]) {
        expect(() => toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }))
      }
    })

    it("never reuses an orderId for a second payment", () => {
      const orderId = newOrderId()
      toss.authenticate({ orderId, amount: 1000 })
      expect(() => toss.authenticate({ orderId, amount: 1000 })).toThrow(expect.objectContaining({ code: "DUPLICATED_ORDER_ID" }))
    })

    it("accepts only KRW", () => {
      expect(() => toss.authenticate({ orderId: newOrderId(), amount: 1000, currency: "USD" })).toThrow(
        expect.objectContaining({ code: "INVALID_REQUEST" })
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
        expect.objectContaining({ code: "INVALID_REQUEST" })
      )
    })

    it("is recorded in the request log with its query", async () => {
      await all({ limit: 7 })
      expect(toss.requestsTo("GET", "/v1/transactions")[0].query).toMatchObject({ limit: "7" })
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

  describe("payment window", () => {
    const windowParams = (extra: Record<string, string> = {}) => ({
      clientKey: toss.merchants[0].clientKey,
      method: "CARD",
      orderId: newOrderId(),
      orderName: "토스 티셔츠",
      amount: "15000",
      currency: "KRW",
      successUrl: "http://shop.test/success?cart=1",
      failUrl: "http://shop.test/fail",
      ...extra,
    })
    const submit = (fields: Record<string, string>) =>
      fetch(`${toss.url}/window`, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) })

    it("shows the order with stable test ids and opens a READY payment", async () => {
      const params = windowParams()
      const response = await fetch(`${toss.url}/window?${new URLSearchParams(params)}`)
      const html = await response.text()
      expect(response.status).toBe(200)
      for (const id of ["toss-approve", "toss-decline", "toss-close", "toss-decline-at-confirm", "toss-method-CARD", "toss-method-TOSSPAY"]) {
        expect(html).toContain(`data-testid="${id}"`)
      }
      expect(html).toContain("15,000원")
      expect(toss.getPayment(params.orderId)).toMatchObject({ status: "READY", method: null })
    })

    it("approve redirects to successUrl with paymentType, orderId, paymentKey and amount", async () => {
      const params = windowParams()
      const response = await submit({ ...params, action: "approve", choice: "TOSSPAY" })
      expect(response.status).toBe(303)
      const location = new URL(response.headers.get("location")!)
      expect(location.pathname).toBe("/success")
      expect(Object.fromEntries(location.searchParams)).toEqual({
        cart: "1",
        paymentType: "NORMAL",
        orderId: params.orderId,
        paymentKey: expect.stringMatching(/^tgen_/),
        amount: "15000",
      })
      const { body } = await confirm({ paymentKey: location.searchParams.get("paymentKey")!, orderId: params.orderId, amount: 15000 })
      expect(body.easyPay.provider).toBe("토스페이")
    })

    it("decline and close redirect to failUrl with REJECT_CARD_COMPANY and PAY_PROCESS_CANCELED", async () => {
      const params = windowParams()
      const declined = new URL((await submit({ ...params, action: "decline" })).headers.get("location")!)
      const closed = new URL((await submit({ ...params, action: "close" })).headers.get("location")!)
      expect(declined.searchParams.get("code")).toBe("REJECT_CARD_COMPANY")
      expect(closed.searchParams.get("code")).toBe("PAY_PROCESS_CANCELED")
      expect(closed.searchParams.get("orderId")).toBe(params.orderId)
      expect(closed.searchParams.get("message")).toBeTruthy()
    })

    it("decline at confirm authenticates, then the confirm is refused", async () => {
      const params = windowParams()
      const location = new URL((await submit({ ...params, action: "decline-at-confirm" })).headers.get("location")!)
      const { status, body } = await confirm({
        paymentKey: location.searchParams.get("paymentKey")!,
        orderId: params.orderId,
        amount: 15000,
      })
      expect([status, body.code]).toEqual([403, "REJECT_CARD_PAYMENT"])
    })

    it("sends an invalid request back to failUrl with its error code", async () => {
      const response = await fetch(`${toss.url}/window?${new URLSearchParams(windowParams({ amount: "50" }))}`, {
        redirect: "manual",
      })
      expect(new URL(response.headers.get("location")!).searchParams.get("code")).toBe("BELOW_MINIMUM_AMOUNT")
    })

    it("lists waiting virtual accounts on the bank page with a deposit button", async () => {
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      const html = await (await fetch(`${toss.url}/sandbox/bank`)).text()
      expect(html).toContain(`data-testid="bank-deposit-${payment.orderId}"`)
      const deposit = await fetch(`${toss.url}/sandbox/payments/${payment.paymentKey}/deposit`, { method: "POST" })
      expect((await deposit.json()).status).toBe("DONE")
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

  describe("SDK script", () => {
    /** Just enough of a browser to run the script and the official loader against it. */
    function fakeBrowser() {
      const elements: Record<string, any> = {}
      const navigations: string[] = []
      function element(tag: string): any {
        const listeners: Record<string, Array<(event: unknown) => void>> = {}
        return {
          tag,
          children: [] as any[],
          innerHTML: "",
          addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] ??= []).push(fn),
          removeEventListener: () => undefined,
          dispatch: (type: string, event: unknown) => (listeners[type] ?? []).forEach((fn) => fn(event)),
          appendChild(child: any) {
            this.children.push(child)
            child.parentElement = this
            return child
          },
          remove() {
            this.parentElement.children.splice(this.parentElement.children.indexOf(this), 1)
          },
        }
      }
      const window: any = { location: { assign: (url: string) => navigations.push(url) } }
      const document: any = {
        head: element("head"),
        createElement: element,
        getElementById: () => null,
        querySelector: (selector: string) => elements[selector] ?? null,
      }
      window.document = document
      const run = (code: string) => vm.runInNewContext(code, { window, document, URLSearchParams })
      return { window, document, elements, navigations, element, run }
    }

    async function loadScript() {
      const browser = fakeBrowser()
      browser.run(await (await fetch(`${toss.url}/v2/standard`)).text())
      return browser
    }

    const request = {
      method: "CARD",
      amount: { currency: "KRW", value: 15000 },
      orderId: "order_sdk_0001",
      orderName: "토스 티셔츠",
      successUrl: "http://shop.test/success",
      failUrl: "http://shop.test/fail",
    }

    it("satisfies the official loader: loadTossPayments({src}) returns the sandbox SDK", async () => {
      const browser = fakeBrowser()
      // The loader injects <script src>, waits for "load", then calls window.TossPayments(clientKey).
      browser.document.head.appendChild = (script: any) => {
        fetch(script.src)
          .then((r) => r.text())
          .then((code) => {
            browser.run(code)
            script.dispatch("load", {})
          })
      }
      browser.document.querySelector = () => null
      Object.assign(globalThis, { window: browser.window, document: browser.document })
      try {
        const { loadTossPayments } = jest.requireActual("@tosspayments/tosspayments-sdk")
        const tossPayments = await loadTossPayments(toss.merchants[0].clientKey, { src: `${toss.url}/v2/standard` })
        expect(typeof tossPayments.payment).toBe("function")
        expect(browser.window.TossPayments.ANONYMOUS).toBe("@@ANONYMOUS")
      } finally {
        delete (globalThis as any).window
        delete (globalThis as any).document
      }
    })

    it("payment().requestPayment navigates to the sandbox window with the request", async () => {
      const browser = await loadScript()
      const payment = browser.window.TossPayments(toss.merchants[0].clientKey).payment({ customerKey: "@@ANONYMOUS" })
      await payment.requestPayment({ ...request, card: { easyPay: "KAKAOPAY" } })
      const url = new URL(browser.navigations[0])
      expect(url.origin + url.pathname).toBe(`${toss.url}/window`)
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        clientKey: toss.merchants[0].clientKey,
        method: "CARD",
        easyPay: "KAKAOPAY",
        amount: "15000",
        orderId: request.orderId,
      })
    })

    it("refuses keys of the wrong family, bad customer keys, bad requests and the promise flow", async () => {
      const { window } = await loadScript()
      const [apiKey, widgetKey] = toss.merchants.map((m) => m.clientKey)
      expect(() => window.TossPayments(apiKey).widgets({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "NOT_SUPPORTED_API_INDIVIDUAL_KEY" })
      )
      expect(() => window.TossPayments(widgetKey).payment({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "NOT_SUPPORTED_WIDGET_KEY" })
      )
      expect(() => window.TossPayments(toss.merchants[0].secretKey).payment({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "INVALID_CLIENT_KEY" })
      )
      expect(() => window.TossPayments(apiKey).payment({ customerKey: "a" })).toThrow(
        expect.objectContaining({ code: "INVALID_CUSTOMER_KEY" })
      )
      const payment = window.TossPayments(apiKey).payment({ customerKey: "customer-1" })
      await expect(payment.requestPayment({ ...request, orderName: "x".repeat(101) })).rejects.toMatchObject({ code: "INVALID_PARAMETERS" })
      await expect(payment.requestPayment({ ...request, customerMobilePhone: "010-1234-5678" })).rejects.toMatchObject({
        code: "INVALID_PARAMETERS",
      })
      await expect(payment.requestPayment({ ...request, amount: { currency: "USD", value: 1 } })).rejects.toMatchObject({
        code: "INVALID_AMOUNT_CURRENCY",
      })
      await expect(payment.requestPayment({ ...request, successUrl: undefined, failUrl: undefined })).rejects.toMatchObject({
        code: "NOT_SUPPORTED_PROMISE",
      })
    })

    it("widgets render methods and the agreement, and pay with the chosen method once agreed", async () => {
      const browser = await loadScript()
      browser.elements["#methods"] = browser.element("div")
      browser.elements["#agreement"] = browser.element("div")
      const widgets = browser.window.TossPayments(toss.merchants[1].clientKey).widgets({ customerKey: "@@ANONYMOUS" })

      await expect(widgets.renderPaymentMethods({ selector: "#methods" })).rejects.toMatchObject({ code: "NOT_SETUP_AMOUNT" })
      await widgets.setAmount({ currency: "KRW", value: 15000 })
      await widgets.renderPaymentMethods({ selector: "#methods" })
      await widgets.renderAgreement({ selector: "#agreement" })
      const methods = browser.elements["#methods"].children[0]
      const agreement = browser.elements["#agreement"].children[0]
      expect(methods.innerHTML).toContain('data-testid="toss-widget-method-NAVERPAY"')
      expect(agreement.innerHTML).toContain('type="checkbox"')

      const pay = { orderId: "order_widget_1", orderName: "토스 티셔츠", successUrl: "http://s.test/ok", failUrl: "http://s.test/fail" }
      await expect(widgets.requestPayment(pay)).rejects.toMatchObject({ code: "NEED_AGREEMENT_WITH_REQUIRED_TERMS" })
      methods.dispatch("change", { target: { value: "NAVERPAY" } })
      agreement.dispatch("change", { target: { checked: true } })
      await widgets.requestPayment(pay)

      const url = new URL(browser.navigations[0])
      expect(Object.fromEntries(url.searchParams)).toMatchObject({ method: "CARD", easyPay: "NAVERPAY", amount: "15000" })
    })
  })
})
