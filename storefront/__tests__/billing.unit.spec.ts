import { createTossCheckout, TossCheckoutError } from "../index"
import type { MedusaStoreSdk } from "../types"
import { installBrowser, koreanCart, toss, uninstallBrowser } from "./fakes"

const HOLDER = { account_holder: { id: "acchld_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", data: { customerKey: "cus_kQ2v9Xw3LrT8mN5pB7cD1eF4gH6jK0sA" } }, clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq" }
const METHODS = `/store/toss/billing/account-holders/${HOLDER.account_holder.id}/payment-methods`
const CARD = { id: "tosscard_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", provider_id: "pp_toss_toss", data: { issuerCode: "41", number: "43301234****123*", cardType: "신용", ownerType: "개인", authenticatedAt: "2026-12-01T10:00:00.000Z" } }

type Answer = { status: number; body?: unknown }

/** A store answering the plugin's billing routes from a script, recording every call. */
function billingStore(answers: Record<string, Answer[]> = {}) {
  const calls: Array<{ path: string; method: string; body?: unknown }> = []
  const initiated: unknown[] = []
  const cart = koreanCart({ customer: { id: "cus_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", has_account: true } })
  const sdk: MedusaStoreSdk = {
    client: {
      async fetch<T>(path: string, init: { method?: string; body?: unknown } = {}) {
        calls.push({ path, method: init.method ?? "GET", body: init.body })
        const key = `${init.method ?? "GET"} ${path}`
        const answer = answers[key]?.shift() ?? (key === "POST /store/toss/billing/account-holders" ? { status: 200, body: HOLDER } : { status: 500 })
        if (answer.status >= 300) {
          throw Object.assign(new Error(String((answer.body as { message?: string })?.message ?? "failed")), { status: answer.status })
        }
        return answer.body as T
      },
    },
    store: {
      cart: { retrieve: async () => ({ cart }) },
      payment: {
        async initiatePaymentSession(_cart, body) {
          initiated.push(body)
          return { payment_collection: { id: "pay_col_1", payment_sessions: [] } }
        },
      },
    },
  }
  return { checkout: createTossCheckout({ sdk, successUrl: "/checkout/success", failUrl: "/checkout/fail" }), calls, initiated, cart }
}

beforeEach(() => installBrowser("https://shop.example/account"))
afterEach(() => uninstallBrowser())

describe("saved cards", () => {
  it("opens Toss's card registration for the customer's account holder, with the store's API client key", async () => {
    const { checkout } = billingStore()

    await checkout.saveCard({ successUrl: "/account/cards/saved", failUrl: "/account/cards/fail", customerName: "홍길동" })

    expect(toss.of("load")).toEqual([expect.objectContaining({ clientKey: HOLDER.clientKey })])
    expect(toss.of("payment.requestBillingAuth")).toEqual([
      {
        kind: "payment.requestBillingAuth",
        clientKey: HOLDER.clientKey,
        customerKey: HOLDER.account_holder.data.customerKey,
        args: { method: "CARD", successUrl: "https://shop.example/account/cards/saved", failUrl: "https://shop.example/account/cards/fail", customerName: "홍길동" },
      },
    ])
  })

  it("hands the registration's authKey and customerKey to the store, and refuses a success page without them", async () => {
    const { checkout, calls } = billingStore({ [`POST ${METHODS}`]: [{ status: 200, body: { payment_method: CARD } }] })

    const saved = await checkout.handleCardSaved("?customerKey=cus_kQ2v9Xw3LrT8mN5pB7cD1eF4gH6jK0sA&authKey=bln-Xy12")
    const missing = await checkout.handleCardSaved("?customerKey=cus_kQ2").catch((error) => error)

    expect(saved).toEqual(CARD)
    expect(calls.filter((call) => call.path === METHODS)).toEqual([
      { path: METHODS, method: "POST", body: { authKey: "bln-Xy12", customerKey: "cus_kQ2v9Xw3LrT8mN5pB7cD1eF4gH6jK0sA" } },
    ])
    expect(missing).toBeInstanceOf(TossCheckoutError)
    expect(missing).toMatchObject({ code: "CARD_NOT_SAVED", title: "카드를 등록하지 못했어요" })
    expect(calls.filter((call) => call.path === METHODS)).toHaveLength(1)
  })

  it("lists and removes the customer's cards under their own account holder", async () => {
    const { checkout, calls } = billingStore({
      [`GET ${METHODS}`]: [{ status: 200, body: { payment_methods: [CARD] } }],
      [`DELETE ${METHODS}/${CARD.id}`]: [{ status: 200, body: { id: CARD.id, deleted: true } }],
    })

    expect(await checkout.listSavedCards()).toEqual([CARD])
    await checkout.removeSavedCard(CARD.id)

    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      "POST /store/toss/billing/account-holders",
      `GET ${METHODS}`,
      "POST /store/toss/billing/account-holders",
      `DELETE ${METHODS}/${CARD.id}`,
    ])
  })

  it("pays in one click: a new session for the card, then the store's completion, waiting out a completion already running", async () => {
    const order = { id: "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", display_id: 7 }
    const { checkout, calls, initiated, cart } = billingStore({
      "POST /store/toss/billing/complete": [{ status: 409, body: { message: "in progress" } }, { status: 200, body: { type: "order", order } }],
    })

    expect(await checkout.payWithSavedCard(cart.id, CARD.id)).toEqual(order)
    expect(initiated).toEqual([{ provider_id: "pp_toss_toss", data: { payment_method: CARD.id } }])
    expect(calls.filter((call) => call.path === "/store/toss/billing/complete").map((call) => call.body)).toEqual([{ cart_id: cart.id }, { cart_id: cart.id }])
  })

  it("tells the shopper a declined saved card in the store's words, and a foreign card as not confirmed", async () => {
    const { checkout, cart } = billingStore({
      "POST /store/toss/billing/complete": [
        { status: 200, body: { type: "cart", error: { message: "카드사에서 결제를 거절했어요." } } },
        { status: 404, body: { message: "Cart was not found." } },
      ],
    })

    const declined = await checkout.payWithSavedCard(cart.id, CARD.id).catch((error) => error)
    const foreign = await checkout.payWithSavedCard(cart.id, CARD.id).catch((error) => error)

    expect(declined).toMatchObject({ code: "PAYMENT_DECLINED", message: "카드사에서 결제를 거절했어요." })
    expect(foreign).toMatchObject({ code: "PAYMENT_NOT_CONFIRMED" })
  })
})
