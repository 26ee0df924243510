import {
  createCartWorkflow,
  createProductsWorkflow,
  createTaxRatesWorkflow,
  createTaxRegionsWorkflow,
  updateRegionsWorkflow,
  updateTaxLinesWorkflow,
} from "@medusajs/core-flows"
import { Modules } from "@medusajs/framework/utils"
import axios from "axios"
import { PORTONE_TEST_API_SECRET } from "../../sandbox/portone"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { GIVE_BACK_REASON } from "../../src/providers/portone/refund"
import { orderHelpers } from "../helpers/orders"
import { completeWithPortOne, initiatePortOneSession, PORTONE_PROVIDER_ID, usePortOneSandbox } from "../helpers/portone"
import { createCart, TOSS_PROVIDER_ID } from "../helpers/store"
import { initiateTossSession, storeHeaders } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180_000)

// Started before the Toss sandbox and Medusa: medusa-config registers PortOne once its env is set.
const { portOne } = usePortOneSandbox()

tossIntegrationTestRunner({
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById, orderOfCart, refund } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })
    const tracked = async (paymentSessionId: string) =>
      (await getContainer().resolve<TossModuleService>(TOSS_MODULE).listTossTrackedPayments({ payment_session_id: paymentSessionId }))[0]
    const cancels = (paymentId: string) => portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)
    const preRegistrations = (paymentId: string) => portOne().requestsTo("POST", `/payments/${paymentId}/pre-register`)
    let bookId: string

    beforeAll(async () => {
      const container = getContainer()
      // The test store's regions offer PortOne beside Toss.
      for (const id of [store.regionId, store.usdRegionId]) {
        await updateRegionsWorkflow(container).run({ input: { selector: { id }, update: { payment_providers: [TOSS_PROVIDER_ID, PORTONE_PROVIDER_ID] } } })
      }
      // Korea's 10 % VAT and a rule exempting books, for the tax-free share.
      const {
        result: [book],
      } = await createProductsWorkflow(container).run({
        input: { products: [{ title: "한국어 문법 책", status: "published", options: [{ title: "판", values: ["1판"] }], variants: [{ title: "1판", options: { 판: "1판" }, prices: [{ currency_code: "krw", amount: 18000 }] }] }] },
      })
      bookId = book.id
      const {
        result: [taxRegion],
      } = await createTaxRegionsWorkflow(container).run({
        input: [{ country_code: "kr", provider_id: "tp_system", default_tax_rate: { rate: 10, code: "VAT", name: "부가가치세" } }],
      })
      await createTaxRatesWorkflow(container).run({
        input: [{ tax_region_id: taxRegion.id, rate: 0, code: "TAXFREE", name: "면세 (도서)", rules: [{ reference: "product", reference_id: book.id }] }],
      })
    })

    beforeEach(() => portOne().reset())

    /** A cart of 40,000 KRW, 18,000 of it tax-free (a book) and 22,000 taxed. */
    async function bookAndShirtCart(): Promise<string> {
      const container = getContainer()
      const { result: cart } = await createCartWorkflow(container).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          email: "shopper@example.com",
          shipping_address: { country_code: "kr", first_name: "길동", last_name: "홍" },
          items: [
            { title: "한국어 문법 책", product_id: bookId, quantity: 1, unit_price: 18000, requires_shipping: false, is_tax_inclusive: true },
            { title: "토스 티셔츠", quantity: 1, unit_price: 22000, requires_shipping: false, is_tax_inclusive: true },
          ],
        },
      })
      await updateTaxLinesWorkflow(container).run({ input: { cart_id: cart.id, force_tax_calculation: true } })
      return cart.id
    }

    /** A cart whose one line's price includes its VAT (as Korean prices do), so its total is `amount`. */
    async function krwCart(amount: number): Promise<string> {
      const { result: cart } = await createCartWorkflow(getContainer()).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          email: "shopper@example.com",
          items: [{ title: "제주 감귤 5kg", quantity: 1, unit_price: amount, requires_shipping: false, is_tax_inclusive: true }],
        },
      })
      return cart.id
    }

    async function openCheckout(amount: number) {
      const cartId = await krwCart(amount)
      const session = await initiatePortOneSession(api, store, cartId, { orderName: "제주 감귤" })
      return { cartId, session, paymentId: session.id as string }
    }

    const cartOf = async (cartId: string) => (await api.get(`/store/carts/${cartId}`, storeHeaders(store))).data.cart

    describe("a card payment", () => {
      it("pre-registers the stored amount once and creates the order with a captured payment", async () => {
        const { cartId, session, paymentId } = await openCheckout(15000)
        expect(session.data.portone).toEqual({
          storeId: portOne().storeId,
          paymentId,
          channelKeys: portOne().channels.map((channel) => channel.key),
          orderName: "제주 감귤",
          totalAmount: 15000,
          taxFreeAmount: 0,
          currency: "KRW",
        })
        expect(preRegistrations(paymentId).map((request) => request.body)).toEqual([{ totalAmount: 15000, taxFreeAmount: 0, currency: "KRW", storeId: portOne().storeId }])
        expect(preRegistrations(paymentId)[0].idempotencyKey).toBeTruthy()

        expect(portOne().pay({ paymentId, totalAmount: 15000 }).code).toBeUndefined()
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.status).toBe(200)
        expect(response.data.type).toBe("order")
        const order = await orderById(response.data.order.id)
        expect(order.payments).toHaveLength(1)
        expect(order.payments[0]).toMatchObject({ amount: 15000, provider_id: PORTONE_PROVIDER_ID })
        expect(order.payments[0].captures).toHaveLength(1)
        expect(order.payments[0].data).toMatchObject({ status: "PAID", payment: { paymentId, status: "PAID", amount: { total: 15000, paid: 15000 } } })
        expect(preRegistrations(paymentId)).toHaveLength(1)
        expect(cancels(paymentId)).toEqual([])
        expect(await tracked(paymentId)).toMatchObject({ integration: "portone", provider_id: PORTONE_PROVIDER_ID, payment_key: paymentId, cart_id: cartId, status: "PAID", next_check_at: null })
      })

      it("answers a replayed hand-off with the same order, asking PortOne nothing more", async () => {
        const { cartId, paymentId } = await openCheckout(9900)
        portOne().pay({ paymentId, totalAmount: 9900 })
        const first = await completeWithPortOne(api, store, { paymentId })
        portOne().reset()
        const again = await completeWithPortOne(api, store, { paymentId })

        expect(again.status).toBe(200)
        expect(again.data).toMatchObject({ type: "order", order: { id: first.data.order.id } })
        expect(portOne().requests).toEqual([])
        expect((await orderOfCart(cartId))!.payments).toHaveLength(1)
      })

      it("makes one order and one capture of two hand-offs at once", async () => {
        const { cartId, paymentId } = await openCheckout(21000)
        portOne().pay({ paymentId, totalAmount: 21000 })
        const answers = await Promise.all([completeWithPortOne(api, store, { paymentId }), completeWithPortOne(api, store, { paymentId })])

        expect(answers.some((answer) => answer.data.type === "order")).toBe(true)
        // The other waits for the cart's lock and finds the order, or is told the cart is still being completed.
        expect(answers.every((answer) => answer.data.type === "order" || answer.status === 409)).toBe(true)
        const order = (await orderOfCart(cartId))!
        expect(order.payments).toHaveLength(1)
        expect(order.payments[0].captures).toHaveLength(1)
        expect(cancels(paymentId)).toEqual([])
      })

      it("keeps no secret in the session data anyone with the cart id can read", async () => {
        const { cartId, paymentId } = await openCheckout(5000)
        portOne().pay({ paymentId, totalAmount: 5000 })
        await completeWithPortOne(api, store, { paymentId })
        const seen = JSON.stringify([await cartOf(cartId), (await orderOfCart(cartId))!.payments])

        expect(seen).not.toContain(PORTONE_TEST_API_SECRET)
        expect(seen).not.toContain(portOne().webhookSecret)
        expect(seen).not.toContain(portOne().webhookSecret.replace(/^whsec_/, ""))
      })
    })

    describe("a manual-confirm channel (수동 승인)", () => {
      const manualChannel = () => portOne().channels.find((channel) => channel.manualConfirm)!.key

      it("confirms with the stored amount and the window's token, then creates the order", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        const window = portOne().pay({ paymentId, totalAmount: 15000, channelKey: manualChannel() })
        expect(window.paymentToken).toBeTruthy()
        const response = await completeWithPortOne(api, store, { paymentId, paymentToken: window.paymentToken, txId: window.txId })

        expect(response.data.type).toBe("order")
        const confirms = portOne().requestsTo("POST", `/payments/${paymentId}/confirm`)
        expect(confirms.map((request) => request.body)).toEqual([
          expect.objectContaining({ paymentToken: window.paymentToken, txId: window.txId, totalAmount: 15000, taxFreeAmount: 0, currency: "KRW" }),
        ])
        expect((await orderOfCart(cartId))!.payments[0].captures).toHaveLength(1)
        // The token travels beside the session data, never in it.
        expect(JSON.stringify(await cartOf(cartId))).not.toContain(window.paymentToken!)
      })

      it("approves nothing for a forged token, and leaves the cart open", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        portOne().pay({ paymentId, totalAmount: 15000, channelKey: manualChannel() })
        const response = await completeWithPortOne(api, store, { paymentId, paymentToken: "payment-token-forged" })

        expect(response.data).toMatchObject({ type: "cart", error: { code: "INVALID_PAYMENT_TOKEN" } })
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "READY" })
        expect(await orderOfCart(cartId)).toBeNull()
      })
    })

    describe("PortOne out of reach when the session is made", () => {
      it("answers a clear error that a retry gets past", async () => {
        const cartId = await krwCart(15000)
        portOne().failNext({ path: "/pre-register", status: 503, type: "SERVICE_UNAVAILABLE", times: 4 })
        const refused = await initiatePortOneSession(api, store, cartId).catch((error) => error.response)
        expect(refused.data.message).toMatch(/PortOne could not register this payment's amount/)
        expect(refused.data.message).not.toContain(PORTONE_TEST_API_SECRET)

        const session = await initiatePortOneSession(api, store, cartId)
        expect(session.data.portone).toMatchObject({ totalAmount: 15000 })
      })
    })

    describe("a payment that does not match the order", () => {
      it("is refused by PortOne's window when it asks another amount than the stored one", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        expect(portOne().pay({ paymentId, totalAmount: 100 }).code).toBe("AmountNotEqualToPredefined")
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.data).toMatchObject({ type: "cart", error: { code: "PORTONE_NOT_PAID" } })
        expect(await orderOfCart(cartId)).toBeNull()
      })

      it("is given back in full, and no order made, when PortOne took another amount", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        // The amount registered at PortOne changed behind the store's back (a forged pre-register).
        await axios.post(`${portOne().url}/payments/${paymentId}/pre-register`, { totalAmount: 100, currency: "KRW" }, {
          headers: { Authorization: `PortOne ${PORTONE_TEST_API_SECRET}`, "Idempotency-Key": '"forged-pre-register-0001"' },
        })
        expect(portOne().pay({ paymentId, totalAmount: 100 }).code).toBeUndefined()
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.status).toBe(200)
        expect(response.data).toMatchObject({ type: "cart", error: { code: "PORTONE_PAYMENT_MISMATCH" } })
        expect(await orderOfCart(cartId)).toBeNull()
        expect((await cartOf(cartId)).completed_at).toBeFalsy()
        expect(cancels(paymentId).map((request) => request.body)).toEqual([
          expect.objectContaining({ amount: 100, taxFreeAmount: 0, currentCancellableAmount: 100 }),
        ])
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 100 } })
        expect(await tracked(paymentId)).toMatchObject({ status: "CANCELLED", next_check_at: null })
      })
    })

    describe("a session replaced after its payment", () => {
      it("gives back in full what PortOne took for it", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        portOne().pay({ paymentId, totalAmount: 15000 })
        // The shopper starts over: Medusa deletes the paid session.
        const next = await initiatePortOneSession(api, store, cartId)

        expect(next.id).not.toBe(paymentId)
        expect(cancels(paymentId).map((request) => request.body)).toEqual([
          expect.objectContaining({ amount: 15000, taxFreeAmount: 0, currentCancellableAmount: 15000, reason: GIVE_BACK_REASON }),
        ])
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED" })
        expect((await completeWithPortOne(api, store, { paymentId })).status).toBe(404)
      })
    })

    describe("a lost answer", () => {
      it("gives the shopper a retryable error and keeps the payment due; the retry completes once", async () => {
        const { cartId, paymentId } = await openCheckout(12000)
        portOne().pay({ paymentId, totalAmount: 12000 })
        portOne().dropNextResponse({ method: "GET", path: `/payments/${paymentId}`, mode: "reset", times: 4 })
        const lost = await completeWithPortOne(api, store, { paymentId })

        expect(lost.status).toBe(200)
        expect(lost.data).toMatchObject({ type: "cart", error: { code: "PORTONE_OUTCOME_UNKNOWN" } })
        expect(lost.data.error.message).toMatch(/try again/)
        expect(await orderOfCart(cartId)).toBeNull()
        const due = await tracked(paymentId)
        expect(due).toMatchObject({ integration: "portone", status: null })
        expect(due.next_check_at).not.toBeNull()

        const retried = await completeWithPortOne(api, store, { paymentId })
        expect(retried.data.type).toBe("order")
        expect((await orderOfCart(cartId))!.payments).toHaveLength(1)
        expect(cancels(paymentId)).toEqual([])
        expect(await tracked(paymentId)).toMatchObject({ status: "PAID", next_check_at: null })
      })
    })

    describe("a declined payment", () => {
      it("leaves the cart open with the PG's reason", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        expect(portOne().pay({ paymentId, totalAmount: 15000, outcome: "FAILED" }).code).toBe("PGProviderError")
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.status).toBe(200)
        expect(response.data).toMatchObject({ type: "cart", cart: { id: cartId }, error: { code: "PORTONE_PAYMENT_FAILED", message: "카드 한도 초과" } })
        expect(await orderOfCart(cartId)).toBeNull()
        expect(await tracked(paymentId)).toMatchObject({ status: "FAILED", next_check_at: null })
      })
    })

    describe("a virtual account", () => {
      it("creates the order with its payment pending the deposit, and keeps watching it", async () => {
        const { cartId, paymentId } = await openCheckout(30000)
        portOne().pay({ paymentId, totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT" })
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.data.type).toBe("order")
        const order = (await orderOfCart(cartId))!
        expect(order.payments).toEqual([])
        expect(order.session).toMatchObject({ status: "pending_authorization", data: { status: "VIRTUAL_ACCOUNT_ISSUED", payment: { virtualAccount: { accountNumber: expect.any(String) } } } })
        const row = await tracked(paymentId)
        expect(row).toMatchObject({ status: "VIRTUAL_ACCOUNT_ISSUED" })
        expect(row.next_check_at).not.toBeNull()
      })
    })

    describe("refunds", () => {
      async function paidBookAndShirt() {
        const cartId = await bookAndShirtCart()
        // The tax-free share is the server's, whatever the storefront sends.
        const session = await initiatePortOneSession(api, store, cartId, { taxFreeAmount: 40000 })
        expect(session.data.portone).toMatchObject({ totalAmount: 40000, taxFreeAmount: 18000 })
        expect(portOne().pay({ paymentId: session.id, totalAmount: 40000, taxFreeAmount: 18000 }).code).toBeUndefined()
        const completed = await completeWithPortOne(api, store, { paymentId: session.id })
        expect(completed.data.type).toBe("order")
        const [payment] = (await orderById(completed.data.order.id)).payments
        portOne().reset()
        return { paymentId: session.id as string, medusaPaymentId: payment.id as string }
      }

      it("refunds part, then the rest, each with its tax-free share and the balance it was read with", async () => {
        const { paymentId, medusaPaymentId } = await paidBookAndShirt()
        expect((await refund(medusaPaymentId, { amount: 10000 })).status).toBe(200)
        expect((await refund(medusaPaymentId, { amount: 30000 })).status).toBe(200)

        const sent = cancels(paymentId)
        expect(sent.map((request) => request.body)).toEqual([
          expect.objectContaining({ amount: 10000, taxFreeAmount: 4500, currentCancellableAmount: 40000 }),
          expect.objectContaining({ amount: 30000, taxFreeAmount: 13500, currentCancellableAmount: 30000 }),
        ])
        expect(sent.every((request) => request.status === 200 && request.idempotencyKey)).toBe(true)
        expect(new Set(sent.map((request) => request.idempotencyKey)).size).toBe(2)
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 40000, cancelledTaxFree: 18000 } })
        const [payment] = (await orderById((await orderOfPayment(medusaPaymentId))!)).payments
        expect(payment.refunds.map((row: any) => row.amount).sort()).toEqual([10000, 30000])
      })

      it("refunds once when the cancel's answer is lost and the request retried", async () => {
        const { paymentId, medusaPaymentId } = await paidBookAndShirt()
        portOne().dropNextResponse({ method: "POST", path: "/cancel", mode: "reset" })
        expect((await refund(medusaPaymentId, { amount: 5000 })).status).toBe(200)

        const sent = cancels(paymentId)
        expect(sent.length).toBeGreaterThanOrEqual(2)
        expect(new Set(sent.map((request) => request.idempotencyKey)).size).toBe(1)
        expect((portOne().getPayment(paymentId) as { cancellations: unknown[] }).cancellations).toHaveLength(1)
        expect(portOne().getPayment(paymentId)).toMatchObject({ amount: { cancelled: 5000 } })
      })

      it("counts nothing as refunded when the payment company refuses the cancel or has not finished it", async () => {
        const { paymentId, medusaPaymentId } = await paidBookAndShirt()
        portOne().answerNextCancels(paymentId, "FAILED")
        const refused = await refund(medusaPaymentId, { amount: 10000 })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/nothing was refunded/)

        portOne().answerNextCancels(paymentId, "REQUESTED")
        const pending = await refund(medusaPaymentId, { amount: 7000 })
        expect(pending.status).toBeGreaterThanOrEqual(400)
        expect(pending.data.message).toMatch(/not confirmed it yet/)

        expect(cancels(paymentId).map((request) => request.status)).toEqual([200, 200])
        const [payment] = (await orderById((await orderOfPayment(medusaPaymentId))!)).payments
        expect(payment.refunds ?? []).toEqual([])
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "PAID", amount: { cancelled: 0 } })
      })

      it("refuses more than is left, before asking PortOne to cancel", async () => {
        const { paymentId, medusaPaymentId } = await paidBookAndShirt()
        const tooMuch = await refund(medusaPaymentId, { amount: 40001 })
        expect(tooMuch.status).toBeGreaterThanOrEqual(400)
        expect(tooMuch.status).toBeLessThan(500)
        expect(cancels(paymentId)).toEqual([])
      })

      async function orderOfPayment(medusaPaymentId: string): Promise<string | undefined> {
        const query = getContainer().resolve("query")
        const { data } = await query.graph({ entity: "payment", fields: ["payment_collection.order.id"], filters: { id: medusaPaymentId } })
        return data[0]?.payment_collection?.order?.id
      }
    })

    describe("strangers and bad input", () => {
      it("answers 4xx, never 500, and asks PortOne nothing", async () => {
        const { session: tossSession } = await (async () => {
          const cartId = await krwCart(15000)
          return { session: await initiateTossSession(api, store, cartId) }
        })()
        const bodies: [Record<string, unknown>, number][] = [
          [{}, 400],
          [{ paymentId: "" }, 400],
          [{ paymentId: "a b c d e f" }, 400],
          [{ paymentId: "payses_" + "x".repeat(100) }, 400],
          [{ paymentId: 12345678 }, 400],
          [{ paymentId: "payses_nothing_here", extra: 1 }, 400],
          [{ paymentId: "payses_nothing_here", paymentToken: "" }, 400],
          [{ paymentId: "payses_nothing_here" }, 404],
          [{ paymentId: tossSession.id }, 404],
        ]
        for (const [body, status] of bodies) {
          const response = await completeWithPortOne(api, store, body)
          expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), status])
        }
        expect(portOne().requests).toEqual([])
      })

      it("refuses a PortOne session in another currency than KRW", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 100, regionId: store.usdRegionId })
        const refused = await initiatePortOneSession(api, store, cartId).catch((error) => error.response)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/KRW/)
        expect(portOne().requests).toEqual([])
      })

      it("refuses a hand-off for a cart whose tax-free share changed at the same total, asking PortOne nothing; the new session gives the payment back", async () => {
        const cartId = await bookAndShirtCart()
        const first = await initiatePortOneSession(api, store, cartId)
        expect(first.data.portone).toMatchObject({ totalAmount: 40000, taxFreeAmount: 18000 })
        expect(portOne().pay({ paymentId: first.id, totalAmount: 40000, taxFreeAmount: 18000 }).code).toBeUndefined()
        // Meanwhile the book became taxed (a taxed item of the same price in its place): Medusa keeps the session.
        const cartModule = getContainer().resolve(Modules.CART)
        const items = await cartModule.listLineItems({ cart_id: cartId })
        await cartModule.setLineItemTaxLines(cartId, items.map((item: { id: string }) => ({ item_id: item.id, rate: 10, code: "VAT" })))
        portOne().reset()

        const refused = await completeWithPortOne(api, store, { paymentId: first.id })

        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/tax-free share/)
        expect(portOne().requests).toEqual([])
        expect(await orderOfCart(cartId)).toBeNull()
        // The storefront starts again with a new session: the cart's share, and what the old one took given back.
        const fresh = await initiatePortOneSession(api, store, cartId)
        expect(fresh.data.portone).toMatchObject({ totalAmount: 40000, taxFreeAmount: 0 })
        expect(cancels(first.id).map((request) => request.body)).toEqual([expect.objectContaining({ amount: 40000, taxFreeAmount: 18000 })])
        expect(portOne().getPayment(first.id)).toMatchObject({ status: "CANCELLED" })
      })

      it("refuses a hand-off for a cart whose total changed after the window opened", async () => {
        const { cartId, paymentId } = await openCheckout(15000)
        const container = getContainer()
        const { addToCartWorkflow } = await import("@medusajs/core-flows")
        await addToCartWorkflow(container).run({ input: { cart_id: cartId, items: [{ title: "덤", quantity: 1, unit_price: 1000, requires_shipping: false }] } as never })
        portOne().pay({ paymentId, totalAmount: 15000 })
        const response = await completeWithPortOne(api, store, { paymentId })

        expect(response.status).toBeGreaterThanOrEqual(400)
        expect(response.status).toBeLessThan(500)
        expect(await orderOfCart(cartId)).toBeNull()
      })
    })
  },
})
