import { Modules } from "@medusajs/framework/utils"
import { runTossReconciliation } from "../../src/jobs/toss-reconcile"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { readTossSettlementsWorkflow } from "../../src/workflows/read-toss-settlements"
import { syncTossPaymentWorkflow } from "../../src/workflows/sync-toss-payment"
import { orderHelpers } from "../helpers/orders"
import { waitFor, webhookProcessingWindow } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(300_000)

/** The operator's desk: what needs a person, as module rows, admin answers and notifications. */
tossIntegrationTestRunner({
  webhooks: true,
  // No race with the shopper's hand-off is tested here: Medusa handles each webhook half a second after answering it.
  webhookDelayMs: 500,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const helpers = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const module = () => getContainer().resolve<TossModuleService>(TOSS_MODULE)
    const attention = async (status = "open") => (await api.get(`/admin/toss/attention?status=${status}`, admin)).data.items as any[]
    const feed = () => getContainer().resolve(Modules.NOTIFICATION).listNotifications({ channel: "feed" })

    /** A virtual account whose order was cancelled while Toss could not be reached, then paid by the shopper. */
    async function depositForCancelledOrder(amount: number) {
      const { cartId, orderId, paymentKey, sessionOrderId } = await helpers.virtualAccountOrder(amount)
      await sandbox().flushWebhooks()
      await webhookProcessingWindow()
      sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/cancel", times: 20 })
      await api.post(`/admin/orders/${orderId}/cancel`, {}, admin)
      await webhookProcessingWindow(3000)
      sandbox().reset()
      sandbox().deposit(paymentKey)
      const [payment] = (await waitFor(async () => {
        const captured = await helpers.capturedPayments(cartId)
        return captured.length === 1 && captured
      })) as any[]
      return { orderId, paymentKey, sessionOrderId, paymentId: payment.id as string }
    }

    // First: a run with nothing left over from the cases below, so its outcome is its own.
    it("shows the health of reconciliation and webhooks", async () => {
      const { paymentKey } = await helpers.virtualAccountOrder(15000)
      await sandbox().flushWebhooks()
      await webhookProcessingWindow()
      // A webhook about an order this store never had is dropped as unknown.
      await sandbox().sendWebhook({ eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2026-11-23T12:00:00.000000", data: { paymentKey: "tgen_nothere", orderId: "order-nothere", status: "DONE" } })
      await webhookProcessingWindow()
      const before = (await api.get("/admin/toss/health", admin)).data
      expect(before.webhooks.lastHour).toBeGreaterThanOrEqual(2)
      expect(before.webhooks.unknown).toBeGreaterThanOrEqual(1)

      // A tracked payment overdue for its look, then a run that looks at it.
      const [tracked] = await module().listTossTrackedPayments({ payment_key: paymentKey })
      const dueSince = new Date(Date.now() - 60_000)
      await module().updateTossTrackedPayments({ id: tracked.id, next_check_at: dueSince })
      const due = (await api.get("/admin/toss/health", admin)).data.due
      expect(due.count).toBeGreaterThanOrEqual(1)
      expect(new Date(due.oldestDueAt).getTime()).toBeLessThanOrEqual(dueSince.getTime())

      await runTossReconciliation(getContainer(), { pauseMs: 0 })

      const health = (await api.get("/admin/toss/health", admin)).data
      expect(health.lastRun).toMatchObject({ outcome: "ok", failed: 0, finished_at: expect.any(String) })
      expect(health.lastRun.checked).toBeGreaterThanOrEqual(1)
      expect(health.due.count).toBe(0)
      expect(health.ledger.lagSeconds).toBeLessThan(60)
    })

    it("lists a deposit for a cancelled order once, tells the admin's bell, and resolves it when the refund reaches Toss", async () => {
      const before = (await feed()).length
      const { orderId, paymentKey, sessionOrderId, paymentId } = await depositForCancelledOrder(31000)

      const [item] = (await waitFor(async () => {
        const items = await attention()
        return items.length === 1 && items
      })) || []
      expect(item).toMatchObject({
        kind: "deposit-after-cancel",
        action: "refund",
        amount: 31000,
        order: { id: orderId },
        payment_id: paymentId,
        refundable: { balanceAmount: 31000, needsRefundAccount: true, hasRefundAccount: false },
        resolved_at: null,
      })
      const notifications = (await feed()).slice(before)
      expect(notifications).toHaveLength(1)
      expect(notifications[0]).toMatchObject({ channel: "feed", template: "admin-ui", data: { title: expect.stringContaining("Deposit for a cancelled order") } })
      // Nothing secret in what the page or the bell show.
      expect(JSON.stringify([item, notifications[0]])).not.toMatch(/secret|110-123/)

      // The same finding again (a duplicate webhook, the job) opens nothing more and notifies no one again.
      await syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: sessionOrderId } })
      await runTossReconciliation(getContainer(), { pauseMs: 0 })
      expect(await module().listTossOperatorItems({ payment_session_id: sessionOrderId })).toHaveLength(1)
      expect((await feed()).slice(before)).toHaveLength(1)

      await api.post(`/admin/toss/payments/${paymentId}/refund-account`, { bank: "88", accountNumber: "110-123-456789", holderName: "홍길동" }, admin)
      expect((await attention())[0].refundable).toMatchObject({ needsRefundAccount: true, hasRefundAccount: true })
      const refunded = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 31000 }, admin).catch((error: any) => error.response)
      expect(refunded.status).toBe(200)
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })

      // Toss's cancel webhook brings the sync, which sees Toss and Medusa agree.
      await waitFor(async () => (await attention()).length === 0)
      const [resolved] = await attention("resolved")
      expect(resolved).toMatchObject({ id: item.id, kind: "deposit-after-cancel", resolved_at: expect.any(String) })
    })

    it("resolves an item without any webhook: the job looks again at payments that need the operator", async () => {
      const { sessionOrderId, paymentId, paymentKey } = await depositForCancelledOrder(12000)
      await waitFor(async () => (await attention()).some((item) => item.payment_id === paymentId))
      // Refunded in Toss's dashboard while no webhook reaches the store.
      sandbox().setWebhookUrl(null)
      sandbox().dashboardCancel(paymentKey, {
        cancelReason: "대시보드에서 환불",
        refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "홍길동" },
      })

      await runTossReconciliation(getContainer(), { pauseMs: 0 })

      const [row] = await module().listTossOperatorItems({ payment_session_id: sessionOrderId })
      expect(row.resolved_at).not.toBeNull()
      expect((await attention()).some((item) => item.payment_id === paymentId)).toBe(false)
    })

    it("lists a refund Toss refused, once per payment, with the amount asked", async () => {
      const { orderId, paymentId } = await helpers.paidOrder(20000)
      for (let attempt = 0; attempt < 2; attempt++) {
        sandbox().failNext({ code: "NOT_CANCELABLE_PAYMENT", path: "/cancel" })
        const refused = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5000 }, admin).catch((error: any) => error.response)
        expect(refused.status).toBe(400)
      }
      const items = (await attention()).filter((item) => item.payment_id === paymentId)
      expect(items).toEqual([
        expect.objectContaining({ kind: "refund-refused", action: "outside", amount: 5000, order: expect.objectContaining({ id: orderId }), refundable: null }),
      ])
      expect(items[0].message).toContain("NOT_CANCELABLE_PAYMENT")

      // A later refund Toss makes ends it.
      const refunded = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5000 }, admin).catch((error: any) => error.response)
      expect(refunded.status).toBe(200)
      expect((await attention()).filter((item) => item.payment_id === paymentId)).toEqual([])
    })

    it("lists a deposit the bank reversed after capture, and resolves it when the money is deposited again", async () => {
      const { cartId, paymentKey, orderId } = await helpers.virtualAccountOrder(18000)
      sandbox().deposit(paymentKey)
      await waitFor(async () => (await helpers.capturedPayments(cartId)).length === 1)

      sandbox().depositError(paymentKey)
      const [item] = (await waitFor(async () => {
        const items = (await attention()).filter((row) => row.order?.id === orderId)
        return items.length === 1 && items
      })) || []
      expect(item).toMatchObject({ kind: "deposit-reversed", action: "outside", amount: 18000, refundable: null })

      sandbox().deposit(paymentKey)
      await waitFor(async () => !(await attention()).some((row) => row.order?.id === orderId))
      expect((await attention("resolved")).find((row) => row.id === item.id)).toMatchObject({ resolved_at: expect.any(String) })
    })

    it("shows a run that could not read Toss's ledger as partial, with Toss's answer, and the next good run as ok", async () => {
      sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/v1/transactions", method: "GET", times: 1000 })

      const outage = await runTossReconciliation(getContainer(), { pauseMs: 0 })

      expect(outage).toMatchObject({ ran: true, ledgerFailed: true })
      const reads = sandbox().requestsTo("GET", "/v1/transactions")
      expect(reads.length).toBeGreaterThanOrEqual(1)
      expect(reads.every((request) => request.status === 500)).toBe(true)
      const health = (await api.get("/admin/toss/health", admin)).data
      expect(health.lastRun).toMatchObject({ outcome: "partial", failed: 0, ledger_rows: 0, finished_at: expect.any(String) })
      expect(health.lastRun.error).toContain("ledger could not be read")
      expect(health.lastRun.error).toContain("FAILED_INTERNAL_SYSTEM_PROCESSING")
      const [run] = await module().listTossReconcileRuns({}, { order: { started_at: "DESC" }, take: 1 })
      expect(new Date(run.started_at).toISOString()).toBe(health.lastRun.started_at)

      sandbox().reset()
      await runTossReconciliation(getContainer(), { pauseMs: 0 })

      expect((await api.get("/admin/toss/health", admin)).data.lastRun).toMatchObject({ outcome: "ok", error: null })
    })

    describe("settlements (정산)", () => {
      const readSettlements = async (input = {}) => (await readTossSettlementsWorkflow(getContainer()).run({ input })).result
      const settlementReads = () => sandbox().requestsTo("GET", "/v1/settlements")
      const kstMonth = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7)

      it("stores Toss's fee, VAT on it and payout per payment of this store, in bounded pages, once", async () => {
        const { paymentId, paymentKey } = await helpers.paidOrder(20000)
        // Another shop on the same Toss keys: its rows are not this store's.
        sandbox().authenticateAndConfirm({ orderId: "other-shop-order-1", amount: 9000 })
        const refunded = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5000 }, admin).catch((error: any) => error.response)
        expect(refunded.status).toBe(200)
        sandbox().reset()

        // One page of one row per run: the cursor carries the rest to the next run.
        const first = await readSettlements({ pageSize: 1, maxPages: 1 })
        expect(settlementReads()).toHaveLength(1)
        expect(first.pages).toBe(1)
        let runs = 1
        while ((await module().listTossSettlements({ payment_key: paymentKey })).length < 2 && runs < 40) {
          await readSettlements({ pageSize: 1, maxPages: 1 })
          runs++
        }
        expect(settlementReads()).toHaveLength(runs)

        const { data } = await api.get(`/admin/toss/payments/${paymentId}/settlements`, admin)
        expect(data.settlements).toEqual([
          expect.objectContaining({ payment_key: paymentKey, method: "카드", amount: 20000, fee: 600, vat: 60, payout_amount: 19340, paid_out_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
          expect.objectContaining({ payment_key: paymentKey, amount: -5000, fee: -150, vat: -15, payout_amount: -4835 }),
        ])
        expect(await module().listTossSettlements({ payment_session_id: "other-shop-order-1" })).toHaveLength(0)

        // Read again (the last days are, every run): nothing is stored twice.
        await readSettlements()
        expect(await module().listTossSettlements({ payment_key: paymentKey })).toHaveLength(2)

        const { data: summary } = await api.get("/admin/toss/settlements", admin)
        const month = summary.months.find((row: any) => row.month === kstMonth())
        expect(month).toMatchObject({ transactions: expect.any(Number) })
        const own = await module().listTossSettlements({ sold_date: { $gte: `${kstMonth()}-01` } })
        expect(month).toEqual({
          month: kstMonth(),
          transactions: own.length,
          amount: own.reduce((sum, row) => sum + row.amount, 0),
          fee: own.reduce((sum, row) => sum + row.fee, 0),
          vat: own.reduce((sum, row) => sum + row.vat, 0),
          payout_amount: own.reduce((sum, row) => sum + row.payout_amount, 0),
        })

        const csv = await api.get(`/admin/toss/settlements/export?month=${kstMonth()}`, admin)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        const lines = (csv.data as string).replace(/^\uFEFF/, "").trim().split("\r\n")
        expect(lines).toHaveLength(own.length + 1)
        expect(lines.find((line) => line.includes(paymentKey) && line.endsWith(",20000,600,60,19340"))).toBeDefined()
        const bad = await api.get("/admin/toss/settlements/export?month=2026-13", admin).catch((error: any) => error.response)
        expect(bad.status).toBe(400)
      })
    })

    describe("cash receipts (현금영수증)", () => {
      const receiptRequests = () => sandbox().requests.filter((request) => request.path.startsWith("/v1/cash-receipts"))

      it("issues one for a paid virtual account, keeps no identity number, refuses a second, and cancels it", async () => {
        const { cartId, paymentKey } = await helpers.virtualAccountOrder(27000)
        sandbox().deposit(paymentKey)
        const [payment] = (await waitFor(async () => {
          const captured = await helpers.capturedPayments(cartId)
          return captured.length === 1 && captured
        })) as any[]
        sandbox().reset()
        const url = `/admin/toss/payments/${payment.id}/cash-receipts`

        const wrong = await api.post(url, { type: "지출증빙", customerIdentityNumber: "010-1234-5678" }, admin).catch((error: any) => error.response)
        expect(wrong.status).toBe(400)
        expect(receiptRequests()).toHaveLength(0)

        const issued = await api.post(url, { type: "소득공제", customerIdentityNumber: "010-9876-5432" }, admin)
        expect(issued.status).toBe(200)
        expect(issued.data.cash_receipts).toEqual([
          expect.objectContaining({ type: "소득공제", amount: 27000, tax_free_amount: 0, canceled_at: null, receipt_url: expect.stringContaining("/sandbox/cash-receipts/") }),
        ])
        expect(receiptRequests()).toHaveLength(1)
        expect(receiptRequests()[0].body).toMatchObject({ amount: 27000, customerIdentityNumber: "01098765432", type: "소득공제" })
        // The number went to Toss only.
        const rows = await module().listTossCashReceipts({ payment_id: payment.id })
        expect(JSON.stringify([rows, issued.data])).not.toMatch(/98765432|9876-5432/)

        const second = await api.post(url, { type: "소득공제", customerIdentityNumber: "01098765432" }, admin).catch((error: any) => error.response)
        expect([second.status, second.data.message]).toEqual([400, expect.stringContaining("in force")])
        expect(receiptRequests()).toHaveLength(1)

        const { receipt_key } = issued.data.cash_receipts[0]
        const canceled = await api.post(`${url}/${receipt_key}/cancel`, {}, admin)
        expect(canceled.data.cash_receipts[0]).toMatchObject({ receipt_key, canceled_at: expect.any(String) })
        expect(sandbox().requestsTo("POST", `/v1/cash-receipts/${receipt_key}/cancel`)).toHaveLength(1)
        const again = await api.post(`${url}/${receipt_key}/cancel`, {}, admin).catch((error: any) => error.response)
        expect(again.status).toBe(400)
        expect((await api.get(url, admin)).data.cash_receipts).toHaveLength(1)
      })

      it("refuses a card payment, with nothing sent to Toss", async () => {
        const { paymentId } = await helpers.paidOrder(15000)
        const refused = await api
          .post(`/admin/toss/payments/${paymentId}/cash-receipts`, { type: "소득공제", customerIdentityNumber: "01012345678" }, admin)
          .catch((error: any) => error.response)
        expect([refused.status, refused.data.message]).toEqual([400, expect.stringContaining("transfer")])
        expect(receiptRequests()).toHaveLength(0)
      })
    })

    it("opens one item per payment and kind however often it is told, and records a Toss cancel once however often it is claimed", async () => {
      const draft = { kind: "refund-refused", payment_session_id: "payses_told_twice", payment_key: null, order_id: null, amount: 1000, message: "told twice" }
      const first = await module().openOperatorItem(draft)
      const second = await module().openOperatorItem(draft)

      expect(first).toMatchObject({ id: expect.any(String) })
      expect(second).toBeNull()
      expect(await module().listTossOperatorItems({ payment_session_id: "payses_told_twice" })).toHaveLength(1)

      const cancel = { transaction_key: "txkey_claimed_twice", payment_key: "tgen_claimed_twice", payment_session_id: "payses_claimed_twice", amount: 1000 }
      expect(await module().claimCancel(cancel)).toBe(true)
      expect(await module().claimCancel(cancel)).toBe(false)
      expect(await module().listTossRecordedCancels({ transaction_key: "txkey_claimed_twice" })).toHaveLength(1)
      await module().resolveOperatorItems("payses_told_twice", ["refund-refused"])
    })

    it("answers 400 to a list status it does not know", async () => {
      const answer = await api.get("/admin/toss/attention?status=all", admin).catch((error: any) => error.response)
      expect(answer.status).toBe(400)
    })
  },
})
