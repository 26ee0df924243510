import { completePortOnePayment, createPortOneCheckout, PORTONE_PROVIDER_ID, TossCheckoutError } from "../portone"
import { fakeMedusa, installBrowser, koreanCart, portone, PORTONE_CHANNELS, portOneSession, uninstallBrowser } from "./fakes"

const order = { id: "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", display_id: 1001, total: 18000 }

function setup(cart = koreanCart(), options: { locale?: "ko" | "en" } = {}) {
  const medusa = fakeMedusa(cart, (current) => portOneSession(current))
  const checkout = createPortOneCheckout({ sdk: medusa.sdk, redirectUrl: "/checkout/portone", ...options })
  return { medusa, checkout }
}

function sessionOf(medusa: ReturnType<typeof fakeMedusa>) {
  return medusa.cart.payment_collection!.payment_sessions![0]
}

async function failureOf(promise: Promise<unknown>): Promise<TossCheckoutError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error
  )
  expect(error).toBeInstanceOf(TossCheckoutError)
  return error as TossCheckoutError
}

beforeEach(() => installBrowser())
afterEach(() => uninstallBrowser())

describe("requestPayment", () => {
  it("initiates a pp_portone_portone session, opens PortOne with its public fields, and completes the cart with the paymentId", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    const result = await checkout.requestPayment(medusa.cart.id, { payMethod: "CARD", channelKey: PORTONE_CHANNELS.card })

    const session = sessionOf(medusa)
    expect(medusa.calls.initiate).toEqual([{ provider_id: PORTONE_PROVIDER_ID, data: { orderName: "토스 로고 티셔츠" } }])
    expect(portone.requests).toEqual([
      {
        storeId: "store-00000000-0000-4000-8000-000000000000",
        channelKey: PORTONE_CHANNELS.card,
        paymentId: session.id,
        orderName: "토스 로고 티셔츠",
        totalAmount: 18000,
        currency: "KRW",
        payMethod: "CARD",
        redirectUrl: "https://shop.example/checkout/portone",
        customer: { fullName: "홍길동", email: "gildong@example.com", phoneNumber: "01012345678" },
      },
    ])
    expect(medusa.calls.fetch).toEqual([{ path: "/store/portone/complete", init: { method: "POST", body: { paymentId: session.id } } }])
    expect(result).toEqual(order)
  })

  it("pays 토스페이 as EASY_PAY on its channel, with the tax-free share the server stored", async () => {
    const cart = koreanCart()
    const session = portOneSession(cart, { taxFreeAmount: 5000 })
    const { medusa, checkout } = setup({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [session] } })
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    await checkout.requestPayment(cart.id, { payMethod: "EASY_PAY", channelKey: PORTONE_CHANNELS.tosspay })

    expect(medusa.calls.initiate).toHaveLength(0)
    expect(portone.requests[0]).toMatchObject({
      channelKey: PORTONE_CHANNELS.tosspay,
      paymentId: session.id,
      payMethod: "EASY_PAY",
      totalAmount: 18000,
      taxFreeAmount: 5000,
    })
  })

  it("takes the session's first channel when none is named, and asks a virtual account for its deposit window", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    await checkout.requestPayment(medusa.cart.id, { payMethod: "VIRTUAL_ACCOUNT", validHours: 24 })

    expect(portone.requests[0]).toMatchObject({
      channelKey: PORTONE_CHANNELS.card,
      payMethod: "VIRTUAL_ACCOUNT",
      virtualAccount: { accountExpiry: { validHours: 24 } },
    })
  })

  it("refuses a channel the store does not offer before opening anything", async () => {
    const { medusa, checkout } = setup()

    await expect(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD", channelKey: "channel-key-elsewhere" })).rejects.toThrow(
      /channelKey channel-key-elsewhere is not one the store offers/
    )
    expect(portone.requests).toHaveLength(0)
  })

  it("hands the store the token and attempt of a manual-confirm channel", async () => {
    const { medusa, checkout } = setup()
    portone.answers.push({ paymentToken: "token-1", txId: "tx-manual" })
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    await checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" })

    expect((medusa.calls.fetch[0].init as { body: unknown }).body).toEqual({ paymentId: sessionOf(medusa).id, paymentToken: "token-1", txId: "tx-manual" })
  })

  it("reports a closed window calmly in Korean and English, completes nothing, and pays with the same session next time", async () => {
    const { medusa, checkout } = setup()
    portone.answers.push({ code: "Cancelled", message: "사용자가 결제를 취소했습니다." })

    const failure = await failureOf(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" }))

    expect(failure).toMatchObject({
      code: "Cancelled",
      canceledByShopper: true,
      title: "결제를 취소했어요",
      message: "결제창을 닫아서 결제가 진행되지 않았어요. 담아 둔 상품은 그대로 있어요.",
      titleEn: "Payment canceled",
      messageEn: "You closed the payment window, so nothing was charged. Your cart is still here.",
    })
    expect(medusa.calls.fetch).toHaveLength(0)

    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })
    await checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" })
    expect(medusa.calls.initiate).toHaveLength(1)
    expect(portone.requests.map((request) => request.paymentId)).toEqual([sessionOf(medusa).id, sessionOf(medusa).id])
  })

  it("words a PG's refusal by the PG's code where this module knows it, else by the SDK's message", async () => {
    const { medusa, checkout } = setup()
    portone.answers.push({ code: "PGProviderError", pgCode: "REJECT_CARD_PAYMENT", pgMessage: "한도초과" })
    portone.answers.push({ code: "PGProviderError", pgCode: "9999", pgMessage: "카드사 점검 중입니다." })

    const known = await failureOf(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" }))
    const unknown = await failureOf(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" }))

    expect(known).toMatchObject({ code: "REJECT_CARD_PAYMENT", title: "카드 결제가 거절됐어요", canceledByShopper: false })
    expect(unknown).toMatchObject({ code: "PGProviderError", title: "결제에 실패했어요", message: "카드사 점검 중입니다.", titleEn: "Payment failed" })
  })

  it("returns the store's refusal, and the next attempt takes a new session", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "cart", cart: {}, error: { code: "PAYMENT_NOT_CONFIRMED", message: "…" } } })

    const failure = await failureOf(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" }))
    const first = sessionOf(medusa).id
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })
    await checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" })

    expect(failure).toMatchObject({ code: "PAYMENT_NOT_CONFIRMED", title: "결제를 확정하지 못했어요" })
    expect(medusa.calls.initiate).toHaveLength(2)
    expect(sessionOf(medusa).id).not.toBe(first)
    expect(portone.requests[1].paymentId).toBe(sessionOf(medusa).id)
  })

  it("completes a payment PortOne says is already paid (another tab paid it)", async () => {
    const { medusa, checkout } = setup()
    portone.answers.push({ code: "PaymentAlreadyPaid", message: "이미 결제된 건입니다." })
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    await expect(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" })).resolves.toEqual(order)
    expect(medusa.calls.fetch).toHaveLength(1)
  })

  it("answers null and completes nothing when PortOne redirects the page", async () => {
    const { medusa, checkout } = setup()
    portone.answers.push(undefined)

    await expect(checkout.requestPayment(medusa.cart.id, { payMethod: "EASY_PAY", channelKey: PORTONE_CHANNELS.tosspay })).resolves.toBeNull()
    expect(medusa.calls.fetch).toHaveLength(0)
  })

  it("asks PortOne to redirect on computers too for a server-rendered storefront", async () => {
    const medusa = fakeMedusa(koreanCart(), (current) => portOneSession(current))
    const checkout = createPortOneCheckout({ sdk: medusa.sdk, redirectUrl: "/kr/checkout/portone", forceRedirect: true })
    portone.answers.push(undefined)

    await expect(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" })).resolves.toBeNull()
    expect(portone.requests[0]).toMatchObject({ redirectUrl: "https://shop.example/kr/checkout/portone", forceRedirect: true })
    expect(() => createPortOneCheckout({ sdk: medusa.sdk, forceRedirect: true })).toThrow("forceRedirect needs redirectUrl")
  })

  it("opens nothing for a session without PortOne's fields", async () => {
    const cart = koreanCart()
    const medusa = fakeMedusa(cart, (current) => ({ ...portOneSession(current), data: { portone: { paymentId: "payses_1" } } }))
    const checkout = createPortOneCheckout({ sdk: medusa.sdk })

    const failure = await failureOf(checkout.requestPayment(cart.id, { payMethod: "CARD" }))

    expect(failure.code).toBe("PAYMENT_PREPARATION_FAILED")
    expect(portone.requests).toHaveLength(0)
  })

  it("speaks English to an English storefront", async () => {
    const { medusa, checkout } = setup(koreanCart(), { locale: "en" })
    portone.answers.push({ code: "Cancelled" })

    const failure = await failureOf(checkout.requestPayment(medusa.cart.id, { payMethod: "CARD" }))

    expect(failure).toMatchObject({ title: "Payment canceled", message: "You closed the payment window, so nothing was charged. Your cart is still here." })
    expect(portone.requests[0]).toMatchObject({ locale: "EN_US" })
  })
})

