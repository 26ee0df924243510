import { completeTossPayment, createTossCheckout } from "../index"
import { fakeMedusa, installBrowser, koreanCart, tossSession, uninstallBrowser } from "./fakes"

// On a server (a Next.js Route Handler or server action): no window, no sessionStorage.
beforeEach(() => uninstallBrowser())

const order = { id: "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", display_id: 1001, total: 18000 }
const tossResult = { paymentType: "NORMAL", orderId: "payses_01-a1", paymentKey: "tgen_20240101ABCDEF", amount: "18000" }

describe("completeTossPayment", () => {
  it("hands Toss's result to the store without a cart id, with the request's headers, and returns the order", async () => {
    const medusa = fakeMedusa(koreanCart())
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })
    const headers = { authorization: "Bearer customer-token" }

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams: new URLSearchParams(tossResult), headers })

    expect(result).toEqual({ type: "order", order })
    expect(medusa.calls.fetch).toEqual([
      {
        path: "/store/toss/complete",
        init: { method: "POST", body: { paymentKey: "tgen_20240101ABCDEF", orderId: "payses_01-a1", amount: 18000 }, headers },
      },
    ])
  })

  it("awaits searchParams given as a Promise, as Next.js 15 passes them to pages", async () => {
    const medusa = fakeMedusa(koreanCart())
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams: Promise.resolve(tossResult), cartId: "cart_1" })

    expect(result.type).toBe("order")
    expect((medusa.calls.fetch[0].init as { body: unknown }).body).toMatchObject({ cart_id: "cart_1", amount: 18000 })
  })

  it("returns a declined payment with the store's reason instead of throwing", async () => {
    const medusa = fakeMedusa(koreanCart())
    medusa.completeAnswers.push({ status: 200, body: { type: "cart", error: { message: "카드사에서 거절한 결제입니다." } } })

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams: tossResult })

    expect(result).toEqual({ type: "failure", failure: expect.objectContaining({ code: "PAYMENT_DECLINED", message: "카드사에서 거절한 결제입니다." }) })
  })

  it.each([
    ["a page opened without Toss's result", {}, undefined, "MISSING_PAYMENT_RESULT"],
    ["a store that cannot be reached", tossResult, new TypeError("fetch failed"), "COMPLETION_FAILED"],
  ])("returns a coded failure for %s", async (_, searchParams, networkError, code) => {
    const medusa = fakeMedusa(koreanCart())
    if (networkError) {
      medusa.sdk.client.fetch = () => Promise.reject(networkError)
    }

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams })

    expect(result).toMatchObject({ type: "failure", failure: { code, retryable: true } })
  })

  it("is what handleSuccess does, which throws the failure; neither needs the redirect URLs", async () => {
    const medusa = fakeMedusa(koreanCart())
    medusa.completeAnswers.push({ status: 400, body: { message: "This Toss payment does not belong to a current checkout" } })
    const checkout = createTossCheckout({ sdk: medusa.sdk })

    await expect(checkout.handleSuccess(tossResult)).rejects.toMatchObject({ name: "TossCheckoutError", code: "PAYMENT_NOT_CONFIRMED" })
  })

  it("marks the orderId as used in the shopper's browser, never on a server shared by shoppers", async () => {
    const cart = koreanCart()
    const session = tossSession(cart, { method: "CARD" })
    const medusa = fakeMedusa({ ...cart, payment_collection: { id: "pay_col_1", payment_sessions: [session] } })
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } }, { status: 200, body: { type: "order", order } })
    const searchParams = { ...tossResult, orderId: session.id }

    await completeTossPayment({ sdk: medusa.sdk, searchParams })
    installBrowser()
    const checkout = createTossCheckout({ sdk: medusa.sdk })
    const beforeBrowserCompletion = await checkout.preparePayment(cart.id, { method: "CARD" })
    await completeTossPayment({ sdk: medusa.sdk, searchParams })
    const afterBrowserCompletion = await checkout.preparePayment(cart.id, { method: "CARD" })

    expect(beforeBrowserCompletion.orderId).toBe(session.id)
    expect(afterBrowserCompletion.orderId).not.toBe(session.id)
  })
})
