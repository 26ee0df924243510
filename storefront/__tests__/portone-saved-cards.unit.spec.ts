import { createPortOneCheckout, PORTONE_PROVIDER_ID, TossCheckoutError } from "../portone"
import { fakeMedusa, installBrowser, koreanCart, portone, PORTONE_CHANNELS, portOneSession, uninstallBrowser } from "./fakes"

const order = { id: "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", display_id: 1001, total: 18000 }
const STORE_ID = "store-00000000-0000-4000-8000-000000000000"
const holderAnswer = {
  account_holder: { id: "acchld_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", provider_id: PORTONE_PROVIDER_ID, data: { customerId: "cus_Xq3vK9mN2pL8rT5wY7zA1bC4dE6fG0hJ" } },
  storeId: STORE_ID,
  channelKey: PORTONE_CHANNELS.tosspay,
}
const card = {
  id: "portonecard_01JBQ8ZK3V6Y2W1M0N9P8R7S6T",
  data: { issuer: "TOSSPAY", number: "", cardType: "EASYPAY", ownerType: "", issuedAt: "2026-12-07T16:00:00.000Z" },
}
const METHODS_PATH = `/store/portone/billing/account-holders/${holderAnswer.account_holder.id}/payment-methods`
const HOLDER_CALL = { path: "/store/portone/billing/account-holders", init: { method: "POST", body: { provider_id: PORTONE_PROVIDER_ID } } }

function setup(cart = koreanCart(), options: { locale?: "ko" | "en" } = {}) {
  const medusa = fakeMedusa(cart, (current) => portOneSession(current))
  const checkout = createPortOneCheckout({ sdk: medusa.sdk, ...options })
  return { medusa, checkout }
}

async function failureOf(promise: Promise<unknown>): Promise<TossCheckoutError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error
  )
  expect(error).toBeInstanceOf(TossCheckoutError)
  return error as TossCheckoutError
}

beforeEach(() => installBrowser("https://shop.example/account/cards"))
afterEach(() => uninstallBrowser())

describe("saveCard", () => {
  it("opens PortOne's billing-key window with the holder's customerId on the store's billing channel, and saves the key it answers", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 200, body: { payment_method: card } })

    const saved = await checkout.saveCard({ issueName: "토스페이 등록", redirectUrl: "/account/cards/saved" })

    expect(portone.requests).toEqual([
      {
        storeId: STORE_ID,
        channelKey: PORTONE_CHANNELS.tosspay,
        billingKeyMethod: "EASY_PAY",
        issueName: "토스페이 등록",
        customer: { customerId: holderAnswer.account_holder.data.customerId },
        redirectUrl: "https://shop.example/account/cards/saved",
      },
    ])
    expect(medusa.calls.fetch).toEqual([HOLDER_CALL, { path: METHODS_PATH, init: { method: "POST", body: { billingKey: "billing-key-1" } } }])
    expect(saved).toEqual(card)
  })

  it("answers null and saves nothing when PortOne redirects the page", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: holderAnswer })
    portone.answers.push(undefined)

    expect(await checkout.saveCard({ redirectUrl: "/account/cards/saved", forceRedirect: true })).toBeNull()
    expect(portone.requests[0]).toMatchObject({ redirectUrl: "https://shop.example/account/cards/saved", forceRedirect: true })
    expect(medusa.calls.fetch).toEqual([HOLDER_CALL])
  })

  it("reports a closed window as canceled by the shopper, and a PG's refusal in its words, keeping nothing", async () => {
    const { medusa, checkout } = setup(koreanCart(), { locale: "en" })
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 200, body: holderAnswer })
    portone.answers.push({ billingKey: "", code: "Cancelled", message: "사용자가 취소했습니다." }, { billingKey: "", code: "PGProviderError", pgCode: "REJECT_CARD_COMPANY" })

    const canceled = await failureOf(checkout.saveCard())
    expect(canceled).toMatchObject({ canceledByShopper: true })
    const refused = await failureOf(checkout.saveCard())
    expect(refused).toMatchObject({ code: "REJECT_CARD_COMPANY", canceledByShopper: false })
    expect(refused.message).toBe(refused.messageEn)
    expect(medusa.calls.fetch).toEqual([HOLDER_CALL, HOLDER_CALL])
  })

  it("fails with CARD_NOT_SAVED when the store refuses the key, has no billing channel, or no customer is logged in", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 400, body: { message: "The billing key is not this customer's." } })
    expect(await failureOf(checkout.saveCard())).toMatchObject({ code: "CARD_NOT_SAVED", title: "카드를 등록하지 못했어요" })

    medusa.completeAnswers.push({ status: 200, body: { ...holderAnswer, channelKey: undefined } })
    expect(await failureOf(checkout.saveCard())).toMatchObject({ code: "CARD_NOT_SAVED" })

    medusa.completeAnswers.push({ status: 401, body: { message: "Unauthorized" } })
    expect(await failureOf(checkout.saveCard())).toMatchObject({ code: "CARD_NOT_SAVED" })
    expect(portone.requests).toHaveLength(1)
  })
})

