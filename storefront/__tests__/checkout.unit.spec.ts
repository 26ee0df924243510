import { ANONYMOUS } from "@tosspayments/tosspayments-sdk"
import { createTossCheckout, TOSS_PROVIDER_ID, TossCheckoutError, tossSessionData } from "../index"
import { fakeMedusa, installBrowser, koreanCart, toss, tossSession, uninstallBrowser } from "./fakes"

const urls = { successUrl: "/checkout/success", failUrl: "/checkout/fail" }

function setup(cart = koreanCart()) {
  const medusa = fakeMedusa(cart)
  const checkout = createTossCheckout({ sdk: medusa.sdk, ...urls, sdkSrc: "http://localhost:9100/v2/standard" })
  return { medusa, checkout }
}

function lastWindowRequest() {
  const calls = toss.of("payment.requestPayment")
  return calls[calls.length - 1]
}

beforeEach(() => installBrowser())
afterEach(() => uninstallBrowser())

describe("requestPayment", () => {
  it("opens Toss's window with the session's orderId and amount, the cart's order name and customer", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    const session = medusa.cart.payment_collection!.payment_sessions![0]
    expect(toss.of("load")).toEqual([expect.objectContaining({ clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq" })])
    expect(lastWindowRequest()).toEqual({
      kind: "payment.requestPayment",
      clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
      customerKey: ANONYMOUS,
      args: {
        method: "CARD",
        amount: { currency: "KRW", value: 18000 },
        orderId: session.data!.orderId,
        orderName: "토스 로고 티셔츠",
        successUrl: "https://shop.example/checkout/success",
        failUrl: "https://shop.example/checkout/fail",
        customerName: "홍길동",
        customerEmail: "gildong@example.com",
        customerMobilePhone: "01012345678",
      },
    })
  })

  it("initiates a pp_toss_toss session with the method, integration and order name when the cart has none", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, { method: "TRANSFER" })

    expect(medusa.calls.retrieve).toEqual([{ id: medusa.cart.id, query: { fields: "*customer" } }])
    expect(medusa.calls.initiate).toEqual([
      {
        provider_id: "pp_toss_toss",
        data: { method: "TRANSFER", integration: "payment", orderName: "토스 로고 티셔츠" },
      },
    ])
  })

  it("charges the amount the server stored in the session", async () => {
    const cart = koreanCart()
    const { medusa, checkout } = setup({
      ...cart,
      payment_collection: { id: "pay_col_1", payment_sessions: [tossSession(cart, { method: "CARD" })] },
    })

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(medusa.calls.initiate).toHaveLength(0)
    expect(lastWindowRequest().args).toMatchObject({ amount: { currency: "KRW", value: 18000 } })
  })

  it("reuses a fresh session instead of creating another", async () => {
    const cart = koreanCart()
    const session = tossSession(cart, { method: "CARD" })
    const { medusa, checkout } = setup({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [session] } })

    await checkout.requestPayment(cart.id, { method: "CARD" })

    expect(medusa.calls.initiate).toHaveLength(0)
    expect(lastWindowRequest().args).toMatchObject({ orderId: session.data!.orderId })
  })

  it.each([
    ["the cart total changed", { amount: 17000 }, "CARD"],
    ["Toss already returned a paymentKey for it", { paymentKey: "tgen_20240101ABCDEF" }, "CARD"],
    ["it was made for another method", {}, "VIRTUAL_ACCOUNT"],
    ["it was made for the widget", { integration: "widget" }, "CARD"],
  ] as const)("starts a new session when %s", async (_, data, method) => {
    const cart = koreanCart()
    const stale = tossSession(cart, { method: "CARD", ...data })
    const { medusa, checkout } = setup({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [stale] } })

    await checkout.requestPayment(cart.id, { method })

    expect(medusa.calls.initiate).toHaveLength(1)
    expect(lastWindowRequest().args).not.toMatchObject({ orderId: stale.data!.orderId })
  })

  it("uses the session the storefront initiated itself with tossSessionData (e.g. in its payment step)", async () => {
    const { medusa, checkout } = setup()
    const data = tossSessionData(medusa.cart, { method: "CARD" })
    await medusa.sdk.store.payment.initiatePaymentSession(medusa.cart, { provider_id: TOSS_PROVIDER_ID, data })

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(medusa.calls.initiate).toHaveLength(1)
    expect(lastWindowRequest().args).toMatchObject({ orderId: medusa.cart.payment_collection!.payment_sessions![0].id })
  })

  it("sends the given headers with every store call (a logged-in customer's authorization)", async () => {
    const { medusa, checkout } = setup()
    const headers = { authorization: "Bearer customer-token" }

    await checkout.requestPayment(medusa.cart.id, { method: "CARD", headers })
    const widget = await checkout.mountWidget(medusa.cart.id, { methods: "#m", agreement: "#a", headers })
    await widget.requestPayment()

    // Window: retrieve + initiate; widget: retrieve + initiate; paying in the widget: retrieve.
    expect(medusa.calls.headers).toEqual([headers, headers, headers, headers, headers])
  })

  it("needs successUrl and failUrl to open Toss, and says so before anything happens", async () => {
    const medusa = fakeMedusa(koreanCart())
    const checkout = createTossCheckout({ sdk: medusa.sdk })

    await expect(checkout.requestPayment(medusa.cart.id, { method: "CARD" })).rejects.toThrow(/needs successUrl and failUrl/)
    await expect(checkout.mountWidget(medusa.cart.id, { methods: "#m", agreement: "#a" })).rejects.toThrow(TypeError)
    expect(medusa.calls.retrieve).toHaveLength(0)
    expect(toss.calls).toHaveLength(0)
  })

  it("never sends an orderId to Toss twice, even when the shopper closed the window unnoticed", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })
    const first = lastWindowRequest().args as { orderId: string }
    // The shopper came back to checkout: the same session is still in the cart, untouched by the server.
    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })
    const second = lastWindowRequest().args as { orderId: string }

    expect(medusa.calls.initiate).toHaveLength(2)
    expect(second.orderId).not.toBe(first.orderId)
  })

  it("remembers attempted orderIds across Toss's redirect (sessionStorage)", async () => {
    const { medusa, checkout } = setup()
    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })
    const attempted = (lastWindowRequest().args as { orderId: string }).orderId

    const { sessionStorage } = installBrowser()
    sessionStorage.set("medusa-payment-toss:attempted-order-ids", JSON.stringify([attempted]))
    const afterRedirect = createTossCheckout({ sdk: medusa.sdk, ...urls })
    const prepared = await afterRedirect.preparePayment(medusa.cart.id, { method: "CARD" })

    expect(prepared.orderId).not.toBe(attempted)
  })

  it("opens an easy-pay app directly through Toss's CARD window", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, { method: "EASY_PAY", easyPay: "KAKAOPAY" })

    expect(medusa.calls.initiate[0].data).toMatchObject({ method: "CARD", integration: "payment" })
    expect(lastWindowRequest().args).toMatchObject({
      method: "CARD",
      card: { flowMode: "DIRECT", easyPay: "KAKAOPAY" },
    })
  })

  it("asks the server for a virtual account's validHours and passes the shopper's cash receipt choice", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, { method: "VIRTUAL_ACCOUNT", virtualAccount: { validHours: 24 }, cashReceipt: { type: "지출증빙" } })

    expect(medusa.calls.initiate[0].data).toMatchObject({ method: "VIRTUAL_ACCOUNT", validHours: 24 })
    expect(lastWindowRequest().args).toMatchObject({
      method: "VIRTUAL_ACCOUNT",
      virtualAccount: { cashReceipt: { type: "지출증빙" }, validHours: 24 },
    })
  })

  it("passes what the server decided: the tax-free amount, escrow with the cart's products, installments", async () => {
    const { medusa, checkout } = setup()
    const products = [{ id: "cali_1", name: "도서", code: "BOOK-1", unitPrice: 18000, quantity: 1 }]
    medusa.setCart({
      ...medusa.cart,
      payment_collection: {
        id: "pay_col_1",
        payment_sessions: [tossSession(medusa.cart, { method: "TRANSFER", taxFreeAmount: 18000, useEscrow: true, escrowProducts: products })],
      },
    })

    await checkout.requestPayment(medusa.cart.id, { method: "TRANSFER", cashReceipt: { type: "소득공제" } })

    expect(medusa.calls.initiate).toHaveLength(0)
    expect(lastWindowRequest().args).toMatchObject({
      method: "TRANSFER",
      taxFreeAmount: 18000,
      transfer: { useEscrow: true, escrowProducts: products, cashReceipt: { type: "소득공제" } },
    })
  })

  it("opens the card window in English and with the app's scheme for an English app storefront", async () => {
    const { medusa } = setup()
    const checkout = createTossCheckout({ sdk: medusa.sdk, successUrl: "/ok", failUrl: "/fail", locale: "en", appScheme: "myshop://" })

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(lastWindowRequest().args).toMatchObject({ method: "CARD", card: { language: "EN", appScheme: "myshop://" } })
    expect(checkout.describeFailure({ code: "REJECT_CARD_COMPANY" }).message).toBe(checkout.describeFailure({ code: "REJECT_CARD_COMPANY" }).messageEn)
  })

  it("uses a member's customer id as customerKey", async () => {
    const { medusa, checkout } = setup(
      koreanCart({ customer: { id: "cus_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", has_account: true } })
    )

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(lastWindowRequest().customerKey).toBe("cus_01JBQ8ZK3V6Y2W1M0N9P8R7S6T")
  })

  it("prefers the customer details it is given, normalising the phone", async () => {
    const { medusa, checkout } = setup()

    await checkout.requestPayment(medusa.cart.id, {
      method: "MOBILE_PHONE",
      customer: { name: "김토스", email: "toss@example.com", mobilePhone: "010-9876-5432" },
    })

    expect(lastWindowRequest().args).toMatchObject({
      method: "MOBILE_PHONE",
      customerName: "김토스",
      customerEmail: "toss@example.com",
      customerMobilePhone: "01098765432",
    })
  })

  it("leaves out a phone number Toss would refuse", async () => {
    const cart = koreanCart()
    const landline = { ...cart.shipping_address, phone: "02-123-4567" }
    const { medusa, checkout } = setup({ ...cart, shipping_address: landline, billing_address: landline })

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(lastWindowRequest().args).toMatchObject({ customerMobilePhone: undefined })
  })

  it("names the order after the cart's first item and counts the other lines", async () => {
    const { medusa, checkout } = setup(
      koreanCart({
        items: [
          { title: "토스 로고 티셔츠", quantity: 2 },
          { title: "머그컵", quantity: 1 },
          { title: "에코백", quantity: 1 },
        ],
      })
    )

    await checkout.requestPayment(medusa.cart.id, { method: "CARD" })

    expect(medusa.calls.initiate[0].data).toMatchObject({ orderName: "토스 로고 티셔츠 외 2건" })
    expect(lastWindowRequest().args).toMatchObject({ orderName: "토스 로고 티셔츠 외 2건" })
  })

  it("reuses a session made without a method when none is asked for (the server stores null)", async () => {
    const cart = koreanCart()
    const session = tossSession(cart)
    const { medusa, checkout } = setup({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [session] } })

    const prepared = await checkout.preparePayment(cart.id)

    expect(medusa.calls.initiate).toHaveLength(0)
    expect(prepared.orderId).toBe(session.data!.orderId)
  })

  it("turns the shopper closing the window into a calm, coded error", async () => {
    const { medusa, checkout } = setup()
    toss.failNextRequest = { code: "USER_CANCEL", message: "사용자가 결제를 취소하였습니다" }

    const error = await checkout.requestPayment(medusa.cart.id, { method: "CARD" }).catch((e) => e)

    expect(error).toBeInstanceOf(TossCheckoutError)
    expect(error).toMatchObject({ code: "USER_CANCEL", canceledByShopper: true, title: "결제를 취소했어요" })
  })

  it("explains a session the store refused, e.g. below the method's minimum", async () => {
    const { medusa, checkout } = setup()
    medusa.failNextInitiate(400, "계좌이체는 200원부터 결제할 수 있어요.")

    const error = await checkout.requestPayment(medusa.cart.id, { method: "TRANSFER" }).catch((e) => e)

    expect(error).toMatchObject({
      code: "PAYMENT_PREPARATION_FAILED",
      title: "결제를 준비하지 못했어요",
      message: "계좌이체는 200원부터 결제할 수 있어요.",
    })
    expect(toss.of("payment.requestPayment")).toHaveLength(0)
  })

  it("creates one session when asked twice at once (double click)", async () => {
    const { medusa, checkout } = setup()

    const [a, b] = await Promise.all([
      checkout.preparePayment(medusa.cart.id, { method: "CARD" }),
      checkout.preparePayment(medusa.cart.id, { method: "CARD" }),
    ])

    expect(medusa.calls.initiate).toHaveLength(1)
    expect(b.orderId).toBe(a.orderId)
  })
})

