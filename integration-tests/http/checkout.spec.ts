import axios from "axios"
import { orderHelpers } from "../helpers/orders"
import { createCart } from "../helpers/store"
import { completeWithToss, initiateTossSession, storeHeaders, TEST_KEYS } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(120_000)

tossIntegrationTestRunner({
  testSuite: ({ api, getContainer, sandbox, store }) => {
    const { orderById, orderOfCart } = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const paymentsOfOrder = async (orderId: string) => (await orderById(orderId)).payments

    const confirms = () => sandbox().requestsTo("POST", "/v1/payments/confirm")

    describe("a card payment", () => {
      it("creates the order with a captured payment after exactly one Toss confirm", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId)
        expect(session.data).toMatchObject({ orderId: session.id, amount: 15000, currency: "KRW", clientKey: TEST_KEYS.TOSS_CLIENT_KEY })

        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 15000, method: "CARD" })
        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.status).toBe(200)
        expect(response.data.type).toBe("order")
        const [payment] = await paymentsOfOrder(response.data.order.id)
        expect(payment.amount).toBe(15000)
        expect(payment.captured_at).not.toBeNull()
        expect(payment.captures).toHaveLength(1)
        expect(payment.data).toMatchObject({ paymentKey: paid.paymentKey, status: "DONE" })
        expect(confirms()).toHaveLength(1)
        expect(confirms()[0].body).toEqual({ paymentKey: paid.paymentKey, orderId: session.id, amount: 15000 })
        expect(confirms()[0].idempotencyKey).toBeTruthy()
      })

      it("answers a replayed success URL with the same order and no second confirm", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 9900 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 9900, method: "CARD" })

        const first = await completeWithToss(api, store, { cart_id: cartId, ...paid })
        const replay = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(replay.data.type).toBe("order")
        expect(replay.data.order.id).toBe(first.data.order.id)
        expect(confirms()).toHaveLength(1)
      })

      it("keeps the secret key out of the session data the storefront can read", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        await initiateTossSession(api, store, cartId)
        const { data } = await api.get(`/store/carts/${cartId}?fields=*payment_collection.payment_sessions`, storeHeaders(store))
        expect(JSON.stringify(data)).not.toContain(TEST_KEYS.TOSS_SECRET_KEY)
        expect(JSON.stringify(data)).not.toContain("_sk_")
      })
    })

    describe("a hand-off without the cart id (a strict cart cookie is not sent on Toss's cross-site redirect)", () => {
      it("finds the cart from the orderId, creates the order after one confirm, and answers a replay from the order", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 15000, method: "CARD" })

        const response = await completeWithToss(api, store, paid)
        const replay = await completeWithToss(api, store, paid)

        expect(response.status).toBe(200)
        expect(response.data.type).toBe("order")
        expect((await orderOfCart(cartId))?.id).toBe(response.data.order.id)
        const [payment] = await paymentsOfOrder(response.data.order.id)
        expect(payment).toMatchObject({ amount: 15000, data: expect.objectContaining({ paymentKey: paid.paymentKey, status: "DONE" }) })
        expect(replay.data).toMatchObject({ type: "order", order: { id: response.data.order.id } })
        expect(confirms()).toHaveLength(1)
      })

      it("answers 400 to an orderId that is no current Toss session of a cart, and sends nothing to Toss", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const replaced = await initiateTossSession(api, store, cartId)
        const current = await initiateTossSession(api, store, cartId)
        const { data } = await api.get(`/store/carts/${cartId}?fields=payment_collection.id`, storeHeaders(store))
        const foreignIds = [
          "payses_01JZZZZZZZZZZZZZZZZZZZZZZZ", // unknown
          replaced.data.orderId, // an earlier attempt, replaced by the current session
          data.cart.payment_collection.id, // an id of this store, but not a payment session
          cartId,
        ]

        for (const orderId of foreignIds) {
          const paid = sandbox().authenticate({ orderId, amount: 15000, method: "CARD" })
          const response = await completeWithToss(api, store, paid)
          expect({ orderId, status: response.status, message: response.data.message }).toEqual({
            orderId,
            status: 400,
            message: expect.stringMatching(/does not belong to a current checkout/),
          })
        }
        expect(confirms()).toHaveLength(0)
        expect(await orderOfCart(cartId)).toBeNull()
        expect(current.data.orderId).not.toBe(replaced.data.orderId)
      })
    })

    describe("refusing bad hand-offs before Toss is asked", () => {
      it("answers 400 to a tampered amount and sends no confirm", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 15000, method: "CARD" })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid, amount: 100 })

        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/amount does not match/)
        expect(confirms()).toHaveLength(0)
        expect(await orderOfCart(cartId)).toBeNull()
      })

      it("answers 400 to an orderId that is not the cart's Toss session", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        await initiateTossSession(api, store, cartId)
        const otherCart = await createCart(getContainer(), store, { amount: 15000 })
        const other = await initiateTossSession(api, store, otherCart)
        const paid = sandbox().authenticate({ orderId: other.data.orderId, amount: 15000, method: "CARD" })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/does not belong to this cart/)
        expect(confirms()).toHaveLength(0)
      })

      it("refuses a malformed hand-off body with 400", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const response = await completeWithToss(api, store, { cart_id: cartId, paymentKey: "x y", orderId: "short", amount: -1 })
        expect(response.status).toBe(400)
        expect(confirms()).toHaveLength(0)
      })
    })

    describe("initiating a session", () => {
      it("refuses a cart in another currency with a message naming it", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 50, regionId: store.usdRegionId })
        const error = await initiateTossSession(api, store, cartId).catch((caught) => caught.response)
        expect(error.status).toBe(400)
        expect(error.data.message).toMatch(/only takes Korean won \(KRW\).*USD/)
      })

      it("refuses an amount below the method's minimum", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 150 })
        const error = await initiateTossSession(api, store, cartId, { method: "MOBILE_PHONE" }).catch((caught) => caught.response)
        expect(error.status).toBe(400)
        expect(error.data.message).toMatch(/below Toss's minimum of 300 KRW for MOBILE_PHONE/)
      })

      it("overrides plugin-owned keys the storefront tries to set", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId, { method: "CARD", status: "DONE", amount: 1, paymentKey: "forged" })
        expect(session.data).toMatchObject({ amount: 15000, status: null, paymentKey: null })
      })
    })

    describe("a declined card", () => {
      it("creates no order, shows Toss's reason, and a new attempt on the same cart succeeds", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const first = await initiateTossSession(api, store, cartId)
        const declined = sandbox().authenticate({
          orderId: first.data.orderId,
          amount: 15000,
          method: "CARD",
          confirmError: "REJECT_CARD_PAYMENT",
        })

        const refused = await completeWithToss(api, store, { cart_id: cartId, ...declined })

        expect(refused.status).toBe(200)
        expect(refused.data.type).toBe("cart")
        expect(refused.data.error.message).toBeTruthy()
        expect(refused.data.error.message).toBe(sandbox().requestsTo("POST", "/v1/payments/confirm")[0].response.message)
        expect(refused.data.error.code).toBe("REJECT_CARD_PAYMENT")
        expect(await orderOfCart(cartId)).toBeNull()

        const second = await initiateTossSession(api, store, cartId)
        expect(second.data.orderId).not.toBe(first.data.orderId)
        const paid = sandbox().authenticate({ orderId: second.data.orderId, amount: 15000, method: "CARD" })
        const accepted = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(accepted.data.type).toBe("order")
        expect(await paymentsOfOrder(accepted.data.order.id)).toHaveLength(1)
      })
    })

    describe("a secret key Toss does not accept", () => {
      it("tells the shopper the store's setup is at fault, creates no order, and shows no key", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 15000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 15000, method: "CARD" })
        sandbox().failNext({ code: "UNAUTHORIZED_KEY", status: 401, path: "/v1/payments/confirm" })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.data.type).toBe("cart")
        expect(response.data.error.message).toMatch(/payment setup has a problem; you have not been charged/)
        expect(JSON.stringify(response.data)).not.toContain(TEST_KEYS.TOSS_SECRET_KEY)
        expect(await orderOfCart(cartId)).toBeNull()
      })
    })

    describe("uncertain confirms", () => {
      it("creates the order once when Toss confirmed but its answer was lost, without charging twice", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 32000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 32000, method: "CARD" })
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/payments/confirm" })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.data.type).toBe("order")
        expect(await paymentsOfOrder(response.data.order.id)).toHaveLength(1)
        // The retry replayed the first confirm under the same Idempotency-Key.
        const keys = new Set(confirms().map((request) => request.idempotencyKey))
        expect(keys.size).toBe(1)
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 32000 })
        expect(await orderOfCart(cartId)).not.toBeNull()
      })

      it("retries a Toss 500 and ends with one payment", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 12000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 12000, method: "CARD" })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/confirm" })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.data.type).toBe("order")
        expect(confirms().map((request) => request.status)).toEqual([500, 200])
        expect(await paymentsOfOrder(response.data.order.id)).toHaveLength(1)
      })

      it("resolves ALREADY_PROCESSED_PAYMENT by looking the payment up", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 8000 })
        const session = await initiateTossSession(api, store, cartId)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 8000, method: "CARD" })
        // Confirmed elsewhere first (another server of the store, a lost answer from an earlier run).
        await axios.post(`${sandbox().url}/v1/payments/confirm`, paid, {
          auth: { username: TEST_KEYS.TOSS_SECRET_KEY, password: "" },
        })

        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })

        expect(response.data.type).toBe("order")
        expect(sandbox().requestsTo("GET", `/v1/payments/${paid.paymentKey}`)).toHaveLength(1)
      })
    })
  },
})
