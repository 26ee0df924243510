import { createCartWorkflow, createProductsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { registerCustomer, TestCustomer } from "../helpers/customers"
import { orderHelpers } from "../helpers/orders"
import { initiateTossSession, storeHeaders, waitFor } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { syncTossPaymentWorkflow } from "../../src/workflows/sync-toss-payment"

jest.setTimeout(180_000)

tossIntegrationTestRunner({
  webhooks: true,
  // No race with the shopper's hand-off is tested here: Medusa handles each webhook half a second after answering it.
  webhookDelayMs: 500,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    let variantId: string
    let cheaperVariantId: string
    let customer: TestCustomer
    let stranger: TestCustomer

    beforeAll(async () => {
      const {
        result: [product],
      } = await createProductsWorkflow(getContainer()).run({
        input: {
          products: [
            {
              title: "한라봉 3kg",
              status: "published",
              options: [{ title: "무게", values: ["3kg", "1kg"] }],
              variants: [
                { title: "3kg", options: { 무게: "3kg" }, manage_inventory: false, prices: [{ currency_code: "krw", amount: 12000 }] },
                { title: "1kg", options: { 무게: "1kg" }, manage_inventory: false, prices: [{ currency_code: "krw", amount: 4000 }] },
              ],
              sales_channels: [{ id: store.salesChannelId }],
            },
          ],
        },
      })
      variantId = product.variants.find((variant) => variant.title === "3kg")!.id
      cheaperVariantId = product.variants.find((variant) => variant.title === "1kg")!.id
      customer = await registerCustomer(api, store, "balance-owner")
      stranger = await registerCustomer(api, store, "balance-stranger")
    })

    const helpers = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    const confirms = () => sandbox().requestsTo("POST", "/v1/payments/confirm")

    async function orderState(orderId: string) {
      const {
        data: [order],
      } = await query().graph({
        entity: "order",
        fields: [
          "id",
          "status",
          "summary",
          "items.id",
          "transactions.amount",
          "payment_collections.id",
          "payment_collections.status",
          "payment_collections.amount",
          "payment_collections.payment_sessions.*",
          "payment_collections.payments.*",
          "payment_collections.payments.captures.*",
        ],
        filters: { id: orderId },
      })
      return order as any
    }

    /** The admin raises the quantity of the order's first line, as Medusa's order edit does, and confirms it. */
    async function editQuantity(orderId: string, quantity: number) {
      const order = await orderState(orderId)
      await api.post("/admin/order-edits", { order_id: orderId }, admin)
      await api.post(`/admin/order-edits/${orderId}/items/item/${order.items[0].id}`, { quantity }, admin)
      await api.post(`/admin/order-edits/${orderId}/request`, {}, admin)
      await api.post(`/admin/order-edits/${orderId}/confirm`, {}, admin)
    }

    /** The admin adds a product to the order (order edit), and confirms it. */
    async function editAddItem(orderId: string) {
      await api.post("/admin/order-edits", { order_id: orderId }, admin)
      await api.post(`/admin/order-edits/${orderId}/items`, { items: [{ variant_id: variantId, quantity: 1 }] }, admin)
      await api.post(`/admin/order-edits/${orderId}/request`, {}, admin)
      await api.post(`/admin/order-edits/${orderId}/confirm`, {}, admin)
    }

    /**
     * The admin exchanges the order's first line (shipped already) for
     * `variant`, as Medusa's exchange does, and receives the returned item:
     * Medusa then sets the order's collection to the difference.
     */
    async function exchange(orderId: string, variant: string) {
      const order = await orderState(orderId)
      await getContainer().resolve(Modules.ORDER).registerFulfillment({ order_id: orderId, items: [{ id: order.items[0].id, quantity: 1 }] })
      const {
        data: { exchange: started },
      } = await api.post("/admin/exchanges", { order_id: orderId }, admin)
      await api.post(`/admin/exchanges/${started.id}/inbound/items`, { items: [{ id: order.items[0].id, quantity: 1 }] }, admin)
      await api.post(`/admin/exchanges/${started.id}/outbound/items`, { items: [{ variant_id: variant, quantity: 1 }] }, admin)
      const {
        data: { return: returned },
      } = await api.post(`/admin/exchanges/${started.id}/request`, {}, admin)
      await api.post(`/admin/returns/${returned.id}/receive`, {}, admin)
      await api.post(`/admin/returns/${returned.id}/receive-items`, { items: [{ id: order.items[0].id, quantity: 1 }] }, admin)
      await api.post(`/admin/returns/${returned.id}/receive/confirm`, {}, admin)
    }

    const openBalance = (orderId: string, data: Record<string, unknown> = { method: "CARD" }, headers: { headers: Record<string, string> } = storeHeaders(store)) =>
      api.post(`/store/toss/orders/${orderId}/payment-sessions`, { data }, { ...headers, validateStatus: () => true })
    const completeBalance = (orderId: string, body: object, headers: { headers: Record<string, string> } = storeHeaders(store)) =>
      api.post(`/store/toss/orders/${orderId}/complete`, body, { ...headers, validateStatus: () => true })
    const balanceSession = (opened: any) => opened.data.payment_collection.payment_sessions.find((session: any) => session.provider_id === "pp_toss_toss")

    describe("an order edit that raises a quantity (a guest order: its id is the key, as for GET /store/orders/:id)", () => {
      it("pays the difference with one Toss confirm: the collection is paid and the order owes nothing", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 3)
        const before = await orderState(orderId)
        expect(before.summary.pending_difference).toBe(20000)

        const opened = await openBalance(orderId)
        expect(opened.status).toBe(200)
        const session = balanceSession(opened)
        expect(session.data).toMatchObject({ orderId: session.id, amount: 20000, currency: "KRW" })
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 20000, method: "CARD" })
        const completed = await completeBalance(orderId, paid)

        expect(completed.status).toBe(200)
        expect(completed.data.type).toBe("order")
        expect(completed.data.order.summary.pending_difference).toBe(0)
        const after = await orderState(orderId)
        expect(after.summary.pending_difference).toBe(0)
        const balance = after.payment_collections.find((collection: any) => collection.id === opened.data.payment_collection.id)
        expect(balance.status).toBe("completed")
        expect(balance.payments).toHaveLength(1)
        expect(balance.payments[0].captures).toHaveLength(1)
        expect(balance.payments[0].data).toMatchObject({ paymentKey: paid.paymentKey, status: "DONE" })
        expect(confirms().map((request) => request.body)).toEqual([{ paymentKey: paid.paymentKey, orderId: session.id, amount: 20000 }])

        // A replayed success page: the same answer, nothing confirmed or recorded again.
        const replay = await completeBalance(orderId, paid)
        expect(replay.data.type).toBe("order")
        expect(confirms()).toHaveLength(1)
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
      })

      it("keeps the balance due when the confirm's outcome is unknown, and the reconciliation captures what Toss took, once", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const session = balanceSession(await openBalance(orderId))
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "CARD" })
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/payments/confirm", times: 10 })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/", method: "GET", times: 10 })

        const uncertain = await completeBalance(orderId, paid)

        expect(uncertain.data.type).toBe("payment_collection")
        expect(uncertain.data.error.message).toMatch(/check your order in a few minutes/)
        expect(sandbox().getPayment(paid.paymentKey)!.status).toBe("DONE")
        expect((await orderState(orderId)).summary.pending_difference).toBe(10000)

        sandbox().reset()
        await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })
        await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })

        const after = await orderState(orderId)
        expect(after.summary.pending_difference).toBe(0)
        const payments = after.payment_collections.flatMap((collection: any) => collection.payments)
        expect(payments.filter((payment: any) => payment.data.paymentKey === paid.paymentKey)).toHaveLength(1)
        expect(payments.find((payment: any) => payment.data.paymentKey === paid.paymentKey).captures).toHaveLength(1)
      })

      it("refuses an amount other than the stored one, a foreign orderId, and an order with nothing to pay, sending nothing to Toss", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        const nothingDue = await openBalance(orderId)
        expect(nothingDue.status).toBe(400)
        expect(nothingDue.data.message).toMatch(/nothing left to pay/)

        await editQuantity(orderId, 2)
        const session = balanceSession(await openBalance(orderId))
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "CARD" })
        const tampered = await completeBalance(orderId, { ...paid, amount: 100 })
        expect(tampered.status).toBe(400)
        expect(tampered.data.message).toMatch(/does not match/)

        const other = await helpers.paidOrder(10000)
        const foreign = await completeBalance(other.orderId, paid)
        expect(foreign.status).toBe(400)
        expect(confirms()).toHaveLength(0)
        expect((await orderState(orderId)).summary.pending_difference).toBe(10000)
      })

      it("keeps Medusa's own session route from opening a Toss session on an order's collection", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const collection = (await orderState(orderId)).payment_collections.find((candidate: any) => candidate.status === "not_paid")
        const response = await api
          .post(`/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: "pp_toss_toss", data: { taxFreeAmount: 10000 } }, storeHeaders(store))
          .catch((error: any) => error.response)
        expect(response.status).toBe(400)
        expect(response.data.message).toContain(`/store/toss/orders/${orderId}/payment-sessions`)
      })
    })

    describe("an order edit that adds a product, for a registered customer", () => {
      /** The customer's own checkout, paid through Toss. */
      async function customerOrder(owner: TestCustomer, amount: number) {
        const { result: cart } = await createCartWorkflow(getContainer()).run({
          input: {
            region_id: store.regionId,
            sales_channel_id: store.salesChannelId,
            customer_id: owner.id,
            email: owner.email,
            items: [{ title: "제주 감귤 5kg", quantity: 1, unit_price: amount, requires_shipping: false }],
          },
        })
        const session = await initiateTossSession(api, store, cart.id)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount, method: "CARD" })
        const completed = await api.post("/store/toss/complete", { cart_id: cart.id, ...paid }, { headers: owner.headers })
        expect(completed.data.type).toBe("order")
        sandbox().reset()
        return { orderId: completed.data.order.id as string }
      }

      it("lets only the order's customer, logged in, open and pay the balance", async () => {
        const { orderId } = await customerOrder(customer, 10000)
        await editAddItem(orderId)
        expect((await orderState(orderId)).summary.pending_difference).toBe(12000)

        expect((await openBalance(orderId)).status).toBe(404)
        expect((await openBalance(orderId, { method: "CARD" }, { headers: stranger.headers })).status).toBe(404)
        const opened = await openBalance(orderId, { method: "CARD" }, { headers: customer.headers })
        expect(opened.status).toBe(200)
        const session = balanceSession(opened)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 12000, method: "CARD" })
        expect((await completeBalance(orderId, paid, { headers: stranger.headers })).status).toBe(404)
        // The storefront's success page posts Toss's redirect to the checkout's route: the orderId names the order.
        const completeAsCheckout = (headers: Record<string, string>) => api.post("/store/toss/complete", paid, { headers, validateStatus: () => true })
        expect((await completeAsCheckout(stranger.headers)).status).toBe(404)
        expect((await completeAsCheckout(storeHeaders(store).headers)).status).toBe(404)
        expect(confirms()).toHaveLength(0)

        const completed = await completeAsCheckout(customer.headers)
        expect(completed.data.type).toBe("order")
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
        expect(confirms()).toHaveLength(1)
      })

      it("refuses a saved card for the balance with a clear message, opening no session and sending nothing to Toss", async () => {
        const { orderId } = await customerOrder(customer, 10000)
        await editAddItem(orderId)

        const refused = await openBalance(orderId, { payment_method: "pm_saved_card" }, { headers: customer.headers })

        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/cannot be paid with a saved card yet/)
        const collections = (await orderState(orderId)).payment_collections.filter((collection: any) => collection.status === "not_paid")
        expect(collections.flatMap((collection: any) => collection.payment_sessions)).toEqual([])
        expect(sandbox().requests.filter((request) => request.method === "POST")).toHaveLength(0)
      })
    })

    describe("an exchange", () => {
      it("for a more expensive item: the difference is paid through Toss and the order owes nothing", async () => {
        const { orderId, cartId } = await helpers.paidOrder(10000)
        await exchange(orderId, variantId)
        expect((await orderState(orderId)).summary.pending_difference).toBe(2000)

        const session = balanceSession(await openBalance(orderId))
        expect(session.data.amount).toBe(2000)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 2000, method: "CARD" })
        // Through the checkout's success route, with the cart the storefront still remembers: the orderId names the order.
        const completed = await api.post("/store/toss/complete", { cart_id: cartId, ...paid }, { ...storeHeaders(store), validateStatus: () => true })

        expect(completed.data.type).toBe("order")
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
        expect(confirms().map((request) => request.body)).toEqual([{ paymentKey: paid.paymentKey, orderId: session.id, amount: 2000 }])
      })
    })

    describe("refunds of an order with two Toss payments (the checkout and a difference paid later)", () => {
      /** An order paid at checkout (10,000) and after an order edit (another 10,000), then exchanged for a cheaper item. */
      async function orderWithTwoPayments() {
        const first = await helpers.paidOrder(10000)
        await editQuantity(first.orderId, 2)
        const session = balanceSession(await openBalance(first.orderId))
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "CARD" })
        expect((await completeBalance(first.orderId, paid)).data.type).toBe("order")
        const order = await orderState(first.orderId)
        const payments = order.payment_collections.flatMap((collection: any) => collection.payments)
        const difference = payments.find((payment: any) => payment.data.paymentKey === paid.paymentKey)
        sandbox().reset()
        return { orderId: first.orderId, checkout: { id: first.paymentId, paymentKey: first.paymentKey }, difference: { id: difference.id, paymentKey: paid.paymentKey } }
      }
      const refund = (paymentId: string, body: Record<string, unknown>) => api.post(`/admin/payments/${paymentId}/refund`, body, admin).catch((error: any) => error.response)

      it("refunds the exchange's difference once, from the payment the operator chose, and never more than that payment took", async () => {
        const { orderId, checkout, difference } = await orderWithTwoPayments()
        await exchange(orderId, cheaperVariantId)
        expect((await orderState(orderId)).summary.pending_difference).toBe(-6000)

        const tooMuch = await refund(difference.id, { amount: 12000 })
        expect(tooMuch.status).toBe(400)
        expect(helpers.cancelsSent(difference.paymentKey)).toHaveLength(0)

        const refunded = await refund(difference.id, { amount: 6000 })
        expect(refunded.status).toBe(200)
        expect(helpers.cancelsSent(difference.paymentKey).map((body) => body.cancelAmount)).toEqual([6000])
        expect(helpers.cancelsSent(checkout.paymentKey)).toHaveLength(0)
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
      })

      it("picks the payments for an order's refund (POST /admin/toss/orders/:id/refunds): one that can take it, else parts, never more than is left", async () => {
        const { orderId, checkout, difference } = await orderWithTwoPayments()
        const refundOrder = (amount: number) =>
          api.post(`/admin/toss/orders/${orderId}/refunds`, { amount, note: "교환 차액 환불" }, admin).catch((error: any) => error.response)

        const tooMuch = await refundOrder(20001)
        expect(tooMuch.status).toBe(400)
        expect(tooMuch.data.message).toBe("Cannot refund 20,001 KRW: this order's Toss payments have 20,000 KRW left to refund.")
        expect(sandbox().requestsTo("POST", `/v1/payments/${difference.paymentKey}/cancel`)).toHaveLength(0)

        const one = await refundOrder(6000)
        expect(one.status).toBe(200)
        expect(one.data.refunds).toEqual([{ payment_id: difference.id, amount: 6000 }])
        expect(helpers.cancelsSent(difference.paymentKey)).toEqual([expect.objectContaining({ cancelAmount: 6000, cancelReason: "교환 차액 환불" })])

        // 4,000 left on the difference, 10,000 on the checkout's payment: none takes 12,000 alone.
        const split = await refundOrder(12000)
        expect(split.status).toBe(200)
        expect(split.data.refunds).toEqual([
          { payment_id: difference.id, amount: 4000 },
          { payment_id: checkout.id, amount: 8000 },
        ])
        expect(helpers.cancelsSent(difference.paymentKey).map((body) => body.cancelAmount)).toEqual([6000, 4000])
        expect(helpers.cancelsSent(checkout.paymentKey).map((body) => body.cancelAmount)).toEqual([8000])
        const refunds = await getContainer().resolve(Modules.PAYMENT).listRefunds({ payment_id: [checkout.id, difference.id] })
        expect(refunds.map((row: any) => Number(row.amount)).sort((a: number, b: number) => a - b)).toEqual([4000, 6000, 8000])
      })

      it("refunds once when Medusa retries a failed refund with a new idempotency key (medusajs/medusa#16681)", async () => {
        const { orderId, difference } = await orderWithTwoPayments()
        // Toss makes the cancel, its answers are lost, and Toss cannot be asked either: Medusa sees a failure.
        // No webhook either: one would record the cancel (as a refund) before the retry, which is then a new refund.
        sandbox().setWebhookUrl(null)
        sandbox().dropNextResponse({ mode: "reset", path: "/cancel", times: 10 })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/orders/", method: "GET", times: 20 })
        const failed = await refund(difference.id, { amount: 4000 })
        expect(failed.status).toBe(400)
        const made = sandbox().requestsTo("POST", `/v1/payments/${difference.paymentKey}/cancel`)
        const firstKey = made[0].idempotencyKey

        // The operator presses Refund again: a new Medusa refund, a new idempotency key.
        sandbox().reset()
        const retried = await refund(difference.id, { amount: 4000 })

        expect(retried.status).toBe(400)
        expect(retried.data.message).toMatch(/already refunded/)
        expect(sandbox().requestsTo("POST", `/v1/payments/${difference.paymentKey}/cancel`)).toHaveLength(0)
        expect(firstKey).toBeTruthy()
        const payments = (await orderState(orderId)).payment_collections.flatMap((collection: any) => collection.payments)
        const refunds = await getContainer().resolve(Modules.PAYMENT).listRefunds({ payment_id: difference.id })
        expect(refunds.map((row: any) => Number(row.amount))).toEqual([4000])
        expect(payments).toHaveLength(2)
      })
    })

    describe("a claim", () => {
      /**
       * The admin files a claim on the order's first line (shipped already)
       * with `variant` as its replacement, as Medusa's claim does, and
       * confirms it: Medusa then sets the order's collection to the difference.
       */
      async function claim(orderId: string, type: "replace" | "refund", variant?: string) {
        const order = await orderState(orderId)
        await getContainer().resolve(Modules.ORDER).registerFulfillment({ order_id: orderId, items: [{ id: order.items[0].id, quantity: 1 }] })
        const {
          data: { claim: started },
        } = await api.post("/admin/claims", { order_id: orderId, type }, admin)
        if (variant) {
          await api.post(`/admin/claims/${started.id}/claim-items`, { items: [{ id: order.items[0].id, quantity: 1, reason: "production_failure" }] }, admin)
          await api.post(`/admin/claims/${started.id}/outbound/items`, { items: [{ variant_id: variant, quantity: 1 }] }, admin)
          await api.post(`/admin/claims/${started.id}/request`, {}, admin)
          return
        }
        // A refund claim: the claimed item comes back, and Medusa credits it once the return is received.
        await api.post(`/admin/claims/${started.id}/inbound/items`, { items: [{ id: order.items[0].id, quantity: 1 }] }, admin)
        const {
          data: { return: returned },
        } = await api.post(`/admin/claims/${started.id}/request`, {}, admin)
        await api.post(`/admin/returns/${returned.id}/receive`, {}, admin)
        await api.post(`/admin/returns/${returned.id}/receive-items`, { items: [{ id: order.items[0].id, quantity: 1 }] }, admin)
        await api.post(`/admin/returns/${returned.id}/receive/confirm`, {}, admin)
      }

      it("with a dearer replacement: the difference is paid through Toss once and the order owes nothing", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await claim(orderId, "replace", variantId)
        const claimed = await orderState(orderId)
        // Medusa charges a replace claim's new item at its price (12,000) and credits nothing for the claimed one.
        const due = claimed.summary.pending_difference
        expect(due).toBe(12000)

        const opened = await openBalance(orderId)
        expect(opened.status).toBe(200)
        const session = balanceSession(opened)
        expect(session.data.amount).toBe(due)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: due, method: "CARD" })
        const completed = await completeBalance(orderId, paid)

        expect(completed.data.type).toBe("order")
        const after = await orderState(orderId)
        expect(after.summary.pending_difference).toBe(0)
        const balance = after.payment_collections.find((collection: any) => collection.id === opened.data.payment_collection.id)
        expect(balance.status).toBe("completed")
        expect(balance.payments.map((payment: any) => payment.data.paymentKey)).toEqual([paid.paymentKey])
        expect(confirms().map((request) => request.body)).toEqual([{ paymentKey: paid.paymentKey, orderId: session.id, amount: due }])
      })

      it("with a refund: refunded through Toss once, from the checkout's payment, and the order owes nothing back", async () => {
        const { orderId, paymentKey, paymentId } = await helpers.paidOrder(10000)
        await claim(orderId, "refund")
        const owed = -(await orderState(orderId)).summary.pending_difference
        expect(owed).toBe(10000)

        const refunded = await api.post(`/admin/toss/orders/${orderId}/refunds`, { amount: owed, note: "클레임 환불" }, admin)

        expect(refunded.data.refunds).toEqual([{ payment_id: paymentId, amount: owed }])
        expect(helpers.cancelsSent(paymentKey)).toEqual([expect.objectContaining({ cancelAmount: owed, cancelReason: "클레임 환불" })])
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
        const again = await api.post(`/admin/toss/orders/${orderId}/refunds`, { amount: 1 }, admin).catch((error: any) => error.response)
        expect(again.status).toBe(400)
        expect(helpers.cancelsSent(paymentKey)).toHaveLength(1)
      })
    })

    describe("Medusa's admin marking an order's balance as paid (medusajs/medusa#16727)", () => {
      const markPaid = (collectionId: string, body: Record<string, unknown>) =>
        api.post(`/admin/payment-collections/${collectionId}/mark-as-paid`, body, admin).catch((error: any) => error.response)

      it("is refused while Toss waits for a virtual account's deposit, and the deposit is then captured once, through Toss", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const opened = await openBalance(orderId, { method: "VIRTUAL_ACCOUNT" })
        const session = balanceSession(opened)
        const issued = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
        await completeBalance(orderId, issued)
        const collectionId = opened.data.payment_collection.id

        const marked = await markPaid(collectionId, { order_id: orderId })

        expect(marked.status).toBe(400)
        expect(marked.data.message).toMatch(/virtual account/)
        const waiting = await orderState(orderId)
        expect(waiting.summary.pending_difference).toBe(10000)
        const collection = waiting.payment_collections.find((candidate: any) => candidate.id === collectionId)
        expect(collection.status).not.toBe("completed")
        expect(collection.payment_sessions.map((s: any) => [s.provider_id, s.status])).toEqual([["pp_toss_toss", "pending_authorization"]])

        sandbox().deposit(issued.paymentKey)
        const paid = await waitFor(async () => {
          const current = await orderState(orderId)
          return current.summary.pending_difference === 0 && current
        })
        const payments = paid.payment_collections.find((candidate: any) => candidate.id === collectionId).payments
        expect(payments.map((payment: any) => [payment.provider_id, payment.data.paymentKey])).toEqual([["pp_toss_toss", issued.paymentKey]])
      })

      it("asks Toss first: a deposit Toss has (its webhook lost) is captured as the Toss payment, not marked paid a second time", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        sandbox().setWebhookUrl(null)
        const opened = await openBalance(orderId, { method: "VIRTUAL_ACCOUNT" })
        const session = balanceSession(opened)
        const issued = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
        await completeBalance(orderId, issued)
        sandbox().deposit(issued.paymentKey)
        const collectionId = opened.data.payment_collection.id

        const marked = await markPaid(collectionId, { order_id: orderId })

        expect(marked.status).toBe(400)
        expect(marked.data.message).toMatch(/Toss has received/)
        const after = await orderState(orderId)
        expect(after.summary.pending_difference).toBe(0)
        const collection = after.payment_collections.find((candidate: any) => candidate.id === collectionId)
        expect(collection.status).toBe("completed")
        expect(collection.payments.map((payment: any) => [payment.provider_id, payment.data.paymentKey])).toEqual([["pp_toss_toss", issued.paymentKey]])
        expect(collection.payments[0].captures).toHaveLength(1)
      })

      it("asks Toss first: a card payment whose confirm answer was lost is captured once as the Toss payment, not given back for a manual one", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const opened = await openBalance(orderId)
        const session = balanceSession(opened)
        const paid = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "CARD" })
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/payments/confirm", times: 10 })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/", method: "GET", times: 10 })
        expect((await completeBalance(orderId, paid)).data.type).toBe("payment_collection")
        sandbox().reset()
        const collectionId = opened.data.payment_collection.id

        const marked = await markPaid(collectionId, { order_id: orderId })

        expect(marked.status).toBe(400)
        expect(marked.data.message).toMatch(/Toss has received/)
        const after = await orderState(orderId)
        expect(after.summary.pending_difference).toBe(0)
        const collection = after.payment_collections.find((candidate: any) => candidate.id === collectionId)
        expect(collection.status).toBe("completed")
        expect(collection.payments.map((payment: any) => [payment.provider_id, payment.data.paymentKey])).toEqual([["pp_toss_toss", paid.paymentKey]])
        expect(collection.payments[0].captures).toHaveLength(1)
        expect(sandbox().getPayment(paid.paymentKey)!.status).toBe("DONE")
        expect(helpers.cancelsSent(paid.paymentKey)).toHaveLength(0)
      })

      it("Medusa's Capture of a Toss payment already captured at its confirm makes no second capture and sends nothing to Toss", async () => {
        const { orderId, paymentId } = await helpers.paidOrder(10000)

        const captured = await api.post(`/admin/payments/${paymentId}/capture`, {}, admin).catch((error: any) => error.response)

        expect(captured.status).toBeLessThan(500)
        const payments = (await orderState(orderId)).payment_collections.flatMap((collection: any) => collection.payments)
        expect(payments.map((payment: any) => payment.captures.length)).toEqual([1])
        expect(sandbox().requests.filter((request) => request.method === "POST")).toHaveLength(0)
      })

      it("refuses Toss as the provider of a mark-as-paid (nothing was paid at Toss), and still marks a balance without a Toss session paid", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const collectionId = (await orderState(orderId)).payment_collections.find((candidate: any) => candidate.status === "not_paid").id

        const asToss = await markPaid(collectionId, { order_id: orderId, provider_id: "pp_toss_toss" })
        expect(asToss.status).toBe(400)
        expect((await orderState(orderId)).summary.pending_difference).toBe(10000)

        const manual = await markPaid(collectionId, { order_id: orderId })
        expect(manual.status).toBe(200)
        expect((await orderState(orderId)).summary.pending_difference).toBe(0)
        expect(sandbox().requests.filter((request) => request.method === "POST")).toHaveLength(0)
      })
    })

    describe("a virtual account for the difference", () => {
      it("waits for the deposit, then Toss's webhook captures it and the order owes nothing", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const session = balanceSession(await openBalance(orderId, { method: "VIRTUAL_ACCOUNT" }))
        const issued = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
        const completed = await completeBalance(orderId, issued)
        expect(completed.data.type).toBe("order")
        const waiting = await orderState(orderId)
        expect(waiting.summary.pending_difference).toBe(10000)
        const collection = waiting.payment_collections.find((candidate: any) => candidate.payment_sessions.some((s: any) => s.id === session.id))
        expect(collection.payment_sessions[0].status).toBe("pending_authorization")
        // Not replaced while it may still be paid.
        expect((await openBalance(orderId)).status).toBe(400)

        sandbox().deposit(issued.paymentKey)
        const paid = await waitFor(async () => {
          const current = await orderState(orderId)
          return current.summary.pending_difference === 0 && current
        })
        expect(paid && paid.status).not.toBe("canceled")
        const payments = paid.payment_collections.flatMap((candidate: any) => candidate.payments)
        expect(payments.filter((payment: any) => payment.data.paymentKey === issued.paymentKey)).toHaveLength(1)
      })

      it("keeps Medusa's own session route from replacing the issued account with another provider's session", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const opened = await openBalance(orderId, { method: "VIRTUAL_ACCOUNT" })
        const session = balanceSession(opened)
        const issued = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
        await completeBalance(orderId, issued)

        const replaced = await api
          .post(`/store/payment-collections/${opened.data.payment_collection.id}/payment-sessions`, { provider_id: "pp_system_default" }, storeHeaders(store))
          .catch((error: any) => error.response)

        expect(replaced.status).toBe(400)
        expect(sandbox().getPayment(issued.paymentKey)).toMatchObject({ status: "WAITING_FOR_DEPOSIT" })
        expect(sandbox().requestsTo("POST", `/v1/payments/${issued.paymentKey}/cancel`)).toHaveLength(0)
        const collection = (await orderState(orderId)).payment_collections.find((candidate: any) => candidate.id === opened.data.payment_collection.id)
        expect(collection.payment_sessions.map((candidate: any) => [candidate.id, candidate.status])).toEqual([[session.id, "pending_authorization"]])
      })

      it("cancels only the session when the account expires unpaid: the order stands and its balance stays due", async () => {
        const { orderId } = await helpers.paidOrder(10000)
        await editQuantity(orderId, 2)
        const session = balanceSession(await openBalance(orderId, { method: "VIRTUAL_ACCOUNT" }))
        const issued = sandbox().authenticate({ orderId: session.data.orderId, amount: 10000, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
        await completeBalance(orderId, issued)

        sandbox().expireVirtualAccount(issued.paymentKey)
        const { result } = await syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: session.id } })

        expect(result).toBe("canceled")
        const after = await orderState(orderId)
        expect(after.status).not.toBe("canceled")
        expect(after.summary.pending_difference).toBe(10000)
        // The shopper can pay another way now.
        expect((await openBalance(orderId)).status).toBe(200)
      })
    })
  },
})