describe("tossSessionData", () => {
  it("is what the server needs to pick the key pair and check the method's minimum", () => {
    const cart = koreanCart()
    expect(tossSessionData(cart, { method: "TRANSFER" })).toEqual({ method: "TRANSFER", integration: "payment", orderName: "토스 로고 티셔츠" })
    expect(tossSessionData(cart, { integration: "widget" })).toEqual({ method: undefined, integration: "widget", orderName: "토스 로고 티셔츠" })
  })

  it("asks for a CARD session for easy pay, which Toss opens through its card window", () => {
    expect(tossSessionData(koreanCart(), { method: "EASY_PAY" })).toMatchObject({ method: "CARD" })
  })
})

describe("mountWidget", () => {
  const selectors = { methods: "#payment-methods", agreement: "#agreement" }

  it("renders Toss's widget with the widget key and the session's amount", async () => {
    const { medusa, checkout } = setup()

    await checkout.mountWidget(medusa.cart.id, selectors)

    expect(medusa.calls.initiate).toEqual([
      { provider_id: "pp_toss_toss", data: { integration: "widget", orderName: "토스 로고 티셔츠" } },
    ])
    const widgetKey = "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm"
    expect(toss.calls.map(({ kind, clientKey, args }) => ({ kind, clientKey, args }))).toEqual([
      { kind: "load", clientKey: widgetKey, args: undefined },
      { kind: "widgets.setAmount", clientKey: widgetKey, args: { currency: "KRW", value: 18000 } },
      { kind: "widgets.renderPaymentMethods", clientKey: widgetKey, args: { selector: "#payment-methods" } },
      { kind: "widgets.renderAgreement", clientKey: widgetKey, args: { selector: "#agreement" } },
    ])
  })

  it("requests payment for the session's orderId with the cart's customer", async () => {
    const { medusa, checkout } = setup()
    const widget = await checkout.mountWidget(medusa.cart.id, selectors)

    await widget.requestPayment()

    const session = medusa.cart.payment_collection!.payment_sessions![0]
    expect(toss.of("widgets.requestPayment")[0].args).toEqual({
      orderId: session.data!.orderId,
      orderName: "토스 로고 티셔츠",
      successUrl: "https://shop.example/checkout/success",
      failUrl: "https://shop.example/checkout/fail",
      customerName: "홍길동",
      customerEmail: "gildong@example.com",
      customerMobilePhone: "01012345678",
    })
  })

  it("follows a cart whose total changed after mounting", async () => {
    const { medusa, checkout } = setup()
    const widget = await checkout.mountWidget(medusa.cart.id, selectors)
    medusa.setCart({ ...medusa.cart, total: 21000, payment_collection: null })

    await widget.requestPayment()

    expect(toss.of("widgets.setAmount").map((call) => call.args)).toEqual([
      { currency: "KRW", value: 18000 },
      { currency: "KRW", value: 21000 },
    ])
    const session = medusa.cart.payment_collection!.payment_sessions![0]
    expect(toss.of("widgets.requestPayment")[0].args).toMatchObject({ orderId: session.data!.orderId })
  })

  it("removes both parts of the widget on destroy", async () => {
    const { medusa, checkout } = setup()
    const widget = await checkout.mountWidget(medusa.cart.id, selectors)

    await widget.destroy()

    expect(toss.of("widgets.renderPaymentMethods.destroy")).toHaveLength(1)
    expect(toss.of("widgets.renderAgreement.destroy")).toHaveLength(1)
  })
})

