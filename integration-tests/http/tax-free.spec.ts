import {
  createCartWorkflow,
  createProductsWorkflow,
  createTaxRatesWorkflow,
  createTaxRegionsWorkflow,
  updateTaxLinesWorkflow,
} from "@medusajs/core-flows"
import { runTossReconciliation } from "../../src/jobs/toss-reconcile"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { orderHelpers } from "../helpers/orders"
import { completeWithToss, initiateTossSession, storeHeaders } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180_000)

/** Tax-free amounts from Medusa's own tax setup, through Toss's window, confirm and refunds. */
tossIntegrationTestRunner({
  webhooks: false,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById, refund, cancelsSent } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })

    describe("tax-free amounts (면세)", () => {
      let bookId: string

      // Before any cart is taxed: Medusa caches a country's tax rates.
      beforeAll(async () => {
        // Korea's 10 % VAT, and a rule of the store's exempting books: Medusa's own tax setup.
        const container = getContainer()
        const {
          result: [book],
        } = await createProductsWorkflow(container).run({
          input: { products: [{ title: "한국어 문법 책", status: "published", options: [{ title: "판", values: ["1판"] }], variants: [{ title: "1판", options: { 판: "1판" }, prices: [{ currency_code: "krw", amount: 18000 }] }] }] },
        })
        bookId = book.id
        const {
          result: [region],
        } = await createTaxRegionsWorkflow(container).run({
          input: [{ country_code: "kr", provider_id: "tp_system", default_tax_rate: { rate: 10, code: "VAT", name: "부가가치세" } }],
        })
        await createTaxRatesWorkflow(container).run({
          input: [{ tax_region_id: region.id, rate: 0, code: "TAXFREE", name: "면세 (도서)", rules: [{ reference: "product", reference_id: book.id }] }],
        })
      })

      /** A cart with a book (exempt by the store's tax rule) and a T-shirt (10 % VAT). */
      async function bookAndShirtCart() {
        const container = getContainer()
        const book = { id: bookId }
        const { result: cart } = await createCartWorkflow(container).run({
          input: {
            region_id: store.regionId,
            sales_channel_id: store.salesChannelId,
            email: "shopper@example.com",
            shipping_address: { country_code: "kr", first_name: "길동", last_name: "홍" },
            items: [
              { title: "한국어 문법 책", product_id: book.id, quantity: 1, unit_price: 18000, requires_shipping: false, is_tax_inclusive: true },
              { title: "토스 티셔츠", quantity: 1, unit_price: 22000, requires_shipping: false, is_tax_inclusive: true },
            ],
          },
        })
        // What the storefront's POST /store/carts/:id/taxes does.
        await updateTaxLinesWorkflow(container).run({ input: { cart_id: cart.id, force_tax_calculation: true } })
        return cart.id
      }

      it("come from the cart's tax lines, reach Toss, and are split over each refund", async () => {
        const cartId = await bookAndShirtCart()
        const session = await initiateTossSession(api, store, cartId, { method: "CARD" })
        expect(session.data.taxFreeAmount).toBe(18000)

        const authenticated = sandbox().authenticate({ orderId: session.data.orderId, amount: 40000, method: "CARD", taxFreeAmount: 18000 })
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...authenticated })
        expect(completed.data.type).toBe("order")
        expect(sandbox().getPayment(authenticated.paymentKey)).toMatchObject({ taxFreeAmount: 18000 })
        const [payment] = (await orderById(completed.data.order.id)).payments

        expect((await refund(payment.id, { amount: 20000 })).status).toBe(200)
        expect((await refund(payment.id, { amount: 20000 })).status).toBe(200)
        const sent = cancelsSent(authenticated.paymentKey)
        expect(sent.map((body) => [body.cancelAmount, body.taxFreeAmount])).toEqual([
          [20000, 9000],
          [20000, 9000],
        ])
        const panel = await api.get(`/admin/toss/payments/${payment.id}`, admin)
        expect(panel.data.payment.taxFreeAmount).toBe(0)
      })

      it("issue a cash receipt after a partial refund with the tax-free part Toss still holds", async () => {
        const cartId = await bookAndShirtCart()
        const session = await initiateTossSession(api, store, cartId, { method: "TRANSFER" })
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 40000, method: "TRANSFER", taxFreeAmount: 18000 })
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...paid })
        expect(completed.data.type).toBe("order")
        const [payment] = (await orderById(completed.data.order.id)).payments
        expect((await refund(payment.id, { amount: 20000 })).status).toBe(200)
        // Toss's payment now holds 20,000 KRW, 9,000 of it tax-free.
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ balanceAmount: 20000, taxFreeAmount: 9000 })

        const issued = await api.post(`/admin/toss/payments/${payment.id}/cash-receipts`, { type: "소득공제", customerIdentityNumber: "01012345678" }, admin)
        expect(issued.data.cash_receipts).toEqual([expect.objectContaining({ amount: 20000, tax_free_amount: 9000 })])
        const [request] = sandbox().requestsTo("POST", "/v1/cash-receipts")
        expect(request.body).toMatchObject({ amount: 20000, taxFreeAmount: 9000 })
      })

      it("refuses (and gives back) a payment whose tax-free amount the browser changed", async () => {
        const cartId = await bookAndShirtCart()
        const session = await initiateTossSession(api, store, cartId, { method: "CARD", taxFreeAmount: 0 })
        expect(session.data.taxFreeAmount).toBe(18000)

        const tampered = sandbox().authenticate({ orderId: session.data.orderId, amount: 40000, method: "CARD", taxFreeAmount: 40000 })
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...tampered })

        expect(completed.data.type).toBe("cart")
        expect(sandbox().getPayment(tampered.paymentKey)).toMatchObject({ status: "CANCELED" })
        expect(cancelsSent(tampered.paymentKey).map((body) => [body.cancelAmount, body.taxFreeAmount])).toEqual([[40000, 40000]])
      })

      /** A book-and-shirt checkout whose confirm went through at Toss while neither its answer nor a lookup came back. */
      async function uncertainCheckout() {
        const cartId = await bookAndShirtCart()
        const session = await initiateTossSession(api, store, cartId, { method: "CARD" })
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 40000, method: "CARD", taxFreeAmount: 18000 })
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/payments/confirm", times: 10 })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/", method: "GET", times: 10 })
        const response = await completeWithToss(api, store, { cart_id: cartId, ...paid })
        expect(response.data.type).toBe("cart")
        expect(sandbox().getPayment(paid.paymentKey)!.status).toBe("DONE")
        sandbox().reset()
        return { cartId, paid, orderId: session.data.orderId as string }
      }

      /** The shopper pays the session that replaced the uncertain one. */
      async function payAgain(cartId: string, retry: any) {
        const again = sandbox().authenticate({ orderId: retry.data.orderId, amount: 40000, method: "CARD", taxFreeAmount: 18000 })
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...again })
        expect(completed.data.type).toBe("order")
        expect(sandbox().getPayment(again.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 40000 })
      }

      it("gives back a replaced session's payment with its tax-free share when the shopper starts over", async () => {
        const { cartId, paid } = await uncertainCheckout()

        const retry = await api.post(
          `/store/payment-collections/${(await api.post("/store/payment-collections", { cart_id: cartId }, storeHeaders(store))).data.payment_collection.id}/payment-sessions`,
          { provider_id: "pp_toss_toss", data: { method: "CARD" } },
          { ...storeHeaders(store), validateStatus: () => true }
        )

        expect(retry.status).toBe(200)
        expect(cancelsSent(paid.paymentKey).map((body) => [body.cancelAmount, body.taxFreeAmount])).toEqual([[40000, 18000]])
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0, taxFreeAmount: 0 })
        const session = retry.data.payment_collection.payment_sessions.find((candidate: any) => candidate.provider_id === "pp_toss_toss")
        await payAgain(cartId, { data: session.data })
      })

      it("lets the shopper start over when Toss refuses the give-back, and the reconciliation gives it back later", async () => {
        const { cartId, paid, orderId } = await uncertainCheckout()
        sandbox().failNext({ code: "NOT_CANCELABLE_PAYMENT", path: `/v1/payments/${paid.paymentKey}/cancel`, method: "POST" })

        const retry = await initiateTossSession(api, store, cartId, { method: "CARD" })

        const refused = sandbox().requestsTo("POST", `/v1/payments/${paid.paymentKey}/cancel`)
        expect(refused.map((request) => [request.status, (request.body as any).taxFreeAmount])).toEqual([[403, 18000]])
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 40000 })
        await payAgain(cartId, retry)
        // Still tracked: the next look at it (made due now) gives it back.
        const module = getContainer().resolve<TossModuleService>(TOSS_MODULE)
        const [row] = await module.listTossTrackedPayments({ payment_session_id: orderId })
        expect(row.next_check_at).not.toBeNull()
        await module.updateTossTrackedPayments({ id: row.id, next_check_at: new Date(Date.now() - 1000) })
        const run = await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })
        expect(run.result.outcomes[orderId]).toBe("given-back")
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0, taxFreeAmount: 0 })
        expect(cancelsSent(paid.paymentKey).map((body) => [body.cancelAmount, body.taxFreeAmount])).toEqual([[40000, 18000]])
      })

      it("lists a give-back Toss keeps refusing once in Needs attention, with its amount, and resolves it when a later run gives it back", async () => {
        const { cartId, paid, orderId } = await uncertainCheckout()
        const cancelPath = `/v1/payments/${paid.paymentKey}/cancel`
        sandbox().failNext({ code: "NOT_CANCELABLE_PAYMENT", path: cancelPath, method: "POST" })
        const retry = await initiateTossSession(api, store, cartId, { method: "CARD" })
        await payAgain(cartId, retry)
        const attention = async (status = "open") =>
          ((await api.get(`/admin/toss/attention?status=${status}`, admin)).data.items as any[]).filter((item) => item.message.includes(paid.paymentKey))
        // The provider cannot reach the desk: its refusal leaves the payment to the reconciliation.
        expect(await attention()).toEqual([])

        // Toss refuses the reconciliation's give-back too, on two runs.
        const module = getContainer().resolve<TossModuleService>(TOSS_MODULE)
        for (let run = 0; run < 2; run++) {
          const [row] = await module.listTossTrackedPayments({ payment_session_id: orderId })
          await module.updateTossTrackedPayments({ id: row.id, next_check_at: new Date(Date.now() - 1000) })
          sandbox().failNext({ code: "NOT_CANCELABLE_PAYMENT", path: cancelPath, method: "POST" })
          const refusedRun = await runTossReconciliation(getContainer(), { pauseMs: 0 })
          expect(refusedRun.outcomes[orderId]).toBe("failed")
        }
        expect(sandbox().requestsTo("POST", cancelPath).map((request) => [request.status, (request.body as any).taxFreeAmount])).toEqual([
          [403, 18000],
          [403, 18000],
          [403, 18000],
        ])
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 40000 })
        const [item] = await attention()
        expect(await attention()).toHaveLength(1)
        expect(item).toMatchObject({ kind: "give-back-refused", action: "outside", amount: 40000, order: null, resolved_at: null })
        expect(item.message).toContain("NOT_CANCELABLE_PAYMENT")
        expect(await module.listTossOperatorItems({ payment_session_id: orderId })).toHaveLength(1)

        // Toss takes the next try: the job looks again at what needs the operator, even when it is not due.
        const run = await runTossReconciliation(getContainer(), { pauseMs: 0 })

        expect(run.outcomes[orderId]).toBe("given-back")
        expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0, taxFreeAmount: 0 })
        expect(cancelsSent(paid.paymentKey).map((body) => [body.cancelAmount, body.taxFreeAmount])).toEqual([[40000, 18000]])
        expect(await attention()).toEqual([])
        expect(await attention("resolved")).toEqual([expect.objectContaining({ id: item.id, kind: "give-back-refused", resolved_at: expect.any(String) })])
      })
    })

  },
})
