import { createHmac } from "node:crypto"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { WEBHOOK_ARRIVAL_HEADER } from "../../src/lib/webhook-arrival"
import { orderHelpers } from "../helpers/orders"
import { createCart, TOSS_PROVIDER_ID } from "../helpers/store"
import { initiateTossSession, storeHeaders, waitFor, webhookProcessingWindow, webhookUrl } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240_000)

/** What an attacker, an unlucky network or a busy shop does to a running store. */
tossIntegrationTestRunner({
  webhooks: true,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const helpers = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const { orderOfCart: orderOf, capturedPayments } = helpers
    const lookups = () => sandbox().requests.filter((request) => request.method === "GET" && request.path.startsWith("/v1/payments"))
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)

    /** A virtual-account order whose own webhooks (about the issue) have been handled. */
    async function virtualAccountOrder(amount = 25000) {
      const order = await helpers.virtualAccountOrder(amount)
      await sandbox().flushWebhooks()
      await webhookProcessingWindow()
      sandbox().reset()
      return order
    }

    describe("an order's payment", () => {
      it("cannot be replaced by a new session once the cart is an order, and its virtual account still pays the order", async () => {
        const { cartId, orderId, paymentKey } = await virtualAccountOrder()
        const { data } = await api.get(`/store/orders/${orderId}?fields=*payment_collections`, storeHeaders(store))
        const collectionId = data.order.payment_collections[0].id

        const replaced = await api
          .post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: TOSS_PROVIDER_ID, data: { method: "CARD" } }, storeHeaders(store))
          .catch((error: any) => error.response)
        const bySystem = await api
          .post(`/store/payment-collections/${collectionId}/payment-sessions`, { provider_id: "pp_system_default" }, storeHeaders(store))
          .catch((error: any) => error.response)

        expect(replaced.status).toBe(400)
        expect(replaced.data.message).toMatch(/already been ordered/)
        expect(bySystem.status).toBe(400)
        expect(sandbox().getPayment(paymentKey)!.status).toBe("WAITING_FOR_DEPOSIT")
        expect((await orderOf(cartId))!.session.status).toBe("pending_authorization")

        sandbox().deposit(paymentKey)
        const captured = await waitFor(async () => (await capturedPayments(cartId)).length === 1)
        expect(captured).toBe(true)
      })

      it("is closed at Toss when the operator cancels an unpaid virtual-account order", async () => {
        const { cartId, orderId, paymentKey } = await virtualAccountOrder()

        const canceled = await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)

        expect(canceled.status).toBe(200)
        const closed = await waitFor(async () => sandbox().getPayment(paymentKey)!.status === "CANCELED")
        expect(closed).toBe(true)
        expect(() => sandbox().deposit(paymentKey)).toThrow()
        const order = await waitFor(async () => {
          const current = await orderOf(cartId)
          return current?.session.status === "canceled" && current
        })
        expect(order).toMatchObject({ status: "canceled", payments: [] })
      })

      it("keeps a deposit that still arrives for a cancelled order refundable, and tells the operator", async () => {
        const { cartId, orderId, paymentKey } = await virtualAccountOrder()
        // Toss cannot be reached when the order is cancelled: the account stays open.
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/cancel", times: 20 })
        await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
        await webhookProcessingWindow(3000)
        expect(sandbox().getPayment(paymentKey)!.status).toBe("WAITING_FOR_DEPOSIT")
        sandbox().reset()

        sandbox().deposit(paymentKey)
        const [payment] = (await waitFor(async () => {
          const captured = await capturedPayments(cartId)
          return captured.length === 1 && captured
        })) as any[]

        expect((await orderOf(cartId))!.status).toBe("canceled")
        const panel = await api.get(`/admin/toss/payments/${payment.id}`, admin)
        expect(panel.data.refundable).toMatchObject({ balanceAmount: 25000, needsRefundAccount: true })
        await api.post(`/admin/toss/payments/${payment.id}/refund-account`, { bank: "88", accountNumber: "110-123-456789", holderName: "홍길동" }, admin)
        const refunded = await api
          .post(`/admin/payments/${payment.id}/refund`, { amount: 25000, note: "주문 취소 후 입금" }, admin)
          .catch((error: any) => error.response)
        expect([refunded.status, refunded.data.message]).toEqual([200, undefined])
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      })
    })

    describe("forged webhooks", () => {
      it("cost no Toss request when they are about orders this store never had", async () => {
        const forged = Array.from({ length: 100 }, (_, index) =>
          index % 2
            ? { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2026-11-23T12:00:00.000000", data: { paymentKey: `tgen_forged${index}`, orderId: `order-forged-${index}`, status: "DONE" } }
            : { createdAt: "2026-11-23T12:00:00.000000", secret: "ps_" + "x".repeat(27), status: "DONE", transactionKey: "A".repeat(32), orderId: `payses_forged${index}` }
        )

        const answers = await Promise.all(forged.map((body) => sandbox().sendWebhook(body)))
        await webhookProcessingWindow(10_000)

        expect(answers.every((answer) => answer.status === 200)).toBe(true)
        expect(sandbox().requests.filter((request) => request.path.includes("forged"))).toHaveLength(0)
      })

      it("cost one lookup per real payment for a burst of 20 duplicate deliveries", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder()
        sandbox().setWebhookUrl(null)
        const deposited = sandbox().deposit(paymentKey)
        sandbox().setWebhookUrl(webhookUrl(api))
        const callback = { createdAt: "2026-11-23T12:00:00.000000", secret: deposited.secret, status: "DONE", transactionKey: deposited.lastTransactionKey, orderId: deposited.orderId }

        // Two waves 1.5 s apart, as Toss's retries and crossed deliveries come: all arrive before
        // Medusa handles the first (5 s after it came), so the sync's one lookup answers for all.
        const send = () => Promise.all(Array.from({ length: 10 }, () => sandbox().sendWebhook(callback)))
        await send()
        await new Promise((resolve) => setTimeout(resolve, 1500))
        await send()
        await waitFor(async () => (await capturedPayments(cartId)).length === 1)
        await webhookProcessingWindow(4000)

        expect((await orderOf(cartId))!.payments[0].captures).toHaveLength(1)
        // The lookup that decides; the capture uses its answer.
        expect(lookups()).toHaveLength(1)
      })

      it("cannot skip the lookup with an arrival time of their own: a cancel behind a forged stamp is still recorded", async () => {
        const { cartId, paymentKey } = await helpers.paidOrder(20000)
        sandbox().setWebhookUrl(null)
        const canceled = sandbox().dashboardCancel(paymentKey, { cancelReason: "부분 반품", cancelAmount: 4000 })
        sandbox().setWebhookUrl(webhookUrl(api))
        // Signed with the store's own secret and dated before the checkout's confirm: trusted, it would make the sync skip Toss.
        const earlier = Date.now() - 10 * 60 * 1000
        const forged = `${earlier}.${createHmac("sha256", process.env.JWT_SECRET || "supersecret").update(`${WEBHOOK_ARRIVAL_HEADER}:${earlier}`).digest("hex")}`

        const answer = await sandbox().sendWebhook(
          { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2026-11-23T12:00:00.000000", data: canceled },
          { [WEBHOOK_ARRIVAL_HEADER]: forged }
        )
        const refunded = await waitFor(async () => (await orderOf(cartId))!.payments[0].refunds.length > 0)

        expect(answer.status).toBe(200)
        expect(refunded).toBe(true)
        expect((await orderOf(cartId))!.payments[0].refunds.map((refund: any) => Number(refund.amount))).toEqual([4000])
        expect(lookups()).toHaveLength(1)
      })

      it("change nothing when a DEPOSIT_CALLBACK's secret is not Toss's, even about an account Toss did cancel", async () => {
        const { cartId, paymentKey, sessionOrderId } = await virtualAccountOrder()
        sandbox().setWebhookUrl(null)
        sandbox().dashboardCancel(paymentKey, { cancelReason: "테스트" })
        sandbox().setWebhookUrl(webhookUrl(api))

        await sandbox().sendWebhook({ createdAt: "2026-11-23T12:00:00.000000", secret: "ps_" + "y".repeat(27), status: "CANCELED", transactionKey: "B".repeat(32), orderId: sessionOrderId })
        await webhookProcessingWindow()

        expect((await orderOf(cartId))!.status).not.toBe("canceled")
      })
    })

    describe("privacy", () => {
      it("keeps the refund account, the operator's note and the phone number off the public order route", async () => {
        const { cartId, orderId, paymentKey } = await virtualAccountOrder()
        sandbox().deposit(paymentKey)
        const [payment] = (await waitFor(async () => {
          const captured = await capturedPayments(cartId)
          return captured.length === 1 && captured
        })) as any[]
        await api.post(`/admin/toss/payments/${payment.id}/refund-account`, { bank: "06", accountNumber: "123456-78-901234", holderName: "김비밀" }, admin)
        await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1000, note: "운영자 메모: 고객 불만 심함" }, admin)
        const phone = await helpers.paidOrder(5000, "MOBILE_PHONE")

        const shown = await api.get(
          `/store/orders/${orderId}?fields=*payment_collections.payments,*payment_collections.payment_sessions`,
          storeHeaders(store)
        )
        const phoneShown = await api.get(`/store/orders/${phone.orderId}?fields=*payment_collections.payments`, storeHeaders(store))

        const text = JSON.stringify(shown.data)
        expect(text).not.toContain("12345678901234")
        expect(text).not.toContain("김비밀")
        expect(text).not.toContain("고객 불만")
        expect(JSON.stringify(phoneShown.data)).not.toContain("01012345678")
        // The operator still sees the account, masked.
        const panel = await api.get(`/admin/toss/payments/${payment.id}`, admin)
        expect(panel.data.refundable.refundAccount).toMatchObject({ bank: "06", accountNumber: "**********1234", holderName: "김비밀" })
      })
    })

    describe("bad input from a storefront", () => {
      async function tossSessionsOf(cartId: string) {
        const { data } = await query().graph({ entity: "cart", fields: ["payment_collection.payment_sessions.*"], filters: { id: cartId } })
        return data[0].payment_collection?.payment_sessions ?? []
      }

      it("stores an orderName cut inside an emoji without half of it", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const orderName = "가".repeat(99) + "😀😀"

        const session = await initiateTossSession(api, store, cartId, { method: "CARD", orderName })

        expect(session.data.orderName).toBe("가".repeat(99))
      })

      it.each([
        ["a lone surrogate", { method: "CARD", orderName: "\ud83d" + "상품" }],
        ["an unknown method", { method: "BITCOIN" }],
        ["a method of the wrong type", { method: { $ne: null } }],
        ["an unknown key", { method: "CARD", extra: "x" }],
        ["a deeply nested value", { method: "CARD", orderName: JSON.parse("[".repeat(64) + "]".repeat(64)) }],
        ["a huge value", { method: "CARD", orderName: "가".repeat(200_000) }],
        ["a NUL character", { method: "CARD", integration: "payment\u0000" }],
        ["a validHours out of Toss's range", { method: "VIRTUAL_ACCOUNT", validHours: 100000 }],
      ])("answers %s in session data with a 4xx and stores nothing", async (_name, data) => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const {
          data: { payment_collection: collection },
        } = await api.post("/store/payment-collections", { cart_id: cartId }, storeHeaders(store))

        const answer = await api
          .post(`/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: TOSS_PROVIDER_ID, data }, storeHeaders(store))
          .catch((error: any) => error.response)

        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
        expect(typeof answer.data.message).toBe("string")
        expect((await tossSessionsOf(cartId)).filter((session: any) => session.provider_id === TOSS_PROVIDER_ID)).toHaveLength(0)
      })

      it.each([
        ["a huge body", () => ({ cart_id: "cart_x", paymentKey: "k".repeat(5_000_000), orderId: "payses_x", amount: 1 })],
        ["a deeply nested body", () => '{"cart_id":' + "[".repeat(5000) + "]".repeat(5000) + "}"],
        ["odd unicode", () => ({ cart_id: "\ud800", paymentKey: "\u202etgen", orderId: "payses_😀😀😀", amount: "1e3" })],
        ["a negative amount", () => ({ cart_id: "cart_x", paymentKey: "tgen_x", orderId: "payses_xxxxxx", amount: -5 })],
        ["an amount too large to be exact", () => ({ cart_id: "cart_x", paymentKey: "tgen_x", orderId: "payses_xxxxxx", amount: "99999999999999999999" })],
        ["a cart that does not exist", () => ({ cart_id: "cart_nope", paymentKey: "tgen_x", orderId: "payses_xxxxxx", amount: 1000 })],
        ["not an object", () => [1, 2, 3]],
      ])("answers %s on the hand-off with a 4xx and sends nothing to Toss", async (_name, body) => {
        const answer = await api.post("/store/toss/complete", body(), {
          headers: { ...storeHeaders(store).headers, "content-type": "application/json" },
          validateStatus: () => true,
        })

        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
        expect(sandbox().requests).toHaveLength(0)
      })
    })
  },
})
