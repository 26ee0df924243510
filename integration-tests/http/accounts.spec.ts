import path from "path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createCartWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { startTossSandbox, TossSandbox } from "../../sandbox"
import { tossProviderId } from "../../src/lib/toss-provider-id"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { registerCustomer, TestCustomer } from "../helpers/customers"
import { adminHeaders, createCart, createTestStore, TestStore } from "../helpers/store"
import { completeWithToss, initiateTossSession, waitFor, webhookProcessingWindow, webhookUrl } from "../helpers/toss"

jest.setTimeout(300_000)

// Two Toss merchant accounts in one store (integration-tests/accounts/medusa-config.ts),
// each with its own keys and its own Toss: a sandbox that knows only its merchant.
const ACCOUNTS = ["shop", "outlet"] as const
type Account = (typeof ACCOUNTS)[number]
const MERCHANTS: Record<Account, { clientKey: string; secretKey: string }> = {
  shop: { clientKey: "test_ck_ShopMerchantKey0000000000", secretKey: "test_sk_ShopMerchantKey0000000000" },
  outlet: { clientKey: "test_ck_OutletMerchantKey00000000", secretKey: "test_sk_OutletMerchantKey00000000" },
}
const PROVIDER: Record<Account, string> = { shop: tossProviderId("shop"), outlet: tossProviderId("outlet") }
const other = (account: Account): Account => (account === "shop" ? "outlet" : "shop")
const basicAuth = (account: Account) => `Basic ${Buffer.from(`${MERCHANTS[account].secretKey}:`).toString("base64")}`

const sandboxes = {} as Record<Account, TossSandbox>
beforeAll(async () => {
  for (const account of ACCOUNTS) {
    sandboxes[account] = await startTossSandbox({ merchants: [MERCHANTS[account]] })
    const name = account.toUpperCase()
    Object.assign(process.env, {
      [`TOSS_${name}_SECRET_KEY`]: MERCHANTS[account].secretKey,
      [`TOSS_${name}_CLIENT_KEY`]: MERCHANTS[account].clientKey,
      [`TOSS_${name}_API_BASE_URL`]: sandboxes[account].url,
    })
  }
  process.env.TOSS_RECONCILE_DISABLED = "true"
})
afterAll(async () => {
  await Promise.all(ACCOUNTS.map((account) => sandboxes[account]?.close()))
})

