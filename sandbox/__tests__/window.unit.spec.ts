import path from "node:path"
import ts from "typescript"
import { client, fakeBrowser, loadSdk, newOrderId, submitWindow, useSandbox } from "./helpers"

const URLS = { successUrl: "http://shop.test/success?cart=1", failUrl: "http://shop.test/fail" }
const MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"

describe("Toss sandbox: payment window and SDK stand-in", () => {
  const { state, confirmedPayment } = useSandbox()

  /** The SDK script's `POST /window/open`, with a payment window request as the SDK takes it. */
  async function open(request: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const response = await fetch(`${state.toss.url}/window/open`, {
      method: "POST",
      body: JSON.stringify({
        integration: "payment",
        clientKey: state.toss.merchants[0].clientKey,
        customerKey: "@@ANONYMOUS",
        windowTarget: "self",
        request: {
          method: "CARD",
          amount: { currency: "KRW", value: 15000 },
          orderId: newOrderId(),
          orderName: "제주 감귤 3kg",
          ...URLS,
          ...request,
        },
        ...extra,
      }),
    })
    return { status: response.status, cors: response.headers.get("access-control-allow-origin"), body: await response.json() }
  }

  async function windowFor(request: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const { body } = await open(request, extra)
    expect(body.windowUrl).toMatch(/\/window\/tgen_/)
    const page = await fetch(body.windowUrl)
    return { url: body.windowUrl as string, status: page.status, html: await page.text() }
  }

  /** Approve in the window, then confirm as the store would: the Payment Toss answers. */
  async function approveAndConfirm(windowUrl: string, fields: Record<string, string> = {}) {
    const response = await submitWindow(windowUrl, { action: "approve", ...fields })
    const location = new URL(response.headers.get("location")!)
    expect(location.searchParams.get("code")).toBeNull()
    const { paymentKey, orderId, amount } = Object.fromEntries(location.searchParams)
    return (await state.api("POST", "/v1/payments/confirm", { body: { paymentKey, orderId, amount: Number(amount) } })).body
  }

  describe("opening", () => {
    it("opens a READY payment and answers its window's URL, to any origin (CORS)", async () => {
      const orderId = newOrderId()
      const { status, cors, body } = await open({ orderId })
      expect([status, cors]).toEqual([200, "*"])
      expect(state.toss.getPayment(orderId)).toMatchObject({ status: "READY", method: null })
      const page = await fetch(body.windowUrl)
      const html = await page.text()
      for (const id of ["toss-approve", "toss-decline", "toss-close", "toss-decline-at-confirm", "toss-method-CARD", "toss-method-TOSSPAY", "toss-card-company"]) {
        expect(html).toContain(`data-testid="${id}"`)
      }
      expect(html).toContain("15,000원")
    })

    it("refuses what Toss refuses, with Toss's codes", async () => {
      const va = (virtualAccount: Record<string, unknown>) => ({ method: "VIRTUAL_ACCOUNT", virtualAccount })
      const card = (options: Record<string, unknown>) => ({ method: "CARD", card: options })
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ orderId: "x" }, "INVALID_ORDER_ID"],
        [{ orderName: "x".repeat(101) }, "INVALID_ORDER_NAME"],
        [{ amount: { currency: "KRW", value: 0 } }, "BELOW_ZERO_AMOUNT"],
        [{ method: "FOREIGN_EASY_PAY", foreignEasyPay: { provider: "PAYPAL", country: "KR" } }, "NOT_SUPPORTED_METHOD"],
        [card({ flowMode: "DIRECT" }), "INVALID_FLOW_MODE_PARAMETERS"],
        [card({ flowMode: "DIRECT", easyPay: "NOPAY" }), "INVALID_EASY_PAY"],
        [card({ cardCompany: "99" }), "INVALID_CARD_COMPANY"],
        [card({ cardInstallmentPlan: 3, maxCardInstallmentPlan: 6 }), "INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE"],
        [card({ maxCardInstallmentPlan: 13 }), "EXCEED_MAX_CARD_INSTALLMENT_PLAN"],
        [card({ cardInstallmentPlan: 1 }), "EXCEED_MIN_CARD_INSTALLMENT_PLAN"],
        [card({ freeInstallmentPlans: [{ company: "BC", months: [0] }] }), "EXCEED_MIN_CARD_INSTALLMENT_PLAN"],
        [card({ freeInstallmentPlans: [{ company: "NOCARD", months: [3] }] }), "INVALID_CARD_COMPANY"],
        [card({ language: "FR" }), "INVALID_REQUEST"],
        [card({ appScheme: "https://shop.test" }), "INVALID_REQUEST"],
        [card({ useEscrow: true }), "INVALID_REQUEST"],
        [card({ useEscrow: true, escrowProducts: [{ id: "1", name: "귤", unitPrice: 1000, quantity: 1 }] }), "INVALID_REQUEST"],
        [va({ validHours: 2161 }), "EXCEED_MAX_VALID_HOURS"],
        [va({ validHours: 0 }), "INVALID_REQUEST"],
        [va({ validHours: 24, dueDate: "2099-01-01T00:00:00" }), "INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE"],
        [va({ dueDate: "2099-01-01T00:00:00+09:00" }), "INVALID_ISO_DATE_FORMAT"],
        [va({ dueDate: "2000-01-01T00:00:00" }), "INVALID_DATE"],
        [va({ dueDate: "2099-01-01T00:00:00" }), "EXCEED_MAX_DUE_DATE"],
        [va({ cashReceipt: { type: "개인" } }), "INVALID_CASH_RECEIPT_INFO"],
        [va({ refundReceiveAccount: { bankCode: "04", accountNumber: "123456789", holderName: "김토스" } }), "INVALID_BANK"],
        [{ method: "MOBILE_PHONE", customerEmail: "not-an-address" }, "INVALID_EMAIL"],
      ]
      for (const [request, code] of cases) {
        const { status, body } = await open(request)
        expect([request, status, body.code]).toEqual([request, 400, code])
      }
      expect(state.toss.payments()).toEqual([])
    })

    it("sends a refusal the window would show (a minimum, a reused orderId) to failUrl", async () => {
      const { body } = await open({ amount: { currency: "KRW", value: 50 } })
      const failUrl = new URL(body.redirect)
      expect(failUrl.origin + failUrl.pathname).toBe(URLS.failUrl)
      expect(failUrl.searchParams.get("code")).toBe("BELOW_MINIMUM_AMOUNT")
      const used = await confirmedPayment()
      const reused = await open({ orderId: used.orderId })
      expect(new URL(reused.body.redirect).searchParams.get("code")).toBe("DUPLICATED_ORDER_ID")
    })
  })

  describe("the shopper's answer", () => {
    it("approve redirects to successUrl with paymentType, orderId, paymentKey and amount", async () => {
      const { url } = await windowFor({})
      const response = await submitWindow(url, { action: "approve", choice: "TOSSPAY" })
      expect(response.status).toBe(303)
      const location = new URL(response.headers.get("location")!)
      expect(location.pathname).toBe("/success")
      expect(Object.fromEntries(location.searchParams)).toEqual({
        cart: "1",
        paymentType: "NORMAL",
        orderId: expect.any(String),
        paymentKey: expect.stringMatching(/^tgen_/),
        amount: "15000",
      })
      const { body } = await state.api("POST", "/v1/payments/confirm", {
        body: { paymentKey: location.searchParams.get("paymentKey"), orderId: location.searchParams.get("orderId"), amount: 15000 },
      })
      expect(body.easyPay.provider).toBe("토스페이")
    })

    it("decline and close redirect to failUrl with REJECT_CARD_COMPANY and PAY_PROCESS_CANCELED", async () => {
      const declined = new URL((await submitWindow((await windowFor({})).url, { action: "decline" })).headers.get("location")!)
      const { url } = await windowFor({})
      const closed = new URL((await submitWindow(url, { action: "close" })).headers.get("location")!)
      expect(declined.searchParams.get("code")).toBe("REJECT_CARD_COMPANY")
      expect(closed.searchParams.get("code")).toBe("PAY_PROCESS_CANCELED")
      expect(closed.searchParams.get("orderId")).toBe(state.toss.payments().at(-1)!.orderId)
      expect(closed.searchParams.get("message")).toBeTruthy()
      expect(state.toss.payments().at(-1)!.status).toBe("READY") // closing changes nothing
    })

    it("decline at confirm authenticates, then the confirm is refused", async () => {
      const { url } = await windowFor({})
      const location = new URL((await submitWindow(url, { action: "decline-at-confirm" })).headers.get("location")!)
      const { paymentKey, orderId } = Object.fromEntries(location.searchParams)
      const { status, body } = await state.api("POST", "/v1/payments/confirm", { body: { paymentKey, orderId, amount: 15000 } })
      expect([status, body.code]).toEqual([403, "REJECT_CARD_PAYMENT"])
    })

    it("shows a window once: after the answer it is gone", async () => {
      const { url } = await windowFor({})
      await submitWindow(url, { action: "approve" })
      expect((await fetch(url)).status).toBe(410)
      expect((await fetch(`${state.toss.url}/window/tgen_unknown`)).status).toBe(404)
    })
  })

  describe("card options", () => {
    it("honours card.easyPay only with flowMode DIRECT: with DEFAULT it is the card window", async () => {
      const direct = await windowFor({ card: { flowMode: "DIRECT", easyPay: "KAKAOPAY" } })
      expect(direct.html).toContain('data-testid="toss-method-KAKAOPAY"')
      expect(direct.html).not.toContain('data-testid="toss-method-CARD"')
      expect((await approveAndConfirm(direct.url)).easyPay).toEqual({ provider: "카카오페이", amount: 0, discountAmount: 0 })

      const ignored = await windowFor({ card: { flowMode: "DEFAULT", easyPay: "KAKAOPAY" } })
      expect(ignored.html).toContain('data-testid="toss-method-CARD"')
      const paid = await approveAndConfirm(ignored.url, { choice: "CARD" })
      expect([paid.method, paid.easyPay]).toEqual(["카드", null])
    })

    it("offers installments from 50,000 KRW only, up to maxCardInstallmentPlan, interest-free where the store pays", async () => {
      const small = await windowFor({ card: { maxCardInstallmentPlan: 6 } })
      expect(small.html).not.toContain('data-testid="toss-installment"')

      const request = {
        amount: { currency: "KRW", value: 60000 },
        card: { maxCardInstallmentPlan: 6, freeInstallmentPlans: [{ company: "SHINHAN", months: [2, 3] }] },
      }
      const large = await windowFor(request)
      const select = /<select name="installmentPlanMonths"[^>]*>(.*?)<\/select>/s.exec(large.html)![1]
      const options = [...select.matchAll(/<option value="(\d+)">/g)].map((m) => Number(m[1]))
      expect(options).toEqual([0, 2, 3, 4, 5, 6])
      const free = await approveAndConfirm(large.url, { issuerCode: "41", installmentPlanMonths: "3" })
      expect(free.card).toMatchObject({ issuerCode: "41", installmentPlanMonths: 3, isInterestFree: true, interestPayer: "MERCHANT" })
      const paid = await approveAndConfirm((await windowFor(request)).url, { issuerCode: "11", installmentPlanMonths: "3" })
      expect(paid.card).toMatchObject({ issuerCode: "11", installmentPlanMonths: 3, isInterestFree: false, interestPayer: "BUYER" })
      const tooLong = await submitWindow((await windowFor(request)).url, { action: "approve", installmentPlanMonths: "12" })
      expect(new URL(tooLong.headers.get("location")!).searchParams.get("code")).toBe("EXCEED_MAX_CARD_INSTALLMENT_PLAN")
    })

    it("fixes the plan with cardInstallmentPlan and the company with cardCompany", async () => {
      const { url, html } = await windowFor({ amount: { currency: "KRW", value: 80000 }, card: { cardInstallmentPlan: 5, cardCompany: "HYUNDAI" } })
      expect([...html.matchAll(/<option value="(\w+)"/g)].map((m) => m[1])).toEqual(["61", "5"])
      expect(html).not.toContain('data-testid="toss-method-TOSSPAY"')
      expect((await approveAndConfirm(url)).card).toMatchObject({ issuerCode: "61", installmentPlanMonths: 5 })
    })

    it("opens the card window in English for card.language EN", async () => {
      const { html } = await windowFor({ card: { language: "EN" } })
      expect(html).toContain('<html lang="en">')
      expect(html).toContain("Approve")
      expect(html).not.toContain("결제하기")
      expect((await windowFor({})).html).toContain("결제하기")
    })

    it("takes an app scheme for the ISP/card app to return to", async () => {
      const { html } = await windowFor({ card: { appScheme: "myshop://" } })
      expect(html).toContain('data-testid="toss-app-scheme"')
      expect(html).toContain("myshop://")
    })
  })

  describe("virtual account options", () => {
    it("issues the account for validHours, or until dueDate, in the bank the shopper picks", async () => {
      const before = state.toss.clock.now()
      const hours = await approveAndConfirm((await windowFor({ method: "VIRTUAL_ACCOUNT", virtualAccount: { validHours: 24 } })).url, {
        bankCode: "06",
      })
      const dueAt = Date.parse(hours.virtualAccount.dueDate)
      expect(dueAt - before).toBeGreaterThanOrEqual(24 * 3600_000 - 1000)
      expect(dueAt - before).toBeLessThan(24 * 3600_000 + 60_000)
      expect(hours.virtualAccount.bankCode).toBe("06")

      const due = new Date(before + 3 * 24 * 3600_000 + 9 * 3600_000).toISOString().slice(0, 10) + "T23:59:59"
      const dated = await approveAndConfirm((await windowFor({ method: "VIRTUAL_ACCOUNT", virtualAccount: { dueDate: due } })).url)
      expect(dated.virtualAccount.dueDate).toBe(`${due}+09:00`)

      const unlimited = await approveAndConfirm((await windowFor({ method: "VIRTUAL_ACCOUNT" })).url)
      expect(Date.parse(unlimited.virtualAccount.dueDate) - before).toBeGreaterThanOrEqual(168 * 3600_000 - 1000)
    })

    it("lets the shopper choose the cash receipt when the request leaves it open", async () => {
      const { url, html } = await windowFor({ method: "VIRTUAL_ACCOUNT" })
      expect(html).toContain('data-testid="toss-cash-receipt-type"')
      const payment = await approveAndConfirm(url, { cashReceiptType: "지출증빙", customerIdentityNumber: "123-45-67890" })
      state.toss.deposit(payment.paymentKey)
      expect(state.toss.getPayment(payment.paymentKey)!.cashReceipt).toMatchObject({ type: "지출증빙", amount: 15000 })
    })
  })

  describe("escrow", () => {
    const products = [{ id: "p1", name: "제주 감귤 3kg", code: "TANGERINE-3", unitPrice: 15000, quantity: 1 }]

    it("applies escrow the request asks for, and lets the shopper opt in when the request leaves it open", async () => {
      const asked = await approveAndConfirm((await windowFor({ method: "TRANSFER", transfer: { useEscrow: true, escrowProducts: products } })).url)
      expect(asked.useEscrow).toBe(true)
      const open = await windowFor({ method: "TRANSFER", transfer: { escrowProducts: products } })
      expect(open.html).toContain('data-testid="toss-escrow"')
      expect((await approveAndConfirm(open.url, { useEscrow: "true" })).useEscrow).toBe(true)
      const declined = await windowFor({ method: "TRANSFER", transfer: { escrowProducts: products } })
      expect((await approveAndConfirm(declined.url)).useEscrow).toBe(false)
    })
  })

  describe("iframe window", () => {
    it("closes by telling the page that opened it, and sends the page itself to successUrl or failUrl", async () => {
      const { html } = await windowFor({}, { windowTarget: "iframe" })
      expect(html).toContain('target="_top"')
      expect(html).toMatch(/data-testid="toss-close" onclick="parent\.postMessage\(\{source: 'toss-sandbox', type: 'close'\}/)
    })

    it("answers the promise flow (no URLs) with a message to the page", async () => {
      const { url, html } = await windowFor({ successUrl: undefined, failUrl: undefined }, { windowTarget: "iframe", promise: true })
      expect(html).not.toContain('target="_top"')
      const approved = await (await submitWindow(url, { action: "approve" })).text()
      const message = JSON.parse(/parent\.postMessage\((.*), "\*"\)/.exec(approved)![1])
      expect(message).toEqual({
        source: "toss-sandbox",
        type: "result",
        result: { paymentKey: expect.stringMatching(/^tgen_/), orderId: expect.any(String), amount: { currency: "KRW", value: 15000 } },
      })
      const declined = await (await submitWindow((await windowFor({}, { windowTarget: "iframe", promise: true })).url, { action: "decline" })).text()
      expect(declined).toContain('"type":"error","code":"REJECT_CARD_COMPANY"')
    })
  })

  describe("payment widget", () => {
    it("carries the refund account the widget collected into the virtual account, and refunds to it", async () => {
      const account = { bankCode: "06", accountNumber: "12345678901234", holderName: "김토스" }
      const { url, html } = await windowFor(
        {},
        {
          integration: "widget",
          clientKey: state.toss.merchants[1].clientKey,
          method: "VIRTUAL_ACCOUNT",
          amount: { currency: "KRW", value: 30000 },
          refundReceiveAccount: account,
        }
      )
      expect(html).toContain('data-testid="toss-refund-account"')
      const location = new URL((await submitWindow(url, { action: "approve" })).headers.get("location")!)
      const { paymentKey, orderId } = Object.fromEntries(location.searchParams)
      const widgetApi = client(state.toss, state.toss.merchants[1].secretKey)
      const confirmed = (await widgetApi("POST", "/v1/payments/confirm", { body: { paymentKey, orderId, amount: 30000 } })).body
      expect(confirmed.virtualAccount.refundReceiveAccount).toEqual(account)
      state.toss.deposit(paymentKey)
      const refunded = await widgetApi("POST", `/v1/payments/${paymentKey}/cancel`, { body: { cancelReason: "품절" } })
      expect(refunded.body).toMatchObject({ status: "CANCELED", virtualAccount: { refundStatus: "PENDING", refundReceiveAccount: account } })
    })
  })

  describe("SDK script", () => {
    const request = {
      method: "CARD",
      amount: { currency: "KRW", value: 15000 },
      orderName: "토스 티셔츠",
      ...URLS,
    }

    it("type-checks against the installed @tosspayments/tosspayments-sdk: TossPayments(clientKey) is a TossPaymentsSDK", () => {
      const program = ts.createProgram([path.join(__dirname, "..", "sdk", "standard.ts")], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: [],
        skipLibCheck: true,
      })
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      expect(problems).toEqual([])
    }, 30_000)

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
        const tossPayments = await loadTossPayments(state.toss.merchants[0].clientKey, { src: `${state.toss.url}/v2/standard` })
        expect(Object.keys(tossPayments).sort()).toEqual(["brandpay", "payment", "widgets"])
        expect(browser.window.TossPayments.ANONYMOUS).toBe("@@ANONYMOUS")
      } finally {
        delete (globalThis as any).window
        delete (globalThis as any).document
      }
    })

    it("on a phone, sends the page to the window (windowTarget self), with the request's customerKey", async () => {
      const browser = await loadSdk(state.toss, { userAgent: MOBILE })
      const payment = browser.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "customer-1" })
      const orderId = newOrderId()
      await payment.requestPayment({ ...request, orderId, card: { flowMode: "DIRECT", easyPay: "KAKAOPAY" } })
      const [url] = browser.navigations
      expect(url).toMatch(new RegExp(`^${state.toss.url}/window/tgen_`))
      expect((await (await fetch(url)).text())).toContain('data-testid="toss-method-KAKAOPAY"')
      await approveAndConfirm(url)
      const { body } = await state.api("GET", `/v1/transactions?startDate=2000-01-01T00:00:00&endDate=2099-12-31T23:59:59`)
      expect(body.find((row: any) => row.orderId === orderId).customerKey).toBe("customer-1")
    })

    it("on a desktop, opens the window in an iframe: closing it rejects with USER_CANCEL and visits no URL", async () => {
      const browser = await loadSdk(state.toss)
      const payment = browser.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "@@ANONYMOUS" })
      const pending = payment.requestPayment({ ...request, orderId: newOrderId() })
      await waitUntil(() => browser.frame())
      expect(browser.frame().src).toMatch(new RegExp(`^${state.toss.url}/window/tgen_`))
      // Another request while the window is open is refused.
      await expect(payment.requestPayment({ ...request, orderId: newOrderId() })).rejects.toMatchObject({ code: "INVALID_METHOD_TRANSACTION" })

      browser.postFromWindow("http://elsewhere.test", { source: "toss-sandbox", type: "close" }) // not from the sandbox: ignored
      browser.postFromWindow(state.toss.url, { source: "toss-sandbox", type: "close" })
      await expect(pending).rejects.toMatchObject({ code: "USER_CANCEL" })
      expect(browser.frame()).toBeUndefined()
      expect(browser.navigations).toEqual([])
    })

    it("resolves the promise flow with the window's result, in an iframe only", async () => {
      const browser = await loadSdk(state.toss)
      const payment = browser.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "@@ANONYMOUS" })
      const pending = payment.requestPayment({ ...request, successUrl: undefined, failUrl: undefined, orderId: newOrderId() })
      await waitUntil(() => browser.frame())
      const page = await (await submitWindow(browser.frame().src, { action: "approve" })).text()
      browser.postFromWindow(state.toss.url, JSON.parse(/parent\.postMessage\((.*), "\*"\)/.exec(page)![1]))
      await expect(pending).resolves.toMatchObject({ amount: { currency: "KRW", value: 15000 } })

      const phone = await loadSdk(state.toss, { userAgent: MOBILE })
      const onPhone = phone.window.TossPayments(state.toss.merchants[0].clientKey).payment({ customerKey: "@@ANONYMOUS" })
      await expect(onPhone.requestPayment({ ...request, successUrl: undefined, failUrl: undefined, orderId: newOrderId() })).rejects.toMatchObject({
        code: "NOT_SUPPORTED_PROMISE",
      })
    })

    it("refuses keys of the wrong family, bad customer keys and bad requests, with the SDK's or Toss's codes", async () => {
      const { window } = await loadSdk(state.toss, { userAgent: MOBILE })
      const [apiKey, widgetKey] = state.toss.merchants.map((m) => m.clientKey)
      expect(() => window.TossPayments(apiKey).widgets({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "NOT_SUPPORTED_API_INDIVIDUAL_KEY" })
      )
      expect(() => window.TossPayments(widgetKey).payment({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "NOT_SUPPORTED_WIDGET_KEY" })
      )
      expect(() => window.TossPayments(state.toss.merchants[0].secretKey).payment({ customerKey: "@@ANONYMOUS" })).toThrow(
        expect.objectContaining({ code: "INVALID_CLIENT_KEY" })
      )
      expect(() => window.TossPayments(apiKey).payment({ customerKey: "a" })).toThrow(expect.objectContaining({ code: "INVALID_CUSTOMER_KEY" }))
      const payment = window.TossPayments(apiKey).payment({ customerKey: "customer-1" })
      const refused = (extra: Record<string, unknown>) => payment.requestPayment({ ...request, orderId: newOrderId(), ...extra })
      await expect(refused({ amount: { currency: "USD", value: 1 } })).rejects.toMatchObject({ code: "INVALID_AMOUNT_CURRENCY" })
      await expect(refused({ amount: { currency: "KRW", value: -1 } })).rejects.toMatchObject({ code: "BELOW_ZERO_AMOUNT" })
      await expect(refused({ successUrl: "/relative" })).rejects.toMatchObject({ code: "INCORRECT_SUCCESS_URL_FORMAT" })
      await expect(refused({ customerMobilePhone: "010-1234-5678" })).rejects.toMatchObject({ code: "INVALID_PARAMETERS" })
      await expect(refused({ orderName: "x".repeat(101) })).rejects.toMatchObject({ code: "INVALID_ORDER_NAME" })
      await expect(refused({ method: "VIRTUAL_ACCOUNT", virtualAccount: { validHours: 24, dueDate: "2099-01-01T00:00:00" } })).rejects.toMatchObject({
        code: "INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE",
      })
    })

    it("widgets render methods and the agreement, ask for the refund account of a virtual account, and pay once agreed", async () => {
      const browser = await loadSdk(state.toss, { userAgent: MOBILE })
      browser.elements["#methods"] = browser.element("div")
      browser.elements["#agreement"] = browser.element("div")
      const widgets = browser.window.TossPayments(state.toss.merchants[1].clientKey).widgets({ customerKey: "@@ANONYMOUS" })

      await expect(widgets.renderPaymentMethods({ selector: "#methods" })).rejects.toMatchObject({ code: "NOT_SETUP_AMOUNT" })
      await widgets.setAmount({ currency: "KRW", value: 15000 })
      await widgets.renderPaymentMethods({ selector: "#methods" })
      await widgets.renderAgreement({ selector: "#agreement" })
      const methods = browser.elements["#methods"].children[0]
      const agreement = browser.elements["#agreement"].children[0]
      expect(methods.innerHTML).toContain('data-testid="toss-widget-method-NAVERPAY"')
      expect(agreement.innerHTML).toContain('type="checkbox"')

      const pay = { orderId: newOrderId(), orderName: "토스 티셔츠", ...URLS }
      await expect(widgets.requestPayment(pay)).rejects.toMatchObject({ code: "NEED_AGREEMENT_WITH_REQUIRED_TERMS" })
      agreement.dispatch("change", { target: { checked: true } })
      methods.dispatch("change", { target: { name: "toss-sandbox-method", value: "VIRTUAL_ACCOUNT" } })
      expect(methods.innerHTML).toContain('data-testid="toss-widget-refund-account"')
      await expect(widgets.requestPayment(pay)).rejects.toMatchObject({ code: "NEED_REFUND_ACCOUNT_DETAIL" })

      methods.dispatch("change", { target: { name: "toss-sandbox-method", value: "NAVERPAY" } })
      await widgets.requestPayment(pay)
      const page = await (await fetch(browser.navigations[0])).text()
      expect(page).toContain('data-testid="toss-method-NAVERPAY"')
      expect(state.toss.getPayment(pay.orderId)).toMatchObject({ status: "READY", totalAmount: 15000, mId: "tvivarepublica2" })
    })
  })
})

async function waitUntil<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > deadline) throw new Error("timed out")
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
