import { Modules } from "@medusajs/framework/utils"
import { orderHelpers } from "../helpers/orders"
import { tossIntegrationTestRunner } from "../helpers/runner"
import { reconcileTossPaymentsWorkflow } from "../../src/workflows/reconcile-toss-payments"
import { syncTossPaymentWorkflow } from "../../src/workflows/sync-toss-payment"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"

jest.setTimeout(180_000)

tossIntegrationTestRunner({
  // Webhooks off: what reaches Medusa here is what the refund itself (and the reconciliation) records.
  webhooks: false,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById, paidOrder, refund } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })
    const payments = async (orderId: string) => (await orderById(orderId)).payments

    const cancels = (paymentKey: string) => sandbox().requestsTo("POST", `/v1/payments/${paymentKey}/cancel`)

    it("refunds part, then the rest, as two Toss cancels with the right amounts and keys", async () => {
      const { orderId, paymentId, paymentKey } = await paidOrder(30000)

      const partial = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 10000 }, admin)
      const rest = await api.post(`/admin/payments/${paymentId}/refund`, { amount: 20000 }, admin)

      expect(partial.status).toBe(200)
      expect(rest.status).toBe(200)
      const sent = cancels(paymentKey).filter((request) => request.status === 200)
      expect(sent.map((request) => request.body.cancelAmount)).toEqual([10000, 20000])
      const [payment] = await payments(orderId)
      const refundIds = payment.refunds.map((refund: any) => refund.id).sort()
      // Each Medusa refund is its own Toss cancel, keyed by the refund id.
      expect(sent.map((request) => request.idempotencyKey).sort()).toEqual(refundIds)
      expect(payment.refunds.map((refund: any) => refund.amount).sort()).toEqual([10000, 20000])
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      expect(payment.data).toMatchObject({ status: "CANCELED" })
      expect(payment.data.refundTransactionKeys).toHaveLength(2)
    })

    // Toss's lookups of one payment (by paymentKey or by orderId), not its cancels or the ledger.
    const lookups = () => sandbox().requestsTo("GET", /^\/v1\/payments\/(orders\/)?[^/]+$/).length
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    it("asks Toss once per admin refund, however long Medusa takes between the sync's answer and the cancel: the lock is held across both", async () => {
      const { paymentId, paymentKey } = await paidOrder(30000)
      // Past the client's one-second memory of the checkout's answers, and of the sync's before the cancel (a loaded server).
      await pause(1100)
      const paymentModule = getContainer().resolve(Modules.PAYMENT)
      const refundPayment = paymentModule.refundPayment.bind(paymentModule)
      const slowed = jest.spyOn(paymentModule, "refundPayment").mockImplementation(async (...args: Parameters<typeof refundPayment>) => {
        await pause(1100)
        return refundPayment(...args)
      })
      const before = lookups()
      try {
        const refunded = await refund(paymentId, { amount: 10000 })

        expect(refunded.status).toBe(200)
        expect(slowed).toHaveBeenCalledTimes(1)
      } finally {
        slowed.mockRestore()
      }
      expect(lookups() - before).toBe(1)
      expect(cancels(paymentKey).filter((request) => request.status === 200).map((request) => request.body.cancelAmount)).toEqual([10000])
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 20000 })
    })

    it("refuses a refund above what is left, with a clear error and nothing changed", async () => {
      const { orderId, paymentId, paymentKey } = await paidOrder(20000)
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5000 }, admin)

      const tooMuch = await api
        .post(`/admin/payments/${paymentId}/refund`, { amount: 15001 }, admin)
        .catch((error: any) => error.response)

      expect(tooMuch.status).toBe(400)
      expect(tooMuch.data.message).toMatch(/refund/i)
      expect(cancels(paymentKey).filter((request) => request.body.cancelAmount === 15001)).toHaveLength(0)
      const [payment] = await payments(orderId)
      expect(payment.refunds).toHaveLength(1)
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 15000 })
    })

    it("reports a refund Toss refuses and records nothing", async () => {
      const { orderId, paymentId, paymentKey } = await paidOrder(20000)
      sandbox().failNext({ code: "NOT_ALLOWED_PARTIAL_REFUND", path: "/cancel" })

      const refused = await api
        .post(`/admin/payments/${paymentId}/refund`, { amount: 5000 }, admin)
        .catch((error: any) => error.response)

      expect(refused.status).toBeGreaterThanOrEqual(400)
      expect(refused.data.message).toMatch(/NOT_ALLOWED_PARTIAL_REFUND/)
      const [payment] = await payments(orderId)
      expect(payment.refunds).toHaveLength(0)
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 20000 })
    })

    const madeCancels = (paymentKey: string) => sandbox().getPayment(paymentKey)!.cancels ?? []

    describe("a refund whose answer was lost", () => {
      it("is recorded once when Toss made it, and a second press refunds nothing more", async () => {
        const { orderId, paymentId, paymentKey } = await paidOrder(30000)
        // Toss makes the cancel; every answer to it (the retries replay it) is lost.
        sandbox().dropNextResponse({ mode: "reset", path: "/cancel", times: 10 })

        const lost = await refund(paymentId, { amount: 7000 })

        expect([lost.status, lost.data.message]).toEqual([200, undefined])
        expect(madeCancels(paymentKey).map((cancel) => cancel.cancelAmount)).toEqual([7000])
        const [payment] = await payments(orderId)
        expect(payment.refunds.map((row: any) => row.amount)).toEqual([7000])
        expect(payment.data.refundTransactionKeys).toEqual([madeCancels(paymentKey)[0].transactionKey])
      })

      it("is reported as not recorded when Toss cannot be asked either, and the reconciliation then records the refund Toss made, once", async () => {
        const { orderId, paymentId, paymentKey } = await paidOrder(30000)
        sandbox().dropNextResponse({ mode: "reset", path: "/cancel", times: 10 })
        // The refund's own check goes through; the lookup after the lost answers (by orderId) does not.
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: `/v1/payments/orders/`, method: "GET", times: 20 })

        const unknown = await refund(paymentId, { amount: 7000 })

        expect(unknown.status).toBe(400)
        expect(unknown.data.message).toMatch(/Toss did not answer .*nothing was recorded/)
        expect((await payments(orderId))[0].refunds).toHaveLength(0)
        expect(madeCancels(paymentKey)).toHaveLength(1)

        // Pressing Refund again: Toss's cancel is recorded now, and nothing more is refunded.
        sandbox().reset()
        const again = await refund(paymentId, { amount: 7000 })
        expect(again.status).toBe(400)
        expect(again.data.message).toMatch(/already refunded .* recorded now.* nothing more was refunded/)
        expect(madeCancels(paymentKey)).toHaveLength(1)
        const [payment] = await payments(orderId)
        expect(payment.refunds.map((row: any) => row.amount)).toEqual([7000])

        // And the reconciliation does not record it a second time.
        await reconcileTossPaymentsWorkflow(getContainer()).run({ input: { pauseMs: 0 } })
        expect((await payments(orderId))[0].refunds).toHaveLength(1)
        expect(madeCancels(paymentKey)).toHaveLength(1)
      })

      it("treats ALREADY_CANCELED_PAYMENT as success only when Toss shows the cancel being recorded", async () => {
        const { orderId, paymentId, paymentKey } = await paidOrder(30000)
        sandbox().failNext({ code: "ALREADY_CANCELED_PAYMENT", path: "/cancel" })

        const refused = await refund(paymentId, { amount: 5000 })

        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/ALREADY_CANCELED_PAYMENT/)
        expect((await payments(orderId))[0].refunds).toHaveLength(0)
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 30000 })
      })

      it("is never recorded without a Toss cancel because of a marker an older version left in the payment's data", async () => {
        const { orderId, paymentId, paymentKey } = await paidOrder(30000)
        const paymentModule = getContainer().resolve(Modules.PAYMENT)
        const [stale] = await paymentModule.listPayments({ id: paymentId }, { select: ["id", "data"] })
        await paymentModule.updatePayment({ id: paymentId, data: { ...stale.data, mirroredCancel: { transactionKey: "F".repeat(32), cancelAmount: 5000 } } } as any)

        const refunded = await refund(paymentId, { amount: 5000 })

        expect(refunded.status).toBe(200)
        expect(madeCancels(paymentKey).map((cancel) => cancel.cancelAmount)).toEqual([5000])
        expect((await payments(orderId))[0].refunds.map((row: any) => row.amount)).toEqual([5000])
      })
    })

    it("records a dashboard cancel Medusa has not heard of instead of refunding blind, so the shopper is not paid twice", async () => {
      const { orderId, paymentId, paymentKey } = await paidOrder(30000)
      sandbox().dashboardCancel(paymentKey, { cancelReason: "고객 요청 (대시보드)", cancelAmount: 10000 })

      const first = await refund(paymentId, { amount: 10000 })
      expect(first.status).toBe(400)
      expect(madeCancels(paymentKey).map((cancel) => cancel.cancelAmount)).toEqual([10000])
      expect((await payments(orderId))[0].refunds.map((row: any) => row.amount)).toEqual([10000])

      // The operator sees it and refunds what is still due.
      const refunded = await refund(paymentId, { amount: 20000 })

      expect(refunded.status).toBe(200)
      expect(madeCancels(paymentKey).map((cancel) => cancel.cancelAmount)).toEqual([10000, 20000])
      const [payment] = await payments(orderId)
      expect(payment.refunds.map((row: any) => row.amount).sort()).toEqual([10000, 20000])
      expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
    })

    it("frees a dashboard cancel whose Medusa refund could not be written, and the next sync records it once", async () => {
      const { orderId, paymentKey } = await paidOrder(30000)
      sandbox().dashboardCancel(paymentKey, { cancelReason: "고객 요청 (대시보드)", cancelAmount: 10000 })
      const sessionId = sandbox().getPayment(paymentKey)!.orderId
      const recorded = () => getContainer().resolve<TossModuleService>(TOSS_MODULE).listTossRecordedCancels({ payment_key: paymentKey })
      const refundPayment = jest.spyOn(getContainer().resolve(Modules.PAYMENT), "refundPayment").mockRejectedValueOnce(new Error("the database went away"))
      try {
        await expect(syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: sessionId } })).rejects.toBeTruthy()
        expect(refundPayment).toHaveBeenCalledTimes(1)
      } finally {
        refundPayment.mockRestore()
      }
      expect(await recorded()).toEqual([])
      expect((await payments(orderId))[0].refunds ?? []).toEqual([])

      const { result } = await syncTossPaymentWorkflow(getContainer()).run({ input: { orderId: sessionId } })

      expect(result).toBe("refunds-recorded")
      expect((await payments(orderId))[0].refunds.map((row: any) => row.amount)).toEqual([10000])
      expect((await recorded()).map((row) => row.amount)).toEqual([10000])
      expect(madeCancels(paymentKey).map((cancel) => cancel.cancelAmount)).toEqual([10000])
    })
  },
})