describe("handleSuccess", () => {
  const successQuery = "?paymentType=NORMAL&orderId=payses_01-a1&paymentKey=tgen_20240101ABCDEF&amount=18000"
  const order = { id: "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", display_id: 1001, total: 18000 }

  it("hands Toss's result to /store/toss/complete and returns the order", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    const result = await checkout.handleSuccess(successQuery, { cartId: medusa.cart.id })

    expect(result).toEqual(order)
    expect(medusa.calls.fetch).toEqual([
      {
        path: "/store/toss/complete",
        init: {
          method: "POST",
          body: { cart_id: medusa.cart.id, paymentKey: "tgen_20240101ABCDEF", orderId: "payses_01-a1", amount: 18000 },
        },
      },
    ])
  })

  it("reads Next.js searchParams objects and URLSearchParams alike", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push(
      { status: 200, body: { type: "order", order } },
      { status: 200, body: { type: "order", order } }
    )

    await checkout.handleSuccess({ orderId: "payses_01-a1", paymentKey: "tgen_1", amount: "18000" }, { cartId: "cart_1" })
    await checkout.handleSuccess(new URLSearchParams(successQuery), { cartId: "cart_1" })

    expect(medusa.calls.fetch.map((call) => (call.init as { body: { amount: number } }).body.amount)).toEqual([
      18000, 18000,
    ])
  })

  it("reports a declined payment with the store's reason", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({
      status: 200,
      body: {
        type: "cart",
        cart: medusa.cart,
        error: { message: "카드사에서 거절한 결제입니다.", name: "Error", type: "payment_authorization_error" },
      },
    })

    const error = await checkout.handleSuccess(successQuery, { cartId: medusa.cart.id }).catch((e) => e)

    expect(error).toBeInstanceOf(TossCheckoutError)
    expect(error).toMatchObject({
      code: "PAYMENT_DECLINED",
      title: "결제가 승인되지 않았어요",
      message: "카드사에서 거절한 결제입니다.",
      canceledByShopper: false,
      retryable: true,
    })
  })

  it("says the payment was not confirmed when the store rejects the result (400)", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 400, body: { message: "The amount does not match the payment session" } })

    const error = await checkout.handleSuccess(successQuery, { cartId: medusa.cart.id }).catch((e) => e)

    expect(error).toMatchObject({ code: "PAYMENT_NOT_CONFIRMED", title: "결제를 확정하지 못했어요" })
    // The store's technical reason is for developers, not the shopper.
    expect(error.message).not.toContain("amount does not match")
  })

  it("waits for a completion already running (409) and returns its order", async () => {
    jest.useFakeTimers()
    try {
      const { medusa, checkout } = setup()
      medusa.completeAnswers.push(
        { status: 409, body: { message: "Cart is already being completed by another request" } },
        { status: 200, body: { type: "order", order } }
      )

      const result = checkout.handleSuccess(successQuery, { cartId: medusa.cart.id })
      await jest.advanceTimersByTimeAsync(1000)

      await expect(result).resolves.toEqual(order)
      expect(medusa.calls.fetch).toHaveLength(2)
    } finally {
      jest.useRealTimers()
    }
  })

  it("tells the shopper the order follows by itself if Toss took the payment, when the store could not be reached", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 500, body: { message: "An unknown error occurred." } })

    const error = await checkout.handleSuccess(successQuery, { cartId: medusa.cart.id }).catch((e) => e)

    expect(error).toMatchObject({ code: "COMPLETION_FAILED", retryable: true })
    expect(error.message).toContain("주문이 곧 자동으로 만들어져요")
  })

  it.each([
    ["no paymentKey", "?orderId=payses_01-a1&amount=18000"],
    ["no orderId", "?paymentKey=tgen_1&amount=18000"],
    ["an amount that is not whole won", "?orderId=payses_01-a1&paymentKey=tgen_1&amount=18000.5"],
  ])("refuses a success URL with %s without calling the store", async (_, query) => {
    const { medusa, checkout } = setup()

    const error = await checkout.handleSuccess(query, { cartId: medusa.cart.id }).catch((e) => e)

    expect(error).toMatchObject({ code: "MISSING_PAYMENT_RESULT" })
    expect(medusa.calls.fetch).toHaveLength(0)
  })

  it("marks the orderId as used, so a later attempt gets a new session", async () => {
    const cart = koreanCart()
    const session = tossSession(cart, { method: "CARD" })
    const { medusa, checkout } = setup({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [session] } })
    medusa.completeAnswers.push({ status: 200, body: { type: "cart", cart, error: { message: "거절" } } })

    const orderId = session.data!.orderId as string
    await checkout.handleSuccess(`?orderId=${orderId}&paymentKey=tgen_1&amount=18000`, { cartId: cart.id }).catch(() => {})
    const retry = await checkout.preparePayment(cart.id, { method: "CARD" })

    expect(retry.orderId).not.toBe(orderId)
  })
})
