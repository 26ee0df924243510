import { KST_TIME, TRANSACTION_KEY, newOrderId, useSandbox } from "./helpers"

const CANCEL_KEYS = [
  "cancelAmount", "cancelReason", "taxFreeAmount", "taxExemptionAmount", "refundableAmount",
  "cardDiscountAmount", "transferDiscountAmount", "easyPayDiscountAmount", "canceledAt",
  "transactionKey", "receiptKey", "cancelStatus", "cancelRequestId",
]

describe("Toss sandbox: cancels", () => {
  const { state, start, confirmedPayment } = useSandbox()

  describe("cancel", () => {
    const cancel = (paymentKey: string, body: unknown) => state.api("POST", `/v1/payments/${paymentKey}/cancel`, { body })

    it("cancels part, then the rest: PARTIAL_CANCELED then CANCELED with the bookkeeping", async () => {
      const payment = await confirmedPayment()
      const partial = await cancel(payment.paymentKey, { cancelReason: "부분 환불", cancelAmount: 5000 })
      expect(partial.body).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 10000, vat: 909, suppliedAmount: 9091 })
      expect(Object.keys(partial.body.cancels[0]).sort()).toEqual([...CANCEL_KEYS].sort())
      expect(partial.body.cancels[0]).toMatchObject({ cancelAmount: 5000, refundableAmount: 10000, cancelStatus: "DONE" })
      expect(partial.body.cancels[0].canceledAt).toMatch(KST_TIME)
      expect(partial.body.lastTransactionKey).toBe(partial.body.cancels[0].transactionKey)
      expect(partial.body.lastTransactionKey).toMatch(TRANSACTION_KEY)

      const rest = await cancel(payment.paymentKey, { cancelReason: "전액 환불", cancelAmount: 10000 })
      expect(rest.body).toMatchObject({ status: "CANCELED", balanceAmount: 0, vat: 0, suppliedAmount: 0 })
      expect(rest.body.cancels).toHaveLength(2)
    })

    it("cancels everything left when cancelAmount is omitted", async () => {
      const payment = await confirmedPayment()
      const { body } = await cancel(payment.paymentKey, { cancelReason: "전액" })
      expect(body).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
    })

    it("refuses more than the balance with 403 NOT_CANCELABLE_AMOUNT", async () => {
      const payment = await confirmedPayment()
      const { status, body } = await cancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 15001 })
      expect([status, body.code]).toEqual([403, "NOT_CANCELABLE_AMOUNT"])
    })

    it("needs a cancelReason: 400 INVALID_REQUEST", async () => {
      const payment = await confirmedPayment()
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000 })).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { cancelReason: "x".repeat(201) })).status).toBe(400)
    })

    it("refuses a canceled payment with ALREADY_CANCELED_PAYMENT and an unconfirmed one with NOT_CANCELABLE_PAYMENT", async () => {
      const payment = await confirmedPayment()
      await cancel(payment.paymentKey, { cancelReason: "x" })
      expect(await cancel(payment.paymentKey, { cancelReason: "x" })).toMatchObject({
        status: 400,
        body: { code: "ALREADY_CANCELED_PAYMENT" },
      })
      const open = state.toss.authenticate({ orderId: newOrderId(), amount: 15000 })
      expect(await cancel(open.paymentKey, { cancelReason: "x" })).toMatchObject({
        status: 403,
        body: { code: "NOT_CANCELABLE_PAYMENT" },
      })
    })

    it("refuses partial cancels when the contract does not allow them: 403 NOT_ALLOWED_PARTIAL_REFUND", async () => {
      await start({ partialCancelable: false })
      const payment = await confirmedPayment()
      expect(payment.isPartialCancelable).toBe(false)
      const { status, body } = await cancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 1000 })
      expect([status, body.code]).toEqual([403, "NOT_ALLOWED_PARTIAL_REFUND"])
      expect((await cancel(payment.paymentKey, { cancelReason: "x" })).body.status).toBe("CANCELED")
    })

    it("applies the same rules to a cancel made in the dashboard", async () => {
      const payment = await confirmedPayment()
      const canceled = state.toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드", cancelAmount: 3000 })
      expect(canceled).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 12000 })
      expect(() => state.toss.dashboardCancel(payment.paymentKey, { cancelReason: "x", cancelAmount: 20000 })).toThrow(
        expect.objectContaining({ code: "NOT_CANCELABLE_AMOUNT" })
      )
    })
  })
})