describe("handleRedirect", () => {
  it("completes the cart with the paymentId PortOne appended", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    const result = await checkout.handleRedirect("?paymentId=payses_01-redirected")

    expect(result).toEqual(order)
    expect(medusa.calls.fetch).toEqual([{ path: "/store/portone/complete", init: { method: "POST", body: { paymentId: "payses_01-redirected" } } }])
  })

  it("words a failure by its code only: a link's message is never shown", async () => {
    const { medusa, checkout } = setup()

    const closed = await failureOf(checkout.handleRedirect({ paymentId: "payses_1", code: "Cancelled", message: "상점이 환불해 드립니다. 010-…로 연락하세요" }))
    const unknown = await failureOf(checkout.handleRedirect({ paymentId: "payses_1", code: "FAILURE_TYPE_PG", message: "링크에 적힌 말" }))

    expect(closed).toMatchObject({ canceledByShopper: true, title: "결제를 취소했어요" })
    expect(unknown.message).toBe("결제를 완료하지 못했어요. 다시 시도해 주세요.")
    expect(medusa.calls.fetch).toHaveLength(0)
  })

  it("refuses a return without a paymentId", async () => {
    const { checkout } = setup()

    expect((await failureOf(checkout.handleRedirect(new URLSearchParams()))).code).toBe("MISSING_PAYMENT_RESULT")
  })

  it("describes a failure URL's code as the window's failures are worded", () => {
    const { checkout } = setup()

    expect(checkout.describeFailure("?code=Cancelled")).toMatchObject({ code: "Cancelled", canceledByShopper: true, title: "결제를 취소했어요" })
    expect(checkout.describeFailure({ code: "FAILURE_TYPE_PG", pgCode: "PAY_PROCESS_CANCELED" })).toMatchObject({ code: "PAY_PROCESS_CANCELED", canceledByShopper: true })
  })
})

