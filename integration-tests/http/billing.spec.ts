import { createCartWorkflow, createPaymentCollectionsStep, createPaymentSessionsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { registerCustomer, TestCustomer } from "../helpers/customers"
import { adminHeaders, TOSS_PROVIDER_ID } from "../helpers/store"
import { waitFor, webhookProcessingWindow } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { authorizeSavedTossCardStep } from "../../src/workflows/steps/authorize-saved-toss-card"

jest.setTimeout(240_000)

// The provider's `billing` option (medusa-config.ts reads it when Medusa boots).
process.env.TOSS_BILLING = "true"

interface SubscriptionChargeInput {
  customer_id: string
  payment_method: string
  amount: number
  /** A step after the charge fails (the order could not be made). */
  fail_after_charge?: boolean
}

const failingStep = createStep("test-subscription-order-fails", async () => {
  throw new Error("the subscription's order could not be created")
})

/**
 * A subscription's next order as Medusa's subscription example charges it
 * (a payment collection, a session for the customer's saved method, the
 * authorisation), with the plugin's step in place of
 * `authorizePaymentSessionStep` + `capturePaymentStep`.
 */
const chargeSubscriptionWorkflow = createWorkflow("test-charge-subscription", (input: WorkflowData<SubscriptionChargeInput>) => {
  const collection = createPaymentCollectionsStep(
    transform({ input }, ({ input }) => [{ currency_code: "krw", amount: input.amount }])
  )[0]
  const session = createPaymentSessionsWorkflow.runAsStep({
    input: transform({ input, collection }, ({ input, collection }) => ({
      payment_collection_id: collection.id,
      provider_id: TOSS_PROVIDER_ID,
      customer_id: input.customer_id,
      data: { payment_method: input.payment_method },
    })),
  })
  const payment = authorizeSavedTossCardStep({ id: session.id })
  when("test-fail-after-charge", { input }, ({ input }) => !!input.fail_after_charge).then(() => {
    failingStep()
  })
  return new WorkflowResponse(payment)
})

/** The plugin's off-session step alone, for a session made beforehand. */
const authorizeSavedCardWorkflow = createWorkflow("test-authorize-saved-card", (input: WorkflowData<{ id: string }>) => {
  return new WorkflowResponse(authorizeSavedTossCardStep(input))
})

tossIntegrationTestRunner({
  webhooks: true,
  // No race with the shopper's hand-off is tested here: Medusa handles each webhook half a second after answering it.
  webhookDelayMs: 500,
  testSuite: ({ api, getContainer, sandbox, store }) => {
    let alice: TestCustomer
    let bob: TestCustomer

    beforeAll(async () => {
      alice = await registerCustomer(api, store, "alice")
      bob = await registerCustomer(api, store, "bob")
    })

    const send = (method: "get" | "post" | "delete", path: string, customer: TestCustomer | null, body?: unknown) => {
      const headers = customer?.headers ?? { "x-publishable-api-key": store.publishableKey }
      const config = { headers, validateStatus: () => true }
      return method === "post" ? api.post(path, body ?? {}, config) : api[method](path, config)
    }
    const module = () => getContainer().resolve<TossModuleService>(TOSS_MODULE)
    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    /** Charges of a billing key at Toss (not the key's issue). */
    const charges = () => sandbox().requestsTo("POST", /^\/v1\/billing\/(?!authorizations)/)

    async function accountHolder(customer: TestCustomer) {
      const answer = await send("post", "/store/toss/billing/account-holders", customer)
      expect(answer.status).toBe(200)
      return answer.data as { account_holder: { id: string; data: { customerKey: string } }; clientKey: string }
    }

    /** The customer registers a card in Toss's window; the success page hands the redirect to the store. */
    async function saveCard(customer: TestCustomer, issuerCode = "71") {
      const { account_holder, clientKey } = await accountHolder(customer)
      const redirect = sandbox().authorizeBilling({ customerKey: account_holder.data.customerKey, clientKey, issuerCode })
      const saved = await send("post", `/store/toss/billing/account-holders/${account_holder.id}/payment-methods`, customer, redirect)
      expect(saved.status).toBe(200)
      const [row] = await module().listTossBillingKeys({ id: saved.data.payment_method.id })
      return { holder: account_holder, method: saved.data.payment_method, billingKey: row.billing_key as string }
    }

    async function customerCart(customer: TestCustomer, amount: number): Promise<string> {
      const { result: cart } = await createCartWorkflow(getContainer()).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          customer_id: customer.id,
          email: customer.email,
          items: [{ title: "정기배송 원두 1kg", quantity: 1, unit_price: amount, requires_shipping: false }],
        },
      })
      return cart.id
    }

    /** What the storefront's one-click button does: a session for the saved card, then the store's completion. */
    async function initiateSavedCardSession(customer: TestCustomer | null, cartId: string, paymentMethod: unknown) {
      const collection = await send("post", "/store/payment-collections", customer, { cart_id: cartId })
      return send("post", `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`, customer, {
        provider_id: TOSS_PROVIDER_ID,
        data: { payment_method: paymentMethod },
      })
    }

    async function payWithSavedCard(customer: TestCustomer, cartId: string, paymentMethod: string) {
      const initiated = await initiateSavedCardSession(customer, cartId, paymentMethod)
      expect(initiated.status).toBe(200)
      const session = initiated.data.payment_collection.payment_sessions.find((candidate: any) => candidate.provider_id === TOSS_PROVIDER_ID)
      const completed = await send("post", "/store/toss/billing/complete", customer, { cart_id: cartId })
      return { session, completed }
    }

    async function orderOf(cartId: string) {
      const { data: links } = await query().graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      if (!links.length) return null
      const {
        data: [order],
      } = await query().graph({
        entity: "order",
        fields: ["id", "payment_collections.payments.*", "payment_collections.payments.captures.*", "payment_collections.payments.refunds.*"],
        filters: { id: links[0].order_id },
      })
      return { id: order.id, payments: order.payment_collections[0].payments as any[] }
    }

    describe("saving a card", () => {
      it("issues one billing key for the customer's registration and keeps it in the plugin's table only", async () => {
        const { holder, method, billingKey } = await saveCard(alice)

        const issued = sandbox().requestsTo("POST", "/v1/billing/authorizations/issue")
        expect(issued).toHaveLength(1)
        expect(issued[0].body).toMatchObject({ customerKey: holder.data.customerKey })
        expect(billingKey).toBe((issued[0].response as any).billingKey)
        expect(method).toEqual({
          id: expect.stringMatching(/^tosscard_/),
          provider_id: TOSS_PROVIDER_ID,
          data: { issuerCode: "71", number: "43301234****123*", cardType: "신용", ownerType: "개인", authenticatedAt: expect.any(String) },
        })
        // The account holder's data is copied into payment sessions, which the store API shows: no key there.
        const { data: holders } = await query().graph({ entity: "account_holder", fields: ["external_id", "data"], filters: { id: holder.id } })
        expect(holders[0]).toEqual({ external_id: holder.data.customerKey, data: { customerKey: holder.data.customerKey } })
      })

      it("keeps the customerKey unguessable and the account holder one per customer, also when Medusa lost the link to it (issue 15593)", async () => {
        const first = await accountHolder(alice)
        const again = await accountHolder(alice)
        expect(again.account_holder.id).toBe(first.account_holder.id)
        expect(first.account_holder.data.customerKey).not.toContain(alice.id.replace(/^cus_/, ""))
        expect((await accountHolder(bob)).account_holder.data.customerKey).not.toBe(first.account_holder.data.customerKey)

        await getContainer().resolve(ContainerRegistrationKeys.LINK).dismiss({
          [Modules.CUSTOMER]: { customer_id: alice.id },
          [Modules.PAYMENT]: { account_holder_id: first.account_holder.id },
        })
        // Medusa's own session creation would now try to create the holder again ("already exists").
        const cartId = await customerCart(alice, 15000)
        const collection = await send("post", "/store/payment-collections", alice, { cart_id: cartId })
        const session = await send("post", `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`, alice, {
          provider_id: TOSS_PROVIDER_ID,
          data: { method: "CARD" },
        })

        expect(session.status).toBe(200)
        expect((await accountHolder(alice)).account_holder.id).toBe(first.account_holder.id)
        const { data: holders } = await query().graph({ entity: "account_holder", fields: ["id"], filters: { provider_id: TOSS_PROVIDER_ID, external_id: first.account_holder.data.customerKey } })
        expect(holders).toHaveLength(1)
      })

      it("refuses a registration made for another customer's customerKey, and a reused authKey, saving nothing", async () => {
        const { holder: bobHolder, clientKey } = await accountHolder(bob).then((answer) => ({ holder: answer.account_holder, clientKey: answer.clientKey }))
        const { account_holder: aliceHolder } = await accountHolder(alice)
        const bobsRedirect = sandbox().authorizeBilling({ customerKey: bobHolder.data.customerKey, clientKey })

        const crossed = await send("post", `/store/toss/billing/account-holders/${aliceHolder.id}/payment-methods`, alice, bobsRedirect)
        const saved = await send("post", `/store/toss/billing/account-holders/${bobHolder.id}/payment-methods`, bob, bobsRedirect)
        const reused = await send("post", `/store/toss/billing/account-holders/${bobHolder.id}/payment-methods`, bob, bobsRedirect)

        expect([crossed.status, crossed.data.message]).toEqual([400, expect.stringMatching(/another customer/)])
        expect(saved.status).toBe(200)
        // The same redirect again (a reloaded page) is the same card, not a second one.
        expect(reused.data.payment_method.id).toBe(saved.data.payment_method.id)
        expect(await module().listTossBillingKeys({})).toHaveLength(1)
        const garbage = await send("post", `/store/toss/billing/account-holders/${bobHolder.id}/payment-methods`, bob, { authKey: "bln-made-up", customerKey: bobHolder.data.customerKey })
        expect([garbage.status, garbage.data.message]).toEqual([400, expect.stringMatching(/INVALID_BILL_KEY_REQUEST/)])
      })
    })

    describe("listing and removing", () => {
      it("lists the owner's cards only: another customer's holder is not found, and a visitor must log in", async () => {
        const { holder, method } = await saveCard(alice, "41")

        const own = await send("get", `/store/toss/billing/account-holders/${holder.id}/payment-methods`, alice)
        const foreign = await send("get", `/store/toss/billing/account-holders/${holder.id}/payment-methods`, bob)
        const anonymous = await send("get", `/store/toss/billing/account-holders/${holder.id}/payment-methods`, null)
        const removeForeign = await send("delete", `/store/toss/billing/account-holders/${holder.id}/payment-methods/${method.id}`, bob)

        expect(own.status).toBe(200)
        expect(own.data.payment_methods).toEqual([{ id: method.id, provider_id: TOSS_PROVIDER_ID, data: expect.objectContaining({ issuerCode: "41", number: "43301234****123*" }) }])
        expect(foreign.status).toBe(404)
        expect(anonymous.status).toBe(401)
        expect(removeForeign.status).toBe(404)
        expect(sandbox().requestsTo("DELETE", "/v1/billing/")).toHaveLength(0)
        expect(await module().listTossBillingKeys({ id: method.id })).toHaveLength(1)
      })

      it("removes a card: Toss deletes the key, the store forgets it, and it pays nothing afterwards", async () => {
        const { holder, method, billingKey } = await saveCard(alice)

        const removed = await send("delete", `/store/toss/billing/account-holders/${holder.id}/payment-methods/${method.id}`, alice)

        expect(removed.data).toEqual({ id: method.id, object: "payment_method", deleted: true })
        const deletes = sandbox().requestsTo("DELETE", "/v1/billing/")
        expect(deletes.map((request) => request.status)).toEqual([200])
        expect(deletes[0].path).toContain(encodeURIComponent(billingKey))
        expect(await module().listTossBillingKeys({})).toHaveLength(0)
        expect((await send("get", `/store/toss/billing/account-holders/${holder.id}/payment-methods`, alice)).data.payment_methods).toEqual([])
        const cartId = await customerCart(alice, 12000)
        expect((await initiateSavedCardSession(alice, cartId, method.id)).status).toBe(404)
        expect(charges()).toHaveLength(0)
      })

      it("removes a deleted customer's cards at Toss and here, and no one else's", async () => {
        const carol = await registerCustomer(api, store, "carol")
        const { billingKey } = await saveCard(carol)
        const { method: kept } = await saveCard(alice)
        const admin = await adminHeaders(getContainer(), api)

        expect((await api.delete(`/admin/customers/${carol.id}`, admin)).status).toBe(200)

        await waitFor(async () => (await module().listTossBillingKeys({ billing_key: billingKey })).length === 0, { timeoutMs: 10_000 })
        expect(await module().listTossBillingKeys({ billing_key: billingKey })).toHaveLength(0)
        expect(sandbox().requestsTo("DELETE", "/v1/billing/").map((request) => [request.path.includes(encodeURIComponent(billingKey)), request.status])).toEqual([[true, 200]])
        expect(await module().listTossBillingKeys({ id: kept.id })).toHaveLength(1)
      })

      it("honours BILLING_DELETED once Toss confirms it, and drops one about a key the store does not hold without asking Toss", async () => {
        const { method, billingKey } = await saveCard(alice)
        const other = await saveCard(bob)
        sandbox().reset()

        sandbox().deleteBillingByCardCompany(billingKey)
        await sandbox().sendWebhook({ eventType: "BILLING_DELETED", createdAt: "2026-12-01T10:00:00.000000", data: { billingKey: "made-up-billing-key=", reason: "카드사 요청" } })

        await waitFor(async () => (await module().listTossBillingKeys({ id: method.id })).length === 0)
        await webhookProcessingWindow(3000)
        expect(await module().listTossBillingKeys({ id: method.id })).toHaveLength(0)
        // Asked Toss about the deleted key (it no longer knows it), about nothing else.
        const deletes = sandbox().requestsTo("DELETE", "/v1/billing/")
        expect(deletes.map((request) => [request.path.includes(encodeURIComponent(billingKey)), request.status])).toEqual([[true, 404]])
        expect(await module().listTossBillingKeys({ id: other.method.id })).toHaveLength(1)
      })
    })

    describe("paying with a saved card", () => {
      it("pays a cart in one click: one Toss billing charge of the stored amount, the order captured, a second press charging nothing", async () => {
        const { method, billingKey, holder } = await saveCard(alice)
        const cartId = await customerCart(alice, 23000)

        const { session, completed } = await payWithSavedCard(alice, cartId, method.id)
        const again = await send("post", "/store/toss/billing/complete", alice, { cart_id: cartId })

        expect(completed.data.type).toBe("order")
        expect(again.data).toMatchObject({ type: "order", order: { id: completed.data.order.id } })
        expect(charges()).toHaveLength(1)
        const [charge] = charges()
        expect(charge.path).toBe(`/v1/billing/${encodeURIComponent(billingKey)}`)
        expect(charge.body).toEqual({ customerKey: holder.data.customerKey, orderId: session.data.orderId, orderName: expect.any(String), amount: 23000 })
        expect(charge.idempotencyKey).toBe(`billing-${session.data.orderId}`)
        const order = await orderOf(cartId)
        expect(order!.payments).toHaveLength(1)
        expect(order!.payments[0].captures.map((capture: any) => capture.amount)).toEqual([23000])
        expect(order!.payments[0].data).toMatchObject({ payment_method: method.id, status: "DONE", payment: { card: { issuerCode: "71" } } })
        expect(sandbox().getPayment(session.data.orderId)).toMatchObject({ type: "BILLING", status: "DONE", totalAmount: 23000 })
        const [tracked] = await module().listTossTrackedPayments({ payment_session_id: session.data.orderId })
        expect(tracked).toMatchObject({ payment_key: order!.payments[0].data.paymentKey, status: "DONE", next_check_at: null })
      })

      it("settles a charge whose answer was lost by asking Toss: one charge, one order", async () => {
        const { method } = await saveCard(alice)
        const cartId = await customerCart(alice, 31000)
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/billing/", method: "POST", times: 10 })

        const { session, completed } = await payWithSavedCard(alice, cartId, method.id)

        expect(completed.data.type).toBe("order")
        expect(sandbox().payments().filter((payment) => payment.orderId === session.data.orderId)).toHaveLength(1)
        expect(new Set(charges().map((request) => request.idempotencyKey))).toEqual(new Set([`billing-${session.data.orderId}`]))
        expect((await orderOf(cartId))!.payments[0].captures).toHaveLength(1)
      })

      it("leaves a charge Toss could not be asked about to the reconciliation, which makes the order once", async () => {
        const { method } = await saveCard(alice)
        const cartId = await customerCart(alice, 27000)
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/billing/", method: "POST", times: 10 })
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/payments/orders/", method: "GET", times: 20 })

        const { session, completed } = await payWithSavedCard(alice, cartId, method.id)

        expect(completed.data).toMatchObject({ type: "cart", error: { message: expect.stringMatching(/check your order/) } })
        expect(await orderOf(cartId)).toBeNull()
        sandbox().reset()
        const run = await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })

        expect(run.result.outcomes[session.data.orderId]).toBe("captured")
        const order = await orderOf(cartId)
        expect(order!.payments).toHaveLength(1)
        expect(order!.payments[0].captures.map((capture: any) => capture.amount)).toEqual([27000])
        // Only looked up: nothing was charged a second time.
        expect(charges()).toHaveLength(0)
        expect(sandbox().payments().filter((payment) => payment.orderId === session.data.orderId)).toHaveLength(1)
      })

      it("turns a declined saved card into a readable error, no order and an open cart", async () => {
        const { method, billingKey } = await saveCard(alice)
        const cartId = await customerCart(alice, 19000)
        sandbox().declineBillingCharges(billingKey, "REJECT_CARD_COMPANY")

        const { session, completed } = await payWithSavedCard(alice, cartId, method.id)

        expect(completed.status).toBe(200)
        expect(completed.data).toMatchObject({ type: "cart", cart: { id: cartId }, error: { message: expect.any(String) } })
        expect(completed.data.error.message.length).toBeGreaterThan(5)
        expect(await orderOf(cartId)).toBeNull()
        expect(sandbox().getPayment(session.data.orderId)).toMatchObject({ status: "ABORTED" })
        const [tracked] = await module().listTossTrackedPayments({ payment_session_id: session.data.orderId })
        expect(tracked.next_check_at).toBeNull()
        // The card stays saved: a decline is not a removal.
        expect(await module().listTossBillingKeys({ id: method.id })).toHaveLength(1)
      })

      it("forgets a card Toss no longer knows when it is charged, and tells the customer", async () => {
        const { method, billingKey } = await saveCard(alice)
        const cartId = await customerCart(alice, 14000)
        sandbox().setWebhookUrl(null)
        sandbox().deleteBillingByCardCompany(billingKey)

        const { completed } = await payWithSavedCard(alice, cartId, method.id)

        expect(completed.data).toMatchObject({ type: "cart", error: { message: expect.any(String) } })
        expect(await orderOf(cartId)).toBeNull()
        expect(await module().listTossBillingKeys({ id: method.id })).toHaveLength(0)
      })

      it("charges nothing through Medusa's own cart completion, which cannot lend the provider the card", async () => {
        const { method } = await saveCard(alice)
        const cartId = await customerCart(alice, 16000)
        expect((await initiateSavedCardSession(alice, cartId, method.id)).status).toBe(200)

        const completed = await send("post", `/store/carts/${cartId}/complete`, alice)

        expect(completed.data).toMatchObject({ type: "cart", error: { message: expect.stringMatching(/POST \/store\/toss\/billing\/complete/) } })
        expect(charges()).toHaveLength(0)
        expect(await orderOf(cartId)).toBeNull()
      })

      it("refunds a saved-card payment as any card payment, through Toss's cancel", async () => {
        const { method } = await saveCard(alice)
        const cartId = await customerCart(alice, 30000)
        await payWithSavedCard(alice, cartId, method.id)
        const [payment] = (await orderOf(cartId))!.payments
        const admin = await adminHeaders(getContainer(), api)

        const refunded = await api.post(`/admin/payments/${payment.id}/refund`, { amount: 12000 }, admin)

        expect(refunded.status).toBe(200)
        const cancels = sandbox().requestsTo("POST", `/v1/payments/${payment.data.paymentKey}/cancel`)
        expect(cancels.map((request) => [request.status, request.body.cancelAmount])).toEqual([[200, 12000]])
        expect(sandbox().getPayment(payment.data.paymentKey)).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 18000 })
        expect((await orderOf(cartId))!.payments[0].refunds.map((refund: any) => refund.amount)).toEqual([12000])
      })
    })

    describe("off-session", () => {
      it("charges a subscription's next order from a workflow, captured once", async () => {
        const { method, billingKey } = await saveCard(alice)

        const { result: payment } = await chargeSubscriptionWorkflow(getContainer()).run({
          input: { customer_id: alice.id, payment_method: method.id, amount: 9900 },
        })

        expect(charges()).toHaveLength(1)
        expect(charges()[0]).toMatchObject({ path: `/v1/billing/${encodeURIComponent(billingKey)}`, body: expect.objectContaining({ amount: 9900 }) })
        const paymentModule = getContainer().resolve(Modules.PAYMENT)
        const stored = await paymentModule.retrievePayment(payment.id, { relations: ["captures"] })
        expect(stored.captures!.map((capture) => Number(capture.amount))).toEqual([9900])
        expect(sandbox().getPayment(stored.data!.paymentKey as string)).toMatchObject({ type: "BILLING", status: "DONE", totalAmount: 9900 })
      })

      it("gives the charge back at Toss when the subscription's order cannot be made", async () => {
        const { method } = await saveCard(alice)

        const failed = await chargeSubscriptionWorkflow(getContainer())
          .run({ input: { customer_id: alice.id, payment_method: method.id, amount: 9900, fail_after_charge: true } })
          .catch((error: unknown) => error)

        expect(failed).toMatchObject({ message: "the subscription's order could not be created" })
        const [charge] = charges()
        const paymentKey = (charge.response as any).paymentKey
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      })

      it("refuses to charge another customer's card, without asking Toss", async () => {
        const { method } = await saveCard(alice)

        const refused = await chargeSubscriptionWorkflow(getContainer())
          .run({ input: { customer_id: bob.id, payment_method: method.id, amount: 9900 } })
          .catch((error: unknown) => error)

        expect(refused).toMatchObject({ message: expect.stringMatching(/saved card was not found/) })
        expect(charges()).toHaveLength(0)
      })
    })

    describe("another customer", () => {
      it("cannot pay with someone else's card, nor pay someone else's cart, nor open a saved-card session without logging in", async () => {
        const { method } = await saveCard(alice)
        const bobsCart = await customerCart(bob, 11000)
        const alicesCart = await customerCart(alice, 11000)

        const foreignCard = await initiateSavedCardSession(bob, bobsCart, method.id)
        const anonymous = await initiateSavedCardSession(null, bobsCart, method.id)
        expect((await initiateSavedCardSession(alice, alicesCart, method.id)).status).toBe(200)
        const foreignCart = await send("post", "/store/toss/billing/complete", bob, { cart_id: alicesCart })

        expect([foreignCard.status, anonymous.status, foreignCart.status]).toEqual([404, 401, 404])
        expect(charges()).toHaveLength(0)
        expect(await orderOf(alicesCart)).toBeNull()
      })
    })

    describe("a cart that changes hands", () => {
      const tossSessionsOf = async (cartId: string) => {
        const {
          data: [cart],
        } = await query().graph({
          entity: "cart",
          fields: ["payment_collection.payment_sessions.provider_id", "payment_collection.payment_sessions.data"],
          filters: { id: cartId },
        })
        return (cart.payment_collection?.payment_sessions ?? []).filter((session: any) => session?.provider_id === TOSS_PROVIDER_ID)
      }

      it("is not paid with the first customer's card when another customer takes it over and pays in one click", async () => {
        const { method } = await saveCard(alice)
        const cartId = await customerCart(alice, 12000)
        expect((await initiateSavedCardSession(alice, cartId, method.id)).status).toBe(200)

        // Bob, holding the cart's id, takes the cart over with Medusa's own route and presses one-click pay.
        const takenOver = await send("post", `/store/carts/${cartId}/customer`, bob)
        expect(takenOver.status).toBe(200)
        const paid = await send("post", "/store/toss/billing/complete", bob, { cart_id: cartId })

        expect([400, 404]).toContain(paid.status)
        expect(charges()).toHaveLength(0)
        expect(await orderOf(cartId)).toBeNull()
        // Nothing of Alice's card stays with Bob's cart.
        expect(await waitFor(async () => (await tossSessionsOf(cartId)).every((session: any) => !session.data?.payment_method), { timeoutMs: 10_000 })).toBe(true)
      })

      it("refuses a saved-card session for a cart that is not the caller's own", async () => {
        const { method } = await saveCard(alice)
        const bobsCart = await customerCart(bob, 12000)

        const opened = await initiateSavedCardSession(alice, bobsCart, method.id)

        expect(opened.status).toBe(400)
        expect(opened.data.message).toMatch(/only for its owner's own cart/)
        expect(await tossSessionsOf(bobsCart)).toHaveLength(0)
      })

      it("off-session, charges a card only for its owner's own cart", async () => {
        const { method } = await saveCard(alice)
        const bobsCart = await customerCart(bob, 12000)
        const collection = await send("post", "/store/payment-collections", bob, { cart_id: bobsCart })
        // A session made for Alice (her account holder, her card) on Bob's cart, by a workflow of the store's.
        const { result: session } = await createPaymentSessionsWorkflow(getContainer()).run({
          input: { payment_collection_id: collection.data.payment_collection.id, provider_id: TOSS_PROVIDER_ID, customer_id: alice.id, data: { payment_method: method.id } },
        })

        const refused = await authorizeSavedCardWorkflow(getContainer())
          .run({ input: { id: session.id } })
          .catch((error: unknown) => error)

        expect(refused).toMatchObject({ message: expect.stringMatching(/saved card was not found/) })
        expect(charges()).toHaveLength(0)
      })
    })

    it("never shows the billing key in a store API answer or a log line", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, (...args: unknown[]) => unknown>
      const logged: string[] = []
      const spies = ["log", "info", "warn", "error", "debug", "activity", "progress", "failure", "success"]
        .filter((level) => typeof logger[level] === "function")
        .map((level) => jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))))
      const write = process.stdout.write.bind(process.stdout)
      const writeErr = process.stderr.write.bind(process.stderr)
      const output = (chunk: unknown) => void logged.push(String(chunk))
      process.stdout.write = ((chunk: unknown, ...rest: any[]) => (output(chunk), write(chunk as string, ...rest))) as typeof process.stdout.write
      process.stderr.write = ((chunk: unknown, ...rest: any[]) => (output(chunk), writeErr(chunk as string, ...rest))) as typeof process.stderr.write
      const answers: unknown[] = []
      try {
        const { holder, method, billingKey } = await saveCard(alice)
        // A decline, a lost answer, a success and a list: every path that logs.
        const declined = await customerCart(alice, 13000)
        sandbox().declineBillingCharges(billingKey)
        answers.push((await payWithSavedCard(alice, declined, method.id)).completed.data)
        sandbox().dropNextResponse({ mode: "reset", path: "/v1/billing/", method: "POST", times: 10 })
        const { completed } = await payWithSavedCard(alice, declined, method.id)
        answers.push(completed.data)
        const orderId = completed.data.order.id
        for (const path of [
          `/store/carts/${declined}`,
          `/store/carts/${declined}?fields=*payment_collection.payment_sessions,*customer`,
          `/store/orders/${orderId}?fields=*payment_collections.payments,*payment_collections.payment_sessions`,
          `/store/toss/billing/account-holders/${holder.id}/payment-methods`,
          "/store/customers/me",
        ]) {
          const answer = await send("get", path, alice)
          expect(answer.status).toBe(200)
          answers.push(answer.data)
        }
        answers.push((await send("post", "/store/toss/billing/account-holders", alice)).data)

        // The paths above did log (the decline, the lost answer): the check below reads real lines.
        expect(logged.some((line) => line.includes("billing charge for orderId"))).toBe(true)
        for (const text of [JSON.stringify(answers), ...logged]) {
          expect(text).not.toContain(billingKey)
          expect(text).not.toContain(encodeURIComponent(billingKey))
        }
        // What the shopper's own cart shows of the holder: the customerKey, never more.
        const cart = answers[3] as any
        expect(JSON.stringify(cart)).toContain(holder.data.customerKey)
      } finally {
        process.stdout.write = write
        process.stderr.write = writeErr
        spies.forEach((spy) => spy.mockRestore())
      }
    })
  },
})
