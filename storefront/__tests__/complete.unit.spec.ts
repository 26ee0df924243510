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

  it("words a refusal at the confirm by Toss's own code, in the store's language", async () => {
    const medusa = fakeMedusa(koreanCart())
    const error = { message: "한도초과 혹은 잔액부족으로 결제에 실패했습니다.", code: "REJECT_CARD_PAYMENT" }
    medusa.completeAnswers.push({ status: 200, body: { type: "cart", error } })
    const english = fakeMedusa(koreanCart())
    english.completeAnswers.push({ status: 200, body: { type: "cart", error } })

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams: tossResult })
    const handled = await createTossCheckout({ sdk: english.sdk, locale: "en" }).handleSuccess(tossResult).catch((e: unknown) => e)

    expect(result).toMatchObject({
      type: "failure",
      failure: { code: "REJECT_CARD_PAYMENT", title: "카드 결제가 거절됐어요", message: expect.stringContaining("잔액이 부족할 수 있어요"), retryable: true },
    })
    expect(handled).toMatchObject({ code: "REJECT_CARD_PAYMENT", title: "Card payment declined", message: expect.stringContaining("balance too low") })
  })

  it("keeps PAYMENT_DECLINED, with the store's words, for a refusal code it has no words for", async () => {
    const medusa = fakeMedusa(koreanCart())
    medusa.completeAnswers.push({ status: 200, body: { type: "cart", error: { message: "토스페이먼츠의 응답이 늦어 결제를 확인하지 못했어요.", code: "TOSS_OUTCOME_UNKNOWN" } } })

    const result = await completeTossPayment({ sdk: medusa.sdk, searchParams: tossResult })

    expect(result).toMatchObject({ type: "failure", failure: { code: "PAYMENT_DECLINED", message: "토스페이먼츠의 응답이 늦어 결제를 확인하지 못했어요." } })
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