describe("completePortOnePayment", () => {
  beforeEach(() => uninstallBrowser())

  it("answers the order or the failure on a server, with the request's headers, without throwing", async () => {
    const medusa = fakeMedusa(koreanCart())
    const headers = { authorization: "Bearer customer-token" }
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })
    medusa.completeAnswers.push({ status: 400, body: { message: "Unknown paymentId" } })

    const paid = await completePortOnePayment({ sdk: medusa.sdk, searchParams: Promise.resolve({ paymentId: "payses_1" }), headers })
    const refused = await completePortOnePayment({ sdk: medusa.sdk, searchParams: { paymentId: "payses_forged" } })

    expect(paid).toEqual({ type: "order", order })
    expect(medusa.calls.headers).toEqual([headers, undefined])
    expect(refused.type === "failure" && refused.failure.code).toBe("PAYMENT_NOT_CONFIRMED")
  })
})

describe("setPortOneJsSdkUrl", () => {
  it("makes the official loader fetch PortOne's script from the given URL", async () => {
    const appended: Array<{ src: string; listeners: Record<string, () => void> }> = []
    const page = { location: new URL("https://shop.example/checkout"), sessionStorage: undefined } as Record<string, unknown>
    Object.assign(globalThis, {
      window: page,
      document: {
        querySelector: () => null,
        createElement: () => ({ src: "", listeners: {}, addEventListener(name: string, run: () => void) { this.listeners[name] = run } }),
        head: { appendChild: (script: (typeof appended)[number]) => (appended.push(script), script) },
      },
    })
    await jest.isolateModulesAsync(async () => {
      const { createPortOneCheckout: create, setPortOneJsSdkUrl } = await import("../portone")
      setPortOneJsSdkUrl("http://127.0.0.1:9020/v2/browser-sdk.js")
      const medusa = fakeMedusa(koreanCart(), (current) => portOneSession(current))
      medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })
      const paying = create({ sdk: medusa.sdk }).requestPayment(medusa.cart.id, { payMethod: "CARD" })
      // The script "loads": it installs window.PortOne, as the sandbox's stand-in does.
      while (!appended.length) await new Promise((resolve) => setTimeout(resolve, 1))
      page.PortOne = { requestPayment: async (request: { paymentId: string }) => ({ transactionType: "PAYMENT", paymentId: request.paymentId, txId: "tx" }) }
      appended[0].listeners.load()

      await expect(paying).resolves.toEqual(order)
      expect(appended.map((script) => script.src)).toEqual(["http://127.0.0.1:9020/v2/browser-sdk.js"])
    })
  })
})
