import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { orderHelpers } from "../helpers/orders"
import { adminHeaders, createTestStore, TestStore } from "../helpers/store"
import { useTossSandbox } from "../helpers/toss"

jest.setTimeout(120_000)

const { sandbox } = useTossSandbox()

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: TestStore
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      store = await createTestStore(getContainer())
    })

    beforeEach(async () => {
      sandbox().reset()
      admin = await adminHeaders(getContainer(), api)
    })

    const { orderById, paidOrder } = orderHelpers({ api, getContainer, sandbox, store: () => store })
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
  },
})
