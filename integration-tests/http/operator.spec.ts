import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { runTossReconciliation } from "../../src/jobs/toss-reconcile"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"
import { syncTossPaymentWorkflow } from "../../src/workflows/sync-toss-payment"
import { orderHelpers } from "../helpers/orders"
import { adminHeaders, createTestStore, TestStore } from "../helpers/store"
import { useTossSandbox, waitFor, webhookProcessingWindow, webhookUrl } from "../helpers/toss"

jest.setTimeout(300_000)

const { sandbox } = useTossSandbox({ webhooks: true })

/** The operator's desk: what needs a person, as module rows, admin answers and notifications. */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: TestStore
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      store = await createTestStore(getContainer())
      admin = await adminHeaders(getContainer(), api)
    })

    beforeEach(() => {
      sandbox().reset()
      sandbox().setWebhookUrl(webhookUrl(api))
    })

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

    it("lists a deposit for a cancelled order once, tells the admin's bell, and resolves it when the refund reaches Toss", async () => {
      const before = (await feed()).length
      const { orderId, paymentKey, sessionOrderId, paymentId } = await depositForCancelledOrder(31000)

      const [item] = await waitFor(async () => {
        const items = await attention()
        return items.length === 1 && items
      })
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

    it("answers 400 to a list status it does not know", async () => {
      const answer = await api.get("/admin/toss/attention?status=all", admin).catch((error: any) => error.response)
      expect(answer.status).toBe(400)
    })
  },
})
