import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { processPaymentWorkflow } from "@medusajs/core-flows"
import { reconcileTossPayments } from "../../src/lib/reconcile-toss-payments"
import { orderHelpers } from "../helpers/orders"
import { createCart, createTestStore, TestStore } from "../helpers/store"
import { completeWithToss, initiateTossSession, useTossSandbox } from "../helpers/toss"

jest.setTimeout(180_000)

// No webhooks reach Medusa here: everything below must be caught up by the job.
const { sandbox } = useTossSandbox({ webhooks: false })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: TestStore

    beforeAll(async () => {
      store = await createTestStore(getContainer())
    })

    beforeEach(() => {
      sandbox().reset()
    })

    const reconcile = () => reconcileTossPayments(getContainer(), { minAgeMs: 0, pauseMs: 0 })

    const { orderOfCart: orderOf, virtualAccountOrder } = orderHelpers({ api, getContainer, sandbox, store: () => store })

    /** A hand-off whose confirm went through at Toss while neither its answer nor a lookup came back. */
    async function uncertainCheckout(amount = 21000) {
      const cartId = await createCart(getContainer(), store, { amount })
      const session = await initiateTossSession(api, store, cartId)
      const paid = sandbox().authenticate({ orderId: session.data.orderId, amount, method: "CARD" })
      sandbox().dropNextResponse({ mode: "reset", path: "/v1/payments/confirm", times: 10 })
      sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/", method: "GET", times: 10 })
      const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })
      expect(response.data.type).toBe("cart")
      expect(response.data.error.message).toMatch(/check your order in a few minutes/)
      expect(sandbox().getPayment(paid.paymentKey)!.status).toBe("DONE")
      sandbox().reset()
      return { cartId, paid }
    }

    it("captures a virtual account whose deposit webhook never arrived", async () => {
      const { cartId, paymentKey } = await virtualAccountOrder(18000)
      sandbox().deposit(paymentKey)

      await reconcile()

      const order = await orderOf(cartId)
      expect(order!.payments).toHaveLength(1)
      expect(order!.payments[0].captures).toHaveLength(1)
      // Settled: the next run leaves it alone.
      sandbox().reset()
      await reconcile()
      expect(sandbox().requestsTo("GET", paymentKey)).toHaveLength(0)
    })

    it("cancels the order of a virtual account whose due date passed unpaid", async () => {
      const { cartId, paymentKey } = await virtualAccountOrder(18000)
      sandbox().expireVirtualAccount(paymentKey)

      await reconcile()

      const order = await orderOf(cartId)
      expect(order).toMatchObject({ status: "canceled", payments: [] })
      expect(order!.session.status).toBe("canceled")
    })

    it("completes the order of a confirm whose outcome was unknown, without a second charge", async () => {
      const { cartId, paid } = await uncertainCheckout()
      expect(await orderOf(cartId)).toBeNull()

      await reconcile()

      const order = await orderOf(cartId)
      expect(order!.payments).toHaveLength(1)
      expect(order!.payments[0].captures).toHaveLength(1)
      expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 21000 })
      expect(sandbox().requestsTo("POST", "/cancel")).toHaveLength(0)
    })

    it("gives back a payment Toss took for a session the shopper replaced by starting over", async () => {
      const { cartId, paid } = await uncertainCheckout()

      // The shopper tries again: a new session replaces the uncertain one, and is paid.
      const retry = await initiateTossSession(api, store, cartId)
      expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      expect(sandbox().requestsTo("POST", `/v1/payments/${paid.paymentKey}/cancel`)[0].body.cancelReason).toMatch(/no order was created/)
      const paidAgain = sandbox().authenticate({ orderId: retry.data.orderId, amount: 21000, method: "CARD" })
      expect((await completeWithToss(api, store, { cart_id: cartId, ...paidAgain })).data.type).toBe("order")

      expect(sandbox().getPayment(paidAgain.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 21000 })
      expect((await orderOf(cartId))!.payments).toHaveLength(1)
    })

    it("ends with one order and one capture when the storefront and a webhook complete at once", async () => {
      const cartId = await createCart(getContainer(), store, { amount: 26000 })
      const session = await initiateTossSession(api, store, cartId)
      const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 26000, method: "CARD" })
      // A first hand-off that Toss turns down for now leaves the paymentKey on the session.
      sandbox().failNext({ code: "PROVIDER_ERROR", path: "/v1/payments/confirm", times: 4 })
      await completeWithToss(api, store, { cart_id: cartId, ...paid })

      await Promise.allSettled([
        completeWithToss(api, store, { cart_id: cartId, ...paid }),
        completeWithToss(api, store, { cart_id: cartId, ...paid }),
        // What Medusa's webhook subscriber runs for Toss's DONE event.
        processPaymentWorkflow(getContainer()).run({ input: { action: "captured", data: { session_id: session.id, amount: 26000 } } }),
        processPaymentWorkflow(getContainer()).run({ input: { action: "captured", data: { session_id: session.id, amount: 26000 } } }),
      ])

      const order = await orderOf(cartId)
      expect(order!.payments).toHaveLength(1)
      expect(order!.payments[0].captures).toHaveLength(1)
      expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 26000 })
      const executed = sandbox().requestsTo("POST", "/v1/payments/confirm").filter((request) => request.status === 200)
      expect(new Set(executed.map((request) => request.idempotencyKey)).size).toBe(1)
    })
  },
})
