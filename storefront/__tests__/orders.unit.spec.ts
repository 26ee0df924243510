import { createTossCheckout, TossCheckoutError } from "../index"
import { requestOrderPayment } from "../orders"
import { fakeMedusa, installBrowser, koreanCart, toss, tossSession, uninstallBrowser } from "./fakes"

const urls = { successUrl: "/account/orders/paid", failUrl: "/account/orders/fail" }
const orderId = "order_01JBQ8ZK3V6Y2W1M0N9P8R7S6T"

function setup() {
  // The order as GET /store/orders/:id answers it: the cart's shopper and items, the balance due.
  const order = { ...koreanCart(), id: orderId, display_id: 1042, total: 38000, customer: undefined }
  const medusa = fakeMedusa(koreanCart())
  const checkout = createTossCheckout({ sdk: medusa.sdk, ...urls })
  const session = tossSession({ ...order, total: 20000 }, { orderName: "주문 #1042 차액 결제", method: "CARD", taxFreeAmount: 5000 })
  return { medusa, checkout, order, session }
}

beforeEach(() => installBrowser("https://shop.example/account/orders"))
afterEach(() => uninstallBrowser())

describe("requestOrderPayment", () => {
  it("opens the order's balance session on the server, then Toss's window for the amount and tax-free share the server stored", async () => {
    const { medusa, checkout, order, session } = setup()
    medusa.completeAnswers.push({ status: 200, body: { order } }, { status: 200, body: { payment_collection: { payment_sessions: [session] } } })
    const headers = { authorization: "Bearer customer-token" }

    await requestOrderPayment({ checkout, sdk: medusa.sdk, orderId, method: "CARD", headers })

    expect(medusa.calls.fetch.map((call) => call.path)).toEqual([`/store/orders/${orderId}`, `/store/toss/orders/${orderId}/payment-sessions`])
    expect(medusa.calls.fetch[1].init).toMatchObject({ method: "POST", body: { data: { method: "CARD", orderName: "주문 #1042 차액 결제" } }, headers })
    const [windowRequest] = toss.of("payment.requestPayment")
    expect(windowRequest.args).toEqual({
      method: "CARD",
      amount: { currency: "KRW", value: 20000 },
      orderId: session.id,
      orderName: "주문 #1042 차액 결제",
      taxFreeAmount: 5000,
      successUrl: "https://shop.example/account/orders/paid",
      failUrl: "https://shop.example/account/orders/fail",
      customerName: "홍길동",
      customerEmail: "gildong@example.com",
      customerMobilePhone: "01012345678",
    })
  })

  it("passes the store's refusal (nothing left to pay) to the shopper, opening nothing", async () => {
    const { medusa, checkout, order } = setup()
    medusa.completeAnswers.push({ status: 200, body: { order } }, { status: 400, body: { message: "This order has nothing left to pay." } })

    const failure = await requestOrderPayment({ checkout, sdk: medusa.sdk, orderId, method: "VIRTUAL_ACCOUNT" }).catch((error) => error)

    expect(failure).toBeInstanceOf(TossCheckoutError)
    expect(failure.message).toBe("This order has nothing left to pay.")
    expect(toss.of("payment.requestPayment")).toHaveLength(0)
  })
})
