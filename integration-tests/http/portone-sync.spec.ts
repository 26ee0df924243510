import { createCartWorkflow, createProductsWorkflow, deletePaymentSessionsWorkflow, createTaxRatesWorkflow, createTaxRegionsWorkflow, updateRegionsWorkflow, updateTaxLinesWorkflow } from "@medusajs/core-flows"
import { signWebhook } from "../../sandbox/portone"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { orderHelpers } from "../helpers/orders"
import { completeWithPortOne, initiatePortOneSession, PORTONE_PROVIDER_ID, portOneWebhookUrl, usePortOneSandbox } from "../helpers/portone"
import { TOSS_PROVIDER_ID } from "../helpers/store"
import { waitFor, webhookProcessingWindow } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(180_000)

// Started before Medusa: medusa-config registers PortOne once its env is set.
const { portOne } = usePortOneSandbox({ webhooks: true })

tossIntegrationTestRunner({
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })
    const lookups = (paymentId: string) => portOne().requestsTo("GET", `/payments/${paymentId}`)
    const reconcile = async () => (await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })).result
    let bookId: string

    beforeAll(async () => {
      const container = getContainer()
      for (const id of [store.regionId, store.usdRegionId]) {
        await updateRegionsWorkflow(container).run({ input: { selector: { id }, update: { payment_providers: [TOSS_PROVIDER_ID, PORTONE_PROVIDER_ID] } } })
      }
      // Korea's 10 % VAT and books exempt from it, for a tax-free share.
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

    beforeEach(() => {
      portOne().reset()
      portOne().setWebhookUrl(portOneWebhookUrl(api))
    })

    /** A cart of `amount` KRW; with `book`, 18,000 KRW of it is a tax-free book. */
    async function cart(amount: number, { book = false } = {}): Promise<string> {
      const container = getContainer()
      const items = book
        ? [
            { title: "한국어 문법 책", product_id: bookId, quantity: 1, unit_price: 18000, requires_shipping: false, is_tax_inclusive: true },
            { title: "토스 티셔츠", quantity: 1, unit_price: amount - 18000, requires_shipping: false, is_tax_inclusive: true },
          ]
        : [{ title: "제주 감귤 5kg", quantity: 1, unit_price: amount, requires_shipping: false, is_tax_inclusive: true }]
      const { result } = await createCartWorkflow(container).run({
        input: { region_id: store.regionId, sales_channel_id: store.salesChannelId, email: "shopper@example.com", shipping_address: { country_code: "kr" }, items },
      })
      if (book) {
        await updateTaxLinesWorkflow(container).run({ input: { cart_id: result.id, force_tax_calculation: true } })
      }
      return result.id
    }

    /** Checkout through `POST /store/portone/complete`: the order, and the paymentId (the session id). */
    async function checkout(amount: number, payMethod?: "VIRTUAL_ACCOUNT") {
      const cartId = await cart(amount)
      const session = await initiatePortOneSession(api, store, cartId, { orderName: "제주 감귤" })
      const paymentId = session.id as string
      expect(portOne().pay({ paymentId, totalAmount: amount, ...(payMethod && { payMethod }) }).code).toBeUndefined()
      const completed = await completeWithPortOne(api, store, { paymentId })
      expect(completed.data.type).toBe("order")
      // What the checkout's own webhooks set off is over before the test goes on.
      await webhookProcessingWindow()
      portOne().reset()
      return { cartId, paymentId, orderId: completed.data.order.id as string }
    }

    const captured = async (orderId: string) => (await orderById(orderId)).payments.filter((payment: any) => payment.captures.length > 0)
    const refunds = async (orderId: string) => (await orderById(orderId)).payments.flatMap((payment: any) => payment.refunds ?? [])

    /** PortOne's webhook about a payment, signed with the store's secret at `at` (default now). */
    function signed(type: string, paymentId: string, { at = new Date(), secret = portOne().webhookSecret, id = `msg_${paymentId}_${type}` } = {}) {
      const body = JSON.stringify({ type, timestamp: at.toISOString(), data: { storeId: portOne().storeId, paymentId, transactionId: `tx_${paymentId}` } })
      return { body, headers: { "content-type": "application/json", ...signWebhook(secret, id, body, at) } }
    }

    it("captures a virtual account's payment when PortOne's webhook reports the deposit", async () => {
      const { paymentId, orderId } = await checkout(30000, "VIRTUAL_ACCOUNT")
      expect(await orderById(orderId)).toMatchObject({ session: { status: "pending_authorization" } })

      portOne().deposit(paymentId)
      const payments = await waitFor(async () => ((await captured(orderId)).length ? captured(orderId) : null))

      expect(payments).toHaveLength(1)
      expect(payments![0]).toMatchObject({ amount: 30000, provider_id: PORTONE_PROVIDER_ID })
      // Settled once the sync's last step is done: nothing left to watch.
      const tracked = async () => (await getContainer().resolve<TossModuleService>(TOSS_MODULE).listTossTrackedPayments({ payment_session_id: paymentId }))[0]
      const row = await waitFor(async () => ((await tracked()).next_check_at === null ? tracked() : null))
      expect(row).toMatchObject({ status: "PAID", provider_id: PORTONE_PROVIDER_ID, next_check_at: null })
    })

    it("asks PortOne nothing and changes nothing for a forged or a replayed-old webhook", async () => {
      const { paymentId, orderId } = await checkout(20000, "VIRTUAL_ACCOUNT")
      portOne().setWebhookUrl(null)
      portOne().deposit(paymentId)
      portOne().setWebhookUrl(portOneWebhookUrl(api))

      const forged = signed("Transaction.Paid", paymentId, { secret: `whsec_${Buffer.from("not the store's secret").toString("base64")}` })
      const stale = signed("Transaction.Paid", paymentId, { at: new Date(Date.now() - 10 * 60_000) })
      expect((await portOne().sendWebhook(forged.body, forged.headers)).status).toBe(200)
      expect((await portOne().sendWebhook(stale.body, stale.headers)).status).toBe(200)
      await webhookProcessingWindow()

      expect(lookups(paymentId)).toEqual([])
      expect(await captured(orderId)).toEqual([])
      expect(await orderById(orderId)).toMatchObject({ session: { status: "pending_authorization" } })
    })

    it("looks a payment up once for a burst of duplicate deliveries", async () => {
      const { paymentId, orderId } = await checkout(25000, "VIRTUAL_ACCOUNT")
      portOne().setWebhookUrl(null)
      portOne().deposit(paymentId)
      portOne().setWebhookUrl(portOneWebhookUrl(api))

      const paid = signed("Transaction.Paid", paymentId)
      const answers = await Promise.all(Array.from({ length: 10 }, () => portOne().sendWebhook(paid.body, paid.headers)))
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200))
      await waitFor(async () => (await captured(orderId)).length > 0)
      await webhookProcessingWindow()

      expect(await captured(orderId)).toHaveLength(1)
      // The sync's one lookup: the capture settles with its answer.
      expect(lookups(paymentId)).toHaveLength(1)
    })

    it("looks a payment up once for a signed delivery replayed after it was handled", async () => {
      const { paymentId, orderId } = await checkout(14000)

      const paid = signed("Transaction.Paid", paymentId, { id: "msg_replayed" })
      for (let sent = 0; sent < 3; sent++) {
        expect((await portOne().sendWebhook(paid.body, paid.headers)).status).toBe(200)
        await webhookProcessingWindow(6000)
      }

      expect(lookups(paymentId)).toHaveLength(1)
      expect(await captured(orderId)).toHaveLength(1)
    })

    it("records a cancel made in PortOne's console as one Medusa refund, however often it is reported", async () => {
      const { paymentId, orderId } = await checkout(15000)
      portOne().consoleCancel(paymentId, { reason: "고객 요청 (콘솔)", amount: 4000 })
      const recorded = await waitFor(async () => ((await refunds(orderId)).length ? refunds(orderId) : null))
      expect(recorded).toEqual([expect.objectContaining({ amount: 4000, note: expect.stringContaining("고객 요청 (콘솔)") })])

      const again = signed("Transaction.PartialCancelled", paymentId, { id: "msg_again" })
      await portOne().sendWebhook(again.body, again.headers)
      await webhookProcessingWindow()
      await reconcile()

      expect(await refunds(orderId)).toHaveLength(1)
      // Recorded, never cancelled again: PortOne received no cancel from Medusa.
      expect(portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)).toEqual([])
      expect(portOne().getPayment(paymentId)).toMatchObject({ amount: { cancelled: 4000 } })
    })

    it("captures a deposit whose webhook was lost at the next reconciliation run, from PortOne's payment events", async () => {
      const { paymentId, orderId } = await checkout(18000, "VIRTUAL_ACCOUNT")
      portOne().setWebhookUrl(null)
      portOne().deposit(paymentId)

      const run = await reconcile()

      expect(run).toMatchObject({ ran: true, portOneEventsFailed: false, outcomes: { [paymentId]: "captured" } })
      expect(await captured(orderId)).toHaveLength(1)
      expect(portOne().requestsTo("GET", "/payment-events-by-cursor").length).toBeGreaterThan(0)
      // The next run reads on from the stored cursor: this payment is not looked up again. (The first run also
      // tracked and gave back earlier tests' payments, which the restored database forgot: their cancels are new events.)
      portOne().reset()
      expect((await reconcile()).outcomes).not.toHaveProperty(paymentId)
      expect(lookups(paymentId)).toEqual([])
    })

    it("captures a deposit whose webhook was lost even when PortOne's payment events cannot be read", async () => {
      const { paymentId, orderId } = await checkout(23000, "VIRTUAL_ACCOUNT")
      portOne().setWebhookUrl(null)
      portOne().deposit(paymentId)
      portOne().failNext({ method: "GET", path: "/payment-events-by-cursor", status: 503, type: "SERVICE_UNAVAILABLE", times: 50 })

      const run = await reconcile()

      expect(run).toMatchObject({ ran: true, portOneEventsFailed: true, outcomes: { [paymentId]: "captured" } })
      expect(await captured(orderId)).toHaveLength(1)
    })

    it("gives back in full, with its tax-free share, a paid payment whose session was replaced", async () => {
      const cartId = await cart(40000, { book: true })
      const first = await initiatePortOneSession(api, store, cartId, { orderName: "책과 티셔츠" })
      expect(first.data.portone.taxFreeAmount).toBe(18000)
      portOne().setWebhookUrl(null)
      expect(portOne().pay({ paymentId: first.id, totalAmount: 40000, taxFreeAmount: 18000 }).code).toBeUndefined()
      // The shopper's hand-off tracks it, but PortOne does not answer; then the session is replaced
      // while PortOne still does not answer, so nothing was given back along the way.
      portOne().failNext({ method: "GET", path: `/payments/${first.id}`, status: 503, type: "SERVICE_UNAVAILABLE", times: 50 })
      const completed = await completeWithPortOne(api, store, { paymentId: first.id })
      expect(completed.data.type).toBe("cart")
      await initiatePortOneSession(api, store, cartId, { orderName: "책과 티셔츠" })
      portOne().reset()

      const paid = signed("Transaction.Paid", first.id)
      portOne().setWebhookUrl(portOneWebhookUrl(api))
      await portOne().sendWebhook(paid.body, paid.headers)
      await waitFor(async () => portOne().getPayment(first.id)?.status === "CANCELLED")
      await webhookProcessingWindow(2000)

      const cancels = portOne().requestsTo("POST", `/payments/${first.id}/cancel`)
      expect(cancels).toHaveLength(1)
      expect(cancels[0].body).toMatchObject({ amount: 40000, taxFreeAmount: 18000, currentCancellableAmount: 40000 })
      expect(portOne().getPayment(first.id)).toMatchObject({ amount: { cancelled: 40000, cancelledTaxFree: 18000 } })
    })

    /**
     * The shopper opens PortOne's window, changes the cart in another tab
     * (Medusa deletes the session, as its cart refresh does) and pays in the
     * window still open: PortOne takes the pre-registered amount for a
     * session that no longer exists.
     */
    async function payAfterCartChange(amount: number) {
      const cartId = await cart(amount)
      const session = await initiatePortOneSession(api, store, cartId, { orderName: "제주 감귤" })
      await deletePaymentSessionsWorkflow(getContainer()).run({ input: { ids: [session.id] } })
      expect(portOne().pay({ paymentId: session.id, totalAmount: amount }).code).toBeUndefined()
      return session.id as string
    }
    const tracked = async (paymentId: string) => (await getContainer().resolve<TossModuleService>(TOSS_MODULE).listTossTrackedPayments({ payment_session_id: paymentId }))[0]

    it("gives back in full, by its webhook, a payment made in a window left open after the cart changed", async () => {
      const paymentId = await payAfterCartChange(27000)

      await waitFor(async () => portOne().getPayment(paymentId)?.status === "CANCELLED")
      await webhookProcessingWindow(2000)

      const cancels = portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)
      expect(cancels).toHaveLength(1)
      expect(cancels[0].body).toMatchObject({ amount: 27000, currentCancellableAmount: 27000 })
      expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 27000 } })
    })

    it("gives back at the next reconciliation run a payment made in a window left open after the cart changed, its webhook lost", async () => {
      portOne().setWebhookUrl(null)
      const paymentId = await payAfterCartChange(21000)
      // The storefront's return after the window: no checkout any more, but the payment is due at once.
      expect((await completeWithPortOne(api, store, { paymentId })).status).toBe(404)
      expect((await tracked(paymentId)).next_check_at!.getTime()).toBeLessThanOrEqual(Date.now())

      const run = await reconcile()

      expect(run.outcomes).toMatchObject({ [paymentId]: "given-back" })
      expect(portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)).toHaveLength(1)
      expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 21000 } })
    })

    it("tracks and gives back a payment of this store it never tracked, from its webhook or from PortOne's payment events", async () => {
      const module = getContainer().resolve<TossModuleService>(TOSS_MODULE)
      // Sessions made before every session was tracked: the rows are gone.
      portOne().setWebhookUrl(null)
      const byWebhook = await payAfterCartChange(16000)
      const byEvents = await payAfterCartChange(17000)
      await module.deleteTossTrackedPayments((await module.listTossTrackedPayments({ payment_session_id: [byWebhook, byEvents] })).map((row) => row.id))

      portOne().setWebhookUrl(portOneWebhookUrl(api))
      const paid = signed("Transaction.Paid", byWebhook)
      await portOne().sendWebhook(paid.body, paid.headers)
      await waitFor(async () => portOne().getPayment(byWebhook)?.status === "CANCELLED")
      portOne().setWebhookUrl(null)
      await webhookProcessingWindow(2000)
      const run = await reconcile()

      expect(run.outcomes).toMatchObject({ [byEvents]: "given-back" })
      for (const [paymentId, amount] of [[byWebhook, 16000], [byEvents, 17000]] as const) {
        expect(portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)).toHaveLength(1)
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: amount } })
        expect(await tracked(paymentId)).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, integration: "portone", status: "CANCELLED" })
      }
    })

    it("keeps a give-back due while the payment company refuses the cancel or has not finished it, and settles it once PortOne shows it cancelled", async () => {
      portOne().setWebhookUrl(null)
      const refused = await payAfterCartChange(26000)
      const pending = await payAfterCartChange(24000)
      portOne().answerNextCancels(refused, "FAILED")
      portOne().answerNextCancels(pending, "REQUESTED")

      expect((await reconcile()).outcomes).toMatchObject({ [refused]: "failed", [pending]: "failed" })
      for (const paymentId of [refused, pending]) {
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "PAID", amount: { cancelled: 0 } })
        expect((await tracked(paymentId)).next_check_at!.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000)
      }

      // The next look at the refused one: the payment company takes the cancel this time.
      const module = getContainer().resolve<TossModuleService>(TOSS_MODULE)
      await module.updateTossTrackedPayments({ id: (await tracked(refused)).id, next_check_at: new Date() })
      expect((await reconcile()).outcomes).toMatchObject({ [refused]: "given-back" })
      expect(portOne().getPayment(refused)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 26000 } })
      expect(await tracked(refused)).toMatchObject({ status: "CANCELLED", next_check_at: null })
    })

    it("asks PortOne again soon about an untracked payment whose webhook's lookup got no answer", async () => {
      const module = getContainer().resolve<TossModuleService>(TOSS_MODULE)
      portOne().setWebhookUrl(null)
      const paymentId = await payAfterCartChange(19000)
      await module.deleteTossTrackedPayments((await module.listTossTrackedPayments({ payment_session_id: paymentId })).map((row) => row.id))
      portOne().failNext({ method: "GET", path: `/payments/${paymentId}`, status: 503, type: "SERVICE_UNAVAILABLE", times: 50 })

      portOne().setWebhookUrl(portOneWebhookUrl(api))
      const paid = signed("Transaction.Paid", paymentId)
      await portOne().sendWebhook(paid.body, paid.headers)
      const row = await waitFor(async () => ((await tracked(paymentId))?.last_checked_at ? tracked(paymentId) : null))

      expect(row).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, status: null })
      expect(row!.next_check_at!.getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000)
      expect(portOne().getPayment(paymentId)).toMatchObject({ status: "PAID" })
    })

    it("closes the unpaid virtual account at PortOne when the order is cancelled", async () => {
      const { paymentId, orderId } = await checkout(22000, "VIRTUAL_ACCOUNT")

      const cancelled = await api.post(`/admin/orders/${orderId}/cancel`, {}, admin).catch((error: any) => error.response)
      expect(cancelled.status).toBe(200)
      await waitFor(async () => portOne().requestsTo("POST", `/payments/${paymentId}/virtual-account/close`).length > 0)

      expect(portOne().requestsTo("POST", `/payments/${paymentId}/virtual-account/close`)).toHaveLength(1)
      expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED" })
      expect(await orderById(orderId)).toMatchObject({ status: "canceled", session: { status: "canceled" } })
    })
  },
})