medusaIntegrationTestRunner({
  medusaConfigFile: path.join(__dirname, "..", "accounts"),
  testSuite: ({ api, getContainer }) => {
    let store: TestStore
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      store = await createTestStore(getContainer(), [PROVIDER.shop, PROVIDER.outlet])
      admin = await adminHeaders(getContainer(), api)
    })

    beforeEach(() => {
      for (const account of ACCOUNTS) {
        sandboxes[account].reset()
        sandboxes[account].setWebhookUrl(webhookUrl(api, account))
      }
    })

    const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)
    const module = () => getContainer().resolve<TossModuleService>(TOSS_MODULE)
    const reconcile = async () => (await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })).result

    async function paymentsOfCart(cartId: string): Promise<any[]> {
      const { data: links } = await query().graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
      if (!links.length) {
        return []
      }
      const {
        data: [order],
      } = await query().graph({
        entity: "order",
        fields: ["payment_collections.payments.*", "payment_collections.payments.captures.*"],
        filters: { id: links[0].order_id },
      })
      return order.payment_collections[0].payments
    }

    /** A card order paid through `account`: the session, Toss's window at that merchant, the store's completion. */
    async function cardOrder(account: Account, amount: number) {
      const cartId = await createCart(getContainer(), store, { amount })
      const session = await initiateTossSession(api, store, cartId, { method: "CARD" }, PROVIDER[account])
      const paid = sandboxes[account].authenticate({ orderId: session.data.orderId, amount, method: "CARD" })
      const completed = await completeWithToss(api, store, { cart_id: cartId, ...paid })
      return { cartId, session, paid, completed }
    }

    async function virtualAccountOrder(account: Account, amount: number) {
      const cartId = await createCart(getContainer(), store, { amount })
      const session = await initiateTossSession(api, store, cartId, { method: "VIRTUAL_ACCOUNT" }, PROVIDER[account])
      const issued = sandboxes[account].authenticate({ orderId: session.data.orderId, amount, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
      const completed = await completeWithToss(api, store, { cart_id: cartId, ...issued })
      expect(completed.data.type).toBe("order")
      return { cartId, paymentKey: issued.paymentKey }
    }

    describe.each(ACCOUNTS)("the %s account", (account) => {
      it("hands the storefront its own client key and confirms at its own merchant, never the other", async () => {
        const { cartId, session, paid, completed } = await cardOrder(account, 23000)

        expect(session.data.clientKey).toBe(MERCHANTS[account].clientKey)
        expect(completed.data.type).toBe("order")
        const [payment] = await paymentsOfCart(cartId)
        expect(payment).toMatchObject({ provider_id: PROVIDER[account], data: expect.objectContaining({ paymentKey: paid.paymentKey }) })
        expect(payment.captures).toHaveLength(1)
        const confirms = sandboxes[account].requestsTo("POST", "/v1/payments/confirm")
        expect(confirms.map((request) => [request.status, request.headers.authorization])).toEqual([[200, basicAuth(account)]])
        expect(sandboxes[other(account)].requests).toHaveLength(0)
      })

      it("refunds at its own merchant", async () => {
        const { cartId } = await cardOrder(account, 31000)
        const [payment] = await paymentsOfCart(cartId)
        for (const sandbox of Object.values(sandboxes)) sandbox.reset()

        const refunded = await api.post(`/admin/payments/${payment.id}/refund`, { amount: 11000 }, admin)

        expect(refunded.status).toBe(200)
        const cancels = sandboxes[account].requestsTo("POST", `/v1/payments/${payment.data.paymentKey}/cancel`)
        expect(cancels.map((request) => [request.status, (request.body as any).cancelAmount, request.headers.authorization])).toEqual([[200, 11000, basicAuth(account)]])
        expect(sandboxes[account].getPayment(payment.data.paymentKey)).toMatchObject({ balanceAmount: 20000 })
        expect(sandboxes[other(account)].requests).toHaveLength(0)
      })

      it("captures a deposit from its own webhook URL; the same event at the other account's URL changes nothing and asks no one", async () => {
        const { cartId, paymentKey } = await virtualAccountOrder(account, 18000)
        for (const sandbox of Object.values(sandboxes)) sandbox.reset()

        sandboxes[account].deposit(paymentKey)
        const captured = await waitFor(async () => (await paymentsOfCart(cartId))[0]?.captures?.length === 1)
        // The deposit's other event (DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED come together) is handled too.
        await sandboxes[account].flushWebhooks()
        await webhookProcessingWindow()

        expect(captured).toBe(true)
        expect(sandboxes[account].webhooks.map((delivery) => [delivery.url, delivery.status])).toEqual(
          expect.arrayContaining([[webhookUrl(api, account), 200]])
        )
        expect(sandboxes[account].requestsTo("GET", `/v1/payments/${paymentKey}`).every((request) => request.headers.authorization === basicAuth(account))).toBe(true)
        expect(sandboxes[other(account)].requests).toHaveLength(0)

        // Toss's event about this payment, delivered to the other account's URL.
        const event = sandboxes[account].webhooks.find((delivery) => (delivery.payload as any).eventType === "PAYMENT_STATUS_CHANGED")!.payload
        for (const sandbox of Object.values(sandboxes)) sandbox.reset()
        sandboxes[other(account)].setWebhookUrl(webhookUrl(api, other(account)))
        const answer = await sandboxes[other(account)].sendWebhook(event)
        await webhookProcessingWindow()

        expect(answer.status).toBe(200)
        expect(sandboxes[account].requests).toHaveLength(0)
        expect(sandboxes[other(account)].requests).toHaveLength(0)
        expect((await paymentsOfCart(cartId))[0].captures).toHaveLength(1)
      })
    })

    it("reconciles each account from its own ledger, with a cursor each, asking each merchant about its own payments only", async () => {
      for (const account of ACCOUNTS) sandboxes[account].setWebhookUrl(null)
      const orders = { shop: await virtualAccountOrder("shop", 41000), outlet: await virtualAccountOrder("outlet", 42000) }
      for (const account of ACCOUNTS) {
        sandboxes[account].deposit(orders[account].paymentKey)
        sandboxes[account].reset()
      }

      const run = await reconcile()

      expect(run).toMatchObject({ ran: true, ledgerFailed: false })
      for (const account of ACCOUNTS) {
        expect((await paymentsOfCart(orders[account].cartId))[0].captures).toHaveLength(1)
        const ledger = sandboxes[account].requestsTo("GET", "/v1/transactions")
        expect(ledger.length).toBeGreaterThanOrEqual(1)
        expect(sandboxes[account].requests.every((request) => request.headers.authorization === basicAuth(account))).toBe(true)
        const lookedUp = sandboxes[account].requests.filter((request) => request.method === "GET" && request.path.startsWith("/v1/payments/"))
        expect(lookedUp.map((request) => request.path)).toEqual(expect.arrayContaining([`/v1/payments/${orders[account].paymentKey}`]))
        expect(lookedUp.some((request) => request.path.includes(orders[other(account)].paymentKey))).toBe(false)
      }
      const cursors = await module().listTossLedgerCursors({})
      expect(cursors.map((cursor) => cursor.provider_id).sort()).toEqual([PROVIDER.outlet, PROVIDER.shop])
    })

    describe("saved cards", () => {
      // Each test starts from the database as the suite's beforeAll left it: its customer is its own.
      let customer: TestCustomer

      beforeEach(async () => {
        customer = await registerCustomer(api, store, "two-accounts")
      })

      const send = (path: string, body: unknown) => api.post(path, body, { headers: customer.headers, validateStatus: () => true })

      async function customerCart(amount: number): Promise<string> {
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

      async function savedCardSession(account: Account, cartId: string, paymentMethod: string) {
        const collection = await send("/store/payment-collections", { cart_id: cartId })
        return send(`/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`, {
          provider_id: PROVIDER[account],
          data: { payment_method: paymentMethod },
        })
      }

      it("asks which account when several save cards", async () => {
        const answer = await send("/store/toss/billing/account-holders", {})

        expect(answer.status).toBe(400)
        expect(answer.data.message).toContain(`${PROVIDER.shop}, ${PROVIDER.outlet}`)
      })

      it("a card saved with one account is charged through it, and is not found through the other", async () => {
        const holders = {} as Record<Account, { id: string; data: { customerKey: string } }>
        for (const account of ACCOUNTS) {
          const answer = await send("/store/toss/billing/account-holders", { provider_id: PROVIDER[account] })
          expect({ status: answer.status, ...answer.data }).toMatchObject({ status: 200, clientKey: MERCHANTS[account].clientKey, account_holder: { provider_id: PROVIDER[account] } })
          holders[account] = answer.data.account_holder
        }
        expect(holders.shop.data.customerKey).not.toBe(holders.outlet.data.customerKey)
        const redirect = sandboxes.shop.authorizeBilling({ customerKey: holders.shop.data.customerKey, clientKey: MERCHANTS.shop.clientKey })
        const saved = await send(`/store/toss/billing/account-holders/${holders.shop.id}/payment-methods`, redirect)
        expect(saved.status).toBe(200)
        const card = saved.data.payment_method
        expect(card.provider_id).toBe(PROVIDER.shop)
        expect(await module().listTossBillingKeys({ id: card.id }, { select: ["provider_id"] })).toEqual([expect.objectContaining({ provider_id: PROVIDER.shop })])
        for (const sandbox of Object.values(sandboxes)) sandbox.reset()

        // Through the other account: not listed, not chargeable.
        const listed = await api.get(`/store/toss/billing/account-holders/${holders.outlet.id}/payment-methods`, { headers: customer.headers })
        expect(listed.data.payment_methods).toEqual([])
        const crossCart = await customerCart(27000)
        const crossed = await savedCardSession("outlet", crossCart, card.id)
        expect([crossed.status, crossed.data.message]).toEqual([404, expect.stringMatching(/saved card was not found/)])
        const crossedCompletion = await send("/store/toss/billing/complete", { cart_id: crossCart })
        expect(crossedCompletion.status).toBe(400)
        expect(sandboxes.outlet.requests).toHaveLength(0)
        expect(sandboxes.shop.requests).toHaveLength(0)

        // Through its own account: charged at its merchant.
        const ownCart = await customerCart(27000)
        expect((await savedCardSession("shop", ownCart, card.id)).status).toBe(200)
        const completed = await send("/store/toss/billing/complete", { cart_id: ownCart })
        expect(completed.data.type).toBe("order")
        const charges = sandboxes.shop.requestsTo("POST", /^\/v1\/billing\/(?!authorizations)/)
        expect(charges.map((request) => [request.status, request.headers.authorization])).toEqual([[200, basicAuth("shop")]])
        expect(sandboxes.outlet.requests).toHaveLength(0)
      })
    })
  },
})
