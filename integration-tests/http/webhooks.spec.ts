import { orderHelpers } from "../helpers/orders"
import { adminHeaders, createCart } from "../helpers/store"
import {
  completeWithToss,
  initiateTossSession,
  storeHeaders,
  waitFor,
  webhookProcessingWindow,
  webhookUrl,
} from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180_000)

tossIntegrationTestRunner({
  webhooks: true,
  testSuite: ({ api, getContainer, sandbox, store }) => {
    const helpers = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const { orderOfCart: orderOf, capturedPayments } = helpers

    /**
     * A virtual-account order waiting for its deposit. `settled`: after the
     * webhook Toss sent about the confirm has been handled, so that a later
     * lookup it triggers cannot see a deposit made by the test.
     */
    async function virtualAccountOrder({ settled = false } = {}) {
      const order = await helpers.virtualAccountOrder(25000)
      if (settled) {
        await sandbox().flushWebhooks()
        await webhookProcessingWindow()
      }
      return order
    }

    describe("virtual accounts", () => {
      it("creates the order waiting for the deposit and shows the account to the shopper", async () => {
        const { cartId, orderId } = await virtualAccountOrder()

        const order = await orderOf(cartId)
        expect(order!.payments).toHaveLength(0)
        expect(order!.session.status).toBe("pending_authorization")
        const { data } = await api.get(
          `/store/orders/${orderId}?fields=*payment_collections.payment_sessions`,
          storeHeaders(store)
        )
        const shown = data.order.payment_collections[0].payment_sessions[0].data
        expect(shown.status).toBe("WAITING_FOR_DEPOSIT")
        expect(shown.payment.virtualAccount).toMatchObject({
          bankCode: expect.any(String),
          accountNumber: expect.stringMatching(/\d/),
          customerName: "홍길동",
          dueDate: expect.any(String),
        })
        expect(JSON.stringify(data)).not.toMatch(/ps_[A-Za-z0-9]{27}/)
      })

      it("captures the payment when Toss reports the deposit", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder()

        sandbox().deposit(paymentKey)
        const captured = (await waitFor(async () => (await capturedPayments(cartId)).length === 1 && capturedPayments(cartId))) || []

        expect(captured).toHaveLength(1)
        expect(captured[0]).toMatchObject({ amount: 25000, data: expect.objectContaining({ status: "DONE" }) })
        expect(sandbox().webhooks.map((delivery) => delivery.status)).toContain(200)
      })

      it("cancels the order when the account is cancelled at Toss before the deposit", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder()

        sandbox().dashboardCancel(paymentKey, { cancelReason: "고객 변심" })
        const order = await waitFor(async () => {
          const current = await orderOf(cartId)
          return current?.status === "canceled" && current
        })

        expect(order).toMatchObject({ status: "canceled", payments: [] })
        expect(order && order.session.status).toBe("canceled")
      })

      it("reflects a reversed deposit on the captured payment", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder()
        sandbox().deposit(paymentKey)
        await waitFor(async () => (await capturedPayments(cartId)).length === 1)

        sandbox().depositError(paymentKey)
        const reversed = await waitFor(async () => {
          const [payment] = await capturedPayments(cartId)
          return payment?.data.status === "WAITING_FOR_DEPOSIT" && payment
        })

        expect(reversed).toBeTruthy()
      })
    })

    describe("forged and repeated webhooks", () => {
      it("captures nothing for a forged PAYMENT_STATUS_CHANGED claiming DONE for an unpaid session", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId)
        const authenticated = sandbox().authenticate({ orderId: session.data.orderId, amount: 15000, method: "CARD" })
        await completeWithToss(api, store, { cart_id: cartId, ...authenticated, amount: 1 }) // refused: no hand-off

        const forged = await sandbox().sendWebhook({
          eventType: "PAYMENT_STATUS_CHANGED",
          createdAt: "2026-11-23T12:00:00.000000",
          data: { paymentKey: authenticated.paymentKey, orderId: session.data.orderId, status: "DONE", totalAmount: 15000 },
        })
        await webhookProcessingWindow()

        expect(forged.status).toBe(200)
        expect(await orderOf(cartId)).toBeNull()
        expect(sandbox().getPayment(authenticated.paymentKey)!.status).toBe("IN_PROGRESS")
        expect(sandbox().requestsTo("POST", "/v1/payments/confirm")).toHaveLength(0)
      })

      it("changes nothing for a DEPOSIT_CALLBACK with a wrong secret, and acts on the genuine one", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder({ settled: true })
        sandbox().setWebhookUrl(null)
        const deposited = sandbox().deposit(paymentKey)
        sandbox().setWebhookUrl(webhookUrl(api))
        const callback = {
          createdAt: "2026-11-23T12:00:00.000000",
          status: "DONE",
          transactionKey: deposited.lastTransactionKey,
          orderId: deposited.orderId,
        }

        await sandbox().sendWebhook({ ...callback, secret: "ps_" + "x".repeat(27) })
        await webhookProcessingWindow()
        expect(await capturedPayments(cartId)).toHaveLength(0)

        await sandbox().sendWebhook({ ...callback, secret: deposited.secret })
        expect(await waitFor(async () => (await capturedPayments(cartId)).length === 1)).toBe(true)
      })

      it("ignores malformed, empty, unknown and foreign webhooks", async () => {
        const bodies = [
          {},
          { eventType: "PAYMENT_STATUS_CHANGED" },
          { eventType: "BILLING_DELETED", data: { billingKey: "b", reason: "x" } },
          { eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: "tgen_unknown_payment_key", orderId: "another-shop-order" } },
          { orderId: "another-shop-order", secret: "ps_x", status: "DONE" },
          [1, 2, 3],
        ]
        const answers = await Promise.all(bodies.map((body) => sandbox().sendWebhook(body)))
        const notJson = await api.post(webhookUrl(api).replace(api.defaults.baseURL, ""), "not json", {
          headers: { "content-type": "application/json" },
          validateStatus: () => true,
        })
        await webhookProcessingWindow()

        expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 200))
        expect(notJson.status).toBe(400)
        // Medusa still serves requests.
        expect((await api.get("/health")).status).toBe(200)
      })

      it("captures once for 20 duplicate deliveries in parallel", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder({ settled: true })
        sandbox().setWebhookUrl(null)
        const deposited = sandbox().deposit(paymentKey)
        sandbox().setWebhookUrl(webhookUrl(api))
        const callback = {
          createdAt: "2026-11-23T12:00:00.000000",
          secret: deposited.secret,
          status: "DONE",
          transactionKey: deposited.lastTransactionKey,
          orderId: deposited.orderId,
        }

        await Promise.all(Array.from({ length: 20 }, () => sandbox().sendWebhook(callback)))
        await waitFor(async () => (await capturedPayments(cartId)).length === 1)
        await webhookProcessingWindow(4000)

        const order = await orderOf(cartId)
        expect(order!.payments).toHaveLength(1)
        expect(order!.payments[0].captures).toHaveLength(1)
      })
    })

    describe("cancels made outside Medusa", () => {
      it("records a Toss dashboard partial cancel as one Medusa refund, and does not double Medusa's own refund", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 40000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 40000, method: "CARD" })
        await completeWithToss(api, store, { cart_id: cartId, ...paid })
        const [payment] = await capturedPayments(cartId)

        sandbox().dashboardCancel(paid.paymentKey, { cancelReason: "부분 반품", cancelAmount: 7000 })
        const mirrored = await waitFor(async () => {
          const [current] = await capturedPayments(cartId)
          return current.refunds.length === 1 && current
        })
        expect(mirrored.refunds[0].amount).toBe(7000)

        const admin = await adminHeaders(getContainer(), api)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 3000 }, admin)
        // Toss's webhooks about both cancels arrive, more than once.
        await sandbox().flushWebhooks()
        for (const delivery of sandbox().webhooks.slice()) {
          await sandbox().sendWebhook(delivery.payload)
        }
        await webhookProcessingWindow()

        const [after] = await capturedPayments(cartId)
        expect(after.refunds.map((refund: any) => refund.amount).sort()).toEqual([3000, 7000])
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ balanceAmount: 30000, status: "PARTIAL_CANCELED" })
        expect(sandbox().requestsTo("POST", "/cancel").filter((request) => request.status === 200)).toHaveLength(1)
      })
    })
  },
})
