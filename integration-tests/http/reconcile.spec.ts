import { processPaymentWorkflow } from "@medusajs/core-flows"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { reconcileTossPaymentsWorkflow, ReconcileTossPaymentsInput } from "../../src/workflows/reconcile-toss-payments"
import { syncTossPaymentWorkflow } from "../../src/workflows/sync-toss-payment"
import { kstLocal } from "../../src/toss/time"
import { orderHelpers } from "../helpers/orders"
import { createCart } from "../helpers/store"
import { completeWithToss, initiateTossSession } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(300_000)

tossIntegrationTestRunner({
  // No webhooks reach Medusa here: everything below must be caught up by the job.
  webhooks: false,
  testSuite: ({ api, getContainer, sandbox, store }) => {
    const reconcile = async (input: ReconcileTossPaymentsInput = {}) =>
      (await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0, ...input } })).result
    const tracked = () => getContainer().resolve<TossModuleService>(TOSS_MODULE)
    const lookups = () => sandbox().requests.filter((request) => request.method === "GET" && request.path.startsWith("/v1/payments/"))
    const ledgerReads = () => sandbox().requestsTo("GET", "/v1/transactions")

    /** Time passes for a tracked payment: it is due for its routine look now. */
    async function dueNow(orderId: string) {
      const [row] = await tracked().listTossTrackedPayments({ payment_session_id: orderId })
      await tracked().updateTossTrackedPayments({ id: row.id, next_check_at: new Date(Date.now() - 1000) })
    }

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
      return { cartId, paid, orderId: session.data.orderId as string }
    }

    it("captures a virtual account whose deposit webhook never arrived, from Toss's ledger", async () => {
      const { cartId, paymentKey } = await virtualAccountOrder(18000)
      sandbox().deposit(paymentKey)
      sandbox().reset()

      const run = await reconcile()

      const order = await orderOf(cartId)
      expect(order!.payments).toHaveLength(1)
      expect(order!.payments[0].captures).toHaveLength(1)
      expect(run).toMatchObject({ ran: true, checked: 1 })
      // Settled: the next run reads the ledger and asks Toss about nothing.
      sandbox().reset()
      expect(await reconcile()).toMatchObject({ ran: true, checked: 0 })
      expect(lookups()).toHaveLength(0)
      expect(ledgerReads().length).toBeGreaterThanOrEqual(1)
    })

    it("cancels the order of a virtual account once its due date has passed unpaid", async () => {
      const { cartId, paymentKey, sessionOrderId } = await virtualAccountOrder(18000)
      sandbox().expireVirtualAccount(paymentKey)

      // Before its due date the account is not looked at; at the due date it is.
      expect(await reconcile()).toMatchObject({ checked: 0 })
      await dueNow(sessionOrderId)
      await reconcile()

      const order = await orderOf(cartId)
      expect(order).toMatchObject({ status: "canceled", payments: [] })
      expect(order!.session.status).toBe("canceled")
      const [row] = await tracked().listTossTrackedPayments({ payment_session_id: sessionOrderId })
      expect(row.next_check_at).toBeNull()
    })

    it("watches a virtual account until Toss's own due date for it", async () => {
      const { sessionOrderId, paymentKey } = await virtualAccountOrder(18000)

      const [row] = await tracked().listTossTrackedPayments({ payment_session_id: sessionOrderId })
      const due = new Date(sandbox().getPayment(paymentKey)!.virtualAccount!.dueDate)
      expect(new Date(row.due_at!).getTime()).toBe(due.getTime())
      // At the latest once a day, and no later than just after the due date.
      expect(new Date(row.next_check_at!).getTime()).toBeLessThanOrEqual(Math.min(due.getTime() + 60_000, Date.now() + 24 * 3600_000))
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

    it("gives back a confirm that went through at Toss after its session was replaced, and leaves no second payment for the cart", async () => {
      const { cartId, paid } = await uncertainCheckout()
      // The replaced session's payment cannot be asked about at that moment: the shopper goes on regardless.
      sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: `/v1/payments/${paid.paymentKey}`, method: "GET", times: 10 })
      const retry = await initiateTossSession(api, store, cartId)
      sandbox().reset()
      expect(sandbox().getPayment(paid.paymentKey)!.status).toBe("DONE")
      const paidAgain = sandbox().authenticate({ orderId: retry.data.orderId, amount: 21000, method: "CARD" })
      expect((await completeWithToss(api, store, { cart_id: cartId, ...paidAgain })).data.type).toBe("order")

      await reconcile()

      expect(sandbox().getPayment(paid.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      expect(sandbox().getPayment(paidAgain.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 21000 })
      expect((await orderOf(cartId))!.payments).toHaveLength(1)
    })

    it("records a dashboard cancel of a captured payment whose webhook was lost, once", async () => {
      const { cartId, paymentKey } = await orderHelpers({ api, getContainer, sandbox, store: () => store }).paidOrder(30000)
      sandbox().dashboardCancel(paymentKey, { cancelReason: "전화 요청 부분 취소", cancelAmount: 4000 })

      await reconcile()
      await reconcile()

      const [payment] = (await orderOf(cartId))!.payments
      expect(payment.refunds.map((refund: any) => refund.amount)).toEqual([4000])
      expect(payment.refunds[0].note).toContain("전화 요청 부분 취소")
    })

    it("catches a lost deposit and a lost confirm among the newest of several times more unsettled payments than a run looks at", async () => {
      const limit = 10
      // Waiting virtual accounts, all due for their routine look.
      const waiting = []
      for (let index = 0; index < 2 * limit; index++) {
        waiting.push(await virtualAccountOrder(1000 + index))
      }
      for (const account of waiting) {
        await dueNow(account.sessionOrderId)
      }
      // Abandoned sessions (never handed to Toss) and hand-offs with made-up paymentKeys.
      for (let index = 0; index < limit; index++) {
        const cartId = await createCart(getContainer(), store, { amount: 5000 + index })
        const session = await initiateTossSession(api, store, cartId)
        if (index % 2) {
          const bogus = await completeWithToss(api, store, { cart_id: cartId, paymentKey: `tgen_madeup${index}`, orderId: session.data.orderId, amount: 5000 + index })
          expect(bogus.data.type).toBe("cart")
        }
      }
      // The newest: a deposit whose webhook was lost, a confirm whose answer was lost.
      const lostDeposit = await virtualAccountOrder(77000)
      sandbox().deposit(lostDeposit.paymentKey)
      const lostConfirm = await uncertainCheckout(88000)
      sandbox().reset()

      const first = await reconcile({ lookups: limit })

      expect(first.checked).toBe(limit)
      expect((await orderOf(lostDeposit.cartId))!.payments[0].captures).toHaveLength(1)
      expect((await orderOf(lostConfirm.cartId))!.payments[0].captures).toHaveLength(1)
      // Inside the budget: the ledger, then at most `limit` lookups; made-up paymentKeys were settled at their hand-off.
      expect(lookups().length).toBeLessThanOrEqual(limit + 2)
      expect(lookups().some((request) => request.path.includes("madeup"))).toBe(false)

      // Fair rotation: the next runs look at the others before any payment a second time.
      sandbox().reset()
      await reconcile({ lookups: limit })
      await reconcile({ lookups: limit })
      const looked = lookups().map((request) => request.path)
      expect(new Set(looked).size).toBe(looked.length)
      const rows = await tracked().listTossTrackedPayments({ payment_session_id: waiting.map((account) => account.sessionOrderId) })
      expect(rows.every((row) => row.last_checked_at !== null)).toBe(true)
    })

    it("goes on when Toss's ledger cannot be read: every unsettled payment is looked up in turn, and the ledger's gap is read once it recovers", async () => {
      await reconcile()
      const [before] = await tracked().listTossLedgerCursors({})
      const waiting = [await virtualAccountOrder(2001), await virtualAccountOrder(2002)]
      const lostDeposit = await virtualAccountOrder(66000)
      sandbox().deposit(lostDeposit.paymentKey)
      const lostConfirm = await uncertainCheckout(67000)
      sandbox().reset()
      // Toss's ledger answers errors for as long as the test needs (an outage, a key without ledger access).
      sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/transactions", method: "GET", times: 1000 })

      const outage = await reconcile()

      expect(outage).toMatchObject({ ran: true, ledgerFailed: true })
      expect(ledgerReads().length).toBeGreaterThanOrEqual(1)
      expect(ledgerReads().every((request) => request.status === 500)).toBe(true)
      expect((await orderOf(lostDeposit.cartId))!.payments[0].captures).toHaveLength(1)
      expect((await orderOf(lostConfirm.cartId))!.payments[0].captures).toHaveLength(1)
      // Not due for days, looked at all the same.
      const rows = await tracked().listTossTrackedPayments({ payment_session_id: waiting.map((account) => account.sessionOrderId) })
      expect(rows.map((row) => outage.outcomes[row.payment_session_id])).toEqual(["up-to-date", "up-to-date"])
      const [stuck] = await tracked().listTossLedgerCursors({})
      expect(new Date(stuck.read_until).getTime()).toBe(new Date(before.read_until).getTime())

      // Toss serves its ledger again: the next run reads on from where the last good read stopped.
      sandbox().reset()
      const recovered = await reconcile()

      expect(recovered).toMatchObject({ ran: true, ledgerFailed: false })
      expect(ledgerReads()[0]).toMatchObject({ status: 200, query: { startDate: kstLocal(new Date(new Date(before.read_until).getTime() - 10 * 60_000)) } })
      // The outage's rows: two accounts issued, then the deposit and the confirm.
      expect(recovered.ledgerRows).toBeGreaterThanOrEqual(5)
      const [after] = await tracked().listTossLedgerCursors({})
      expect(new Date(after.read_until).getTime()).toBeGreaterThan(new Date(before.read_until).getTime())
    })

    it("runs once at a time for the whole store", async () => {
      const [one, two] = await Promise.all([reconcile(), reconcile()])

      expect([one.ran, two.ran].sort()).toEqual([false, true])
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
        // What the plugin's webhook subscriber runs for Toss's DONE event, and Medusa's own capture.
        syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: session.id } }),
        syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: session.id } }),
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
