import vm from "node:vm"
import { fakeBrowser } from "../../__tests__/helpers"
import { PortOneClient } from "../../../src/portone/client"
import { idempotencyKey } from "../../../src/portone/idempotency-key"
import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from ".."

let counter = 0
const newPaymentId = () => `payses_window_${Date.now()}_${++counter}`

/** The page's own script run against the sandbox: pressing a button posts what the shopper chose and tells the parent page. */
async function pressInWindow(windowUrl: string, action: "pay" | "decline" | "close") {
  const html = await (await fetch(windowUrl)).text()
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]
  const buttons = ["pay", "decline", "close"].map((name) => {
    const listeners: Array<() => Promise<void>> = []
    return { dataset: { action: name }, addEventListener: (_: string, fn: () => Promise<void>) => listeners.push(fn), press: () => Promise.all(listeners.map((fn) => fn())) }
  })
  const posted: unknown[] = []
  vm.runInNewContext(script, { document: { querySelectorAll: () => buttons }, fetch, parent: { postMessage: (data: unknown) => posted.push(data) }, JSON })
  await buttons.find((button) => button.dataset.action === action)!.press()
  return { html, message: posted[0] as { portoneSandbox: true; result: Record<string, unknown> } }
}

describe("PortOne sandbox window and browser SDK stand-in", () => {
  let portone: PortOneSandbox
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
  })
  afterAll(() => portone.close())

  async function browserWithSdk(options: { userAgent?: string } = {}) {
    const browser = fakeBrowser(options)
    browser.run(await (await fetch(portone.sdkUrl)).text())
    return browser
  }

  function request(overrides: Record<string, unknown> = {}) {
    return {
      storeId: portone.storeId,
      channelKey: portone.channels[0].key,
      paymentId: newPaymentId(),
      orderName: "나이키 와플 트레이너 2 SD",
      totalAmount: 15000,
      currency: "CURRENCY_KRW",
      payMethod: "EASY_PAY",
      ...overrides,
    }
  }

  it("refuses what the SDK refuses before any window opens", async () => {
    const browser = await browserWithSdk()
    const { PortOne } = browser.window

    expect(await PortOne.requestPayment(request({ orderName: undefined }))).toMatchObject({ code: "InvalidArgument" })
    expect(await PortOne.requestPayment(request({ storeId: "store-other" }))).toMatchObject({ code: "StoreNotFound" })
    expect(await PortOne.requestPayment(request({ channelKey: "channel-key-unknown" }))).toMatchObject({ code: "ChannelNotFound" })
    expect(await PortOne.requestPayment(request({ redirectUrl: "/relative" }))).toMatchObject({ code: "InvalidArgument" })
    expect(browser.document.body.children).toHaveLength(0)
  })

  it("lays the window over the page, and answers the promise with the result once the shopper pays", async () => {
    const browser = await browserWithSdk()
    const input = request({ totalAmount: 32000 })
    const answer = browser.window.PortOne.requestPayment(input)
    const frame = browser.document.body.children[0]

    const { html, message } = await pressInWindow(frame.attributes.src, "pay")
    browser.postFromWindow("http://elsewhere.example", message)
    expect(browser.document.body.children).toHaveLength(1)
    browser.postFromWindow(portone.url, message)

    expect(html).toContain("32,000")
    expect(await answer).toEqual({ transactionType: "PAYMENT", paymentId: input.paymentId, txId: expect.any(String) })
    expect(browser.document.body.children).toHaveLength(0)
    expect(portone.getPayment(input.paymentId)).toMatchObject({ status: "PAID", amount: { total: 32000 }, currency: "KRW" })
  })

  it("refuses in the window an amount that differs from the pre-registered one", async () => {
    const input = request({ totalAmount: 100 })
    const client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url })
    await client.preRegisterPayment(input.paymentId, { totalAmount: 15000, currency: "KRW" }, idempotencyKey("pre-register", input.paymentId))
    const browser = await browserWithSdk()
    const answer = browser.window.PortOne.requestPayment(input)

    const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
    browser.postFromWindow(portone.url, message)

    expect(await answer).toMatchObject({ code: "AmountNotEqualToPredefined" })
    expect(portone.getPayment(input.paymentId)).toBeUndefined()
  })

  it("sends the page to redirectUrl with paymentId, and the failure's code with a decline", async () => {
    const browser = await browserWithSdk()
    const input = request({ redirectUrl: "https://shop.example/portone/return?cart=1", forceRedirect: true })
    const answer = browser.window.PortOne.requestPayment(input)
    const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "decline")
    browser.postFromWindow(portone.url, message)

    expect(await answer).toBeUndefined()
    const url = new URL(browser.navigations[0])
    expect(url.origin + url.pathname).toBe("https://shop.example/portone/return")
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ cart: "1", paymentId: input.paymentId, code: "PGProviderError", pgCode: "LIMIT_EXCEEDED" })
    expect(portone.getPayment(input.paymentId)).toMatchObject({ status: "FAILED" })
  })

  it("redirects on a mobile browser without forceRedirect, and answers a closed window with Cancelled", async () => {
    const browser = await browserWithSdk({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148" })
    const input = request({ redirectUrl: "https://shop.example/return" })
    const answer = browser.window.PortOne.requestPayment(input)
    const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "close")
    browser.postFromWindow(portone.url, message)

    expect(await answer).toBeUndefined()
    expect(Object.fromEntries(new URL(browser.navigations[0]).searchParams)).toMatchObject({ paymentId: input.paymentId, code: "Cancelled" })
    expect(portone.getPayment(input.paymentId)).toBeUndefined()
  })

  it("hands back a paymentToken on a manual-confirm channel and approves nothing yet", async () => {
    const browser = await browserWithSdk()
    const input = request({ channelKey: portone.channels.find((channel) => channel.manualConfirm)!.key })
    const answer = browser.window.PortOne.requestPayment(input)
    const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
    browser.postFromWindow(portone.url, message)

    expect(await answer).toMatchObject({ paymentId: input.paymentId, paymentToken: expect.stringMatching(/^payment-token-/) })
    expect(portone.getPayment(input.paymentId)).toMatchObject({ status: "READY" })
  })

  it("issues a virtual account from the window", async () => {
    const browser = await browserWithSdk()
    const input = request({ payMethod: "VIRTUAL_ACCOUNT", totalAmount: 50000 })
    const answer = browser.window.PortOne.requestPayment(input)
    const { html, message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
    browser.postFromWindow(portone.url, message)

    expect(html).toContain("가상계좌 발급")
    expect((await answer).code).toBeUndefined()
    expect(portone.getPayment(input.paymentId)).toMatchObject({ status: "VIRTUAL_ACCOUNT_ISSUED" })
  })

  describe("requestIssueBillingKey", () => {
    const client = () => new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url })
    const billingRequest = (overrides: Record<string, unknown> = {}) => ({
      storeId: portone.storeId,
      channelKey: portone.channels[0].key,
      billingKeyMethod: "EASY_PAY",
      issueName: "토스페이 등록",
      customer: { customerId: "cus_window_test" },
      ...overrides,
    })

    it("refuses what the SDK refuses before any window opens, and in the window a request without customer.customerId", async () => {
      const browser = await browserWithSdk()
      const { PortOne } = browser.window

      expect(await PortOne.requestIssueBillingKey(billingRequest({ billingKeyMethod: undefined }))).toMatchObject({ code: "InvalidArgument" })
      expect(await PortOne.requestIssueBillingKey(billingRequest({ storeId: "store-other" }))).toMatchObject({ code: "StoreNotFound" })
      expect(await PortOne.requestIssueBillingKey(billingRequest({ channelKey: "channel-key-unknown" }))).toMatchObject({ code: "ChannelNotFound" })
      expect(browser.document.body.children).toHaveLength(0)

      const answer = PortOne.requestIssueBillingKey(billingRequest({ customer: undefined }))
      const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
      browser.postFromWindow(portone.url, message)
      expect(await answer).toMatchObject({ transactionType: "ISSUE_BILLING_KEY", billingKey: "", code: "InvalidArgument" })
    })

    it("issues a billing key for the request's customer through its channel once the shopper approves", async () => {
      const browser = await browserWithSdk()
      const answer = browser.window.PortOne.requestIssueBillingKey(billingRequest())
      const { html, message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
      browser.postFromWindow(portone.url, message)

      expect(html).toContain("토스페이 등록")
      const result = await answer
      expect(result).toEqual({ transactionType: "ISSUE_BILLING_KEY", billingKey: expect.stringMatching(/^billing-key-/) })
      expect(browser.document.body.children).toHaveLength(0)
      expect(await client().getBillingKey(result.billingKey)).toMatchObject({
        status: "ISSUED",
        customer: { id: "cus_window_test" },
        channels: [expect.objectContaining({ key: portone.channels[0].key })],
      })
    })

    it("answers a closed window with Cancelled and issues nothing; redirected, the query carries the code or the key", async () => {
      const browser = await browserWithSdk()
      const closed = browser.window.PortOne.requestIssueBillingKey(billingRequest())
      const { message: closing } = await pressInWindow(browser.document.body.children[0].attributes.src, "close")
      browser.postFromWindow(portone.url, closing)
      expect(await closed).toMatchObject({ billingKey: "", code: "Cancelled" })

      const redirected = browser.window.PortOne.requestIssueBillingKey(billingRequest({ redirectUrl: "https://shop.example/account/cards?saved=1", forceRedirect: true }))
      const { message } = await pressInWindow(browser.document.body.children[0].attributes.src, "pay")
      browser.postFromWindow(portone.url, message)

      expect(await redirected).toBeUndefined()
      const url = new URL(browser.navigations[0])
      expect(url.origin + url.pathname).toBe("https://shop.example/account/cards")
      const query = Object.fromEntries(url.searchParams)
      expect(query).toEqual({ saved: "1", billingKey: expect.stringMatching(/^billing-key-/) })
      expect(await client().getBillingKey(query.billingKey)).toMatchObject({ status: "ISSUED" })
    })
  })
})