describe("handleCardSaved", () => {
  it("hands the redirect's billingKey to the store, which verifies it at PortOne", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 200, body: { payment_method: card } })

    expect(await checkout.handleCardSaved(Promise.resolve({ billingKey: "billing-key-from-url" }))).toEqual(card)
    expect(medusa.calls.fetch).toEqual([HOLDER_CALL, { path: METHODS_PATH, init: { method: "POST", body: { billingKey: "billing-key-from-url" } } }])
  })

  it("words a failure code without showing the URL's message, and asks nothing without a key", async () => {
    const { medusa, checkout } = setup()

    const canceled = await failureOf(checkout.handleCardSaved(new URLSearchParams("code=Cancelled&message=<script>")))
    expect(canceled).toMatchObject({ canceledByShopper: true })
    expect(canceled.message).not.toContain("script")
    expect(await failureOf(checkout.handleCardSaved({}))).toMatchObject({ code: "CARD_NOT_SAVED" })
    expect(medusa.calls.fetch).toHaveLength(0)
  })
})

describe("listSavedCards and removeSavedCard", () => {
  it("list and delete the logged-in customer's cards under their holder", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 200, body: { payment_methods: [card] } })
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 200, body: {} })

    expect(await checkout.listSavedCards()).toEqual([card])
    await checkout.removeSavedCard(card.id)

    expect(medusa.calls.fetch.slice(1)).toEqual([{ path: METHODS_PATH, init: undefined }, HOLDER_CALL, { path: `${METHODS_PATH}/${card.id}`, init: { method: "DELETE" } }])
  })

  it("word a store's refusal for the customer", async () => {
    const { medusa, checkout } = setup(koreanCart(), { locale: "en" })
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 500, body: { message: "An unknown error occurred." } })
    medusa.completeAnswers.push({ status: 200, body: holderAnswer }, { status: 404, body: { message: "Payment method not found" } })

    const listing = await failureOf(checkout.listSavedCards())
    expect(listing.message).toBe(listing.messageEn)
    expect(listing.message).not.toContain("unknown error occurred")
    expect(await failureOf(checkout.removeSavedCard(card.id))).toMatchObject({ retryable: expect.any(Boolean) })
  })
})

describe("payWithSavedCard", () => {
  it("prepares the cart's PortOne session, then has the store charge the card and complete the cart", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 200, body: { type: "order", order } })

    expect(await checkout.payWithSavedCard(medusa.cart.id, card.id)).toEqual(order)
    expect(medusa.calls.initiate).toEqual([{ provider_id: PORTONE_PROVIDER_ID, data: { orderName: "토스 로고 티셔츠" } }])
    expect(medusa.calls.fetch).toEqual([{ path: "/store/portone/billing/complete", init: { method: "POST", body: { cart_id: medusa.cart.id, payment_method_id: card.id } } }])
    expect(portone.requests).toHaveLength(0)
  })

  it("words a declined charge, and a press again charges the same session rather than a new one", async () => {
    const { medusa, checkout } = setup(koreanCart(), { locale: "en" })
    medusa.completeAnswers.push(
      { status: 200, body: { type: "cart", cart: medusa.cart, error: { code: "PORTONE_PAYMENT_FAILED", message: "한도 초과" } } },
      { status: 200, body: { type: "order", order } }
    )

    const declined = await failureOf(checkout.payWithSavedCard(medusa.cart.id, card.id))
    expect(declined).toMatchObject({ code: "PAYMENT_DECLINED", retryable: true })
    expect(declined.message).toBe(declined.messageEn)
    const session = medusa.cart.payment_collection!.payment_sessions![0]

    expect(await checkout.payWithSavedCard(medusa.cart.id, card.id)).toEqual(order)
    expect(medusa.calls.initiate).toHaveLength(1)
    expect(medusa.cart.payment_collection!.payment_sessions![0].id).toBe(session.id)
  })

  it("answers a card that is not the shopper's (404) as a payment the store did not confirm", async () => {
    const { medusa, checkout } = setup()
    medusa.completeAnswers.push({ status: 404, body: { message: "Payment method not found" } })

    expect(await failureOf(checkout.payWithSavedCard(medusa.cart.id, card.id))).toMatchObject({ code: "PAYMENT_NOT_CONFIRMED" })
  })
})
