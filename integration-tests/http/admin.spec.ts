import { setTimeout as sleep } from "timers/promises"
import { retrieveRefundAccount } from "../../src/lib/refund-account"
import { Modules } from "@medusajs/framework/utils"
import { orderHelpers } from "../helpers/orders"
import { TEST_KEYS } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"
import { TOSS_ERRORS } from "../../sandbox"

jest.setTimeout(120_000)

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(keysOf)
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)])
  }
  return []
}

tossIntegrationTestRunner({
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const answer = { validateStatus: () => true }
    const view = (paymentId: string) => api.get(`/admin/toss/payments/${paymentId}`, { ...admin, ...answer })
    const refund = (paymentId: string, body: Record<string, unknown>) =>
      api.post(`/admin/payments/${paymentId}/refund`, body, { ...admin, ...answer })
    const saveRefundAccount = (paymentId: string, body: Record<string, unknown>) =>
      api.post(`/admin/toss/payments/${paymentId}/refund-account`, body, { ...admin, ...answer })
    const cancels = (paymentKey: string) => sandbox().requestsTo("POST", `/v1/payments/${paymentKey}/cancel`)

    const { orderById, paidOrder, virtualAccountOrder } = orderHelpers({ api, getContainer, sandbox, store: () => store })
    const paymentsOf = async (orderId: string) => (await orderById(orderId)).payments

    /**
     * A virtual account the shopper has paid into, captured in Medusa the way
     * it happens in a store: Toss's DEPOSIT_CALLBACK reaches Medusa's webhook
     * route, which processes it about five seconds later.
     */
    async function depositedVirtualAccountOrder(amount: number) {
      const issued = await virtualAccountOrder(amount, "김토스")
      const deposited = sandbox().deposit(issued.paymentKey)
      const hook = await api.post("/hooks/payment/toss_toss", {
        createdAt: "2025-06-02T10:00:00.000000",
        secret: deposited.secret,
        status: "DONE",
        transactionKey: deposited.lastTransactionKey,
        orderId: deposited.orderId,
      })
      expect(hook.status).toBe(200)
      for (let waited = 0; waited < 30_000; waited += 500) {
        const [payment] = await paymentsOf(issued.orderId)
        if (payment?.captured_at) {
          sandbox().reset()
          return { orderId: issued.orderId, paymentId: payment.id, paymentKey: issued.paymentKey, secret: deposited.secret! }
        }
        await sleep(500)
      }
      throw new Error("Medusa did not capture the deposited virtual account within 30 s")
    }

    describe("GET /admin/toss/payments/:id", () => {
      it("shows Toss's live view of a card payment next to what Medusa recorded", async () => {
        const { paymentId, paymentKey } = await paidOrder(15000)

        const response = await view(paymentId)

        expect(response.status).toBe(200)
        expect(response.data).toMatchObject({
          live: true,
          payment: {
            paymentKey,
            status: "DONE",
            method: "카드",
            totalAmount: 15000,
            balanceAmount: 15000,
            card: { issuerCode: "71", number: "43301234****123*", installmentPlanMonths: 0 },
            cancels: [],
          },
          refundable: { balanceAmount: 15000, partialCancelable: true, needsRefundAccount: false, refundAccount: null },
          medusa: { amount: 15000, captured: 15000, refunded: 0 },
        })
        expect(response.data.payment.card.approveNo).toMatch(/^\d{8}$/)
        expect(response.data.payment.receiptUrl).toContain(paymentKey)
        expect(response.data.error).toBeUndefined()
        expect(response.data.refundable.mobilePhoneWarning).toBeUndefined()
        expect(sandbox().requestsTo("GET", `/v1/payments/${paymentKey}`)).toHaveLength(1)
      })

      it("shows the last saved data, and says so, when Toss cannot be reached", async () => {
        const { paymentId, paymentKey } = await paidOrder(12000)
        sandbox().failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 10, path: `/v1/payments/${paymentKey}`, method: "GET" })

        const response = await view(paymentId)

        expect(response.status).toBe(200)
        expect(response.data.live).toBe(false)
        expect(response.data.error).toMatch(/^Toss could not be reached; showing the data from \d{4}-\d{2}-\d{2} \d{2}:\d{2} KST\.$/)
        expect(response.data.payment).toMatchObject({ paymentKey, status: "DONE", totalAmount: 12000 })
        expect(response.data.refundable).toMatchObject({ balanceAmount: 12000, partialCancelable: null })
        expect(sandbox().requestsTo("GET", `/v1/payments/${paymentKey}`).length).toBeGreaterThan(1)
      })

      it("warns before refunding a mobile-phone payment", async () => {
        const { paymentId } = await paidOrder(5000, "MOBILE_PHONE")

        const response = await view(paymentId)

        // Masked: the same view is in the payment data the store API shows to anyone holding the order id.
        expect(response.data.payment).toMatchObject({ method: "휴대폰", mobilePhone: { customerMobilePhone: "010****5678" } })
        expect(response.data.refundable.mobilePhoneWarning).toMatch(/^휴대폰 결제는 결제한 달\(\d{4}-\d{2}\)에만 취소할 수 있어요/)
        expect(response.data.refundable.mobilePhoneWarning).toContain("a partial refund cancels the whole payment and charges the rest again")
      })

      it("answers 404 for a payment that was not made with Toss, and for an unknown one", async () => {
        const paymentModule = getContainer().resolve(Modules.PAYMENT)
        const [collection] = await paymentModule.createPaymentCollections([{ amount: 1000, currency_code: "krw" }])
        const session = await paymentModule.createPaymentSession(collection.id, {
          provider_id: "pp_system_default",
          amount: 1000,
          currency_code: "krw",
          data: {},
        })
        const manual = (await paymentModule.authorizePaymentSession(session.id, {}))!

        const notToss = await view(manual.id)
        const unknown = await view("pay_does_not_exist")

        expect(notToss.status).toBe(404)
        expect(notToss.data.message).toBe(
          `Payment ${manual.id} was not made with Toss Payments (its provider is pp_system_default), so Toss knows nothing about it.`
        )
        expect(unknown.status).toBe(404)
        expect(unknown.data.message).toBe("Payment pay_does_not_exist was not found.")
        expect(sandbox().requests).toHaveLength(0)
      })
    })

    describe("refunds from the order page", () => {
      it("sends the operator's note to Toss as the cancelReason, once", async () => {
        const { orderId, paymentId, paymentKey } = await paidOrder(30000)

        const noted = await refund(paymentId, { amount: 5000, note: "  고객 변심:\n사이즈 교환 불가  " })
        const long = await refund(paymentId, { amount: 5000, note: "가".repeat(250) })
        const plain = await refund(paymentId, { amount: 5000 })

        expect([noted.status, long.status, plain.status]).toEqual([200, 200, 200])
        const reasons = cancels(paymentKey)
          .filter((request) => request.status === 200)
          .map((request) => (request.body as { cancelReason: string }).cancelReason)
        expect(reasons).toEqual(["고객 변심: 사이즈 교환 불가", "가".repeat(200), "구매자 요청 환불"])
        const [payment] = await paymentsOf(orderId)
        expect(payment.refunds.map((row: any) => row.note).sort()).toEqual(["  고객 변심:\n사이즈 교환 불가  ", "가".repeat(250), null].sort())
        // The note is Medusa's (on the refund) and Toss's, never kept in the payment's data.
        expect(JSON.stringify(payment.data)).not.toContain("고객 변심")
      })

      it.each(["NOT_CANCELABLE_AMOUNT", "NOT_ALLOWED_PARTIAL_REFUND", "EXCEED_MAX_REFUND_DUE"])(
        "shows the operator Toss's refusal %s and records no refund",
        async (code) => {
          const { orderId, paymentId, paymentKey } = await paidOrder(20000)
          sandbox().failNext({ code, path: "/cancel" })

          const refused = await refund(paymentId, { amount: 5000, note: "부분 환불" })

          expect(refused.status).toBe(400)
          // Toss answers in Korean unless asked otherwise; the dashboard shows this message as it is.
          expect(refused.data).toMatchObject({ type: "not_allowed", message: `Toss refused the cancel: ${TOSS_ERRORS[code].ko} (${code})` })
          const [payment] = await paymentsOf(orderId)
          expect(payment.refunds).toHaveLength(0)
          expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "DONE", balanceAmount: 20000 })
          const after = await view(paymentId)
          expect(after.data.medusa).toMatchObject({ captured: 20000, refunded: 0 })
          expect(after.data.payment.cancels).toEqual([])
        }
      )

      it("refuses a refund account for a card payment", async () => {
        const { paymentId } = await paidOrder(8000)

        const response = await saveRefundAccount(paymentId, { bank: "88", accountNumber: "110123456789", holderName: "김토스" })

        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/^Only a Toss virtual-account \(가상계좌\) payment/)
      })
    })

    describe("a deposited virtual account", () => {
      const storedData = async (orderId: string) => (await paymentsOf(orderId))[0].data

      it("is shown without Toss's secret, and not refunded before the shopper's bank account is entered", async () => {
        const { orderId, paymentId, paymentKey, secret } = await depositedVirtualAccountOrder(25000)

        const shown = await view(paymentId)
        const refused = await refund(paymentId, { amount: 5000 })

        expect(shown.status).toBe(200)
        expect(shown.data).toMatchObject({
          live: true,
          payment: { status: "DONE", method: "가상계좌", virtualAccount: { bankCode: "20", customerName: "김토스", depositorName: "김토스" } },
          refundable: { balanceAmount: 25000, needsRefundAccount: true, refundAccount: null },
          medusa: { captured: 25000, refunded: 0 },
        })
        const text = JSON.stringify(shown.data)
        expect(secret).toMatch(/^ps_/)
        expect(text).not.toContain(secret)
        expect(keysOf(shown.data)).not.toContain("secret")
        for (const key of Object.values(TEST_KEYS).filter((key) => key.includes("_sk_") || key.includes("_gsk_"))) {
          expect(text).not.toContain(key)
        }
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/refunded into the shopper's bank account/)
        expect(cancels(paymentKey)).toHaveLength(0)
        expect((await paymentsOf(orderId))[0].refunds).toHaveLength(0)
      })

      it("rejects a malformed refund account, storing nothing, and refunds into the account last entered", async () => {
        const { orderId, paymentId, paymentKey } = await depositedVirtualAccountOrder(25000)
        const bad: [Record<string, unknown>, RegExp][] = [
          [{ bank: "99", accountNumber: "110123456789", holderName: "김토스" }, /^Invalid request: Unknown bank/],
          [{ bank: "88", accountNumber: "110-12", holderName: "김토스" }, /6 to 20 digits/],
          [{ bank: "88", accountNumber: "110-123-45678a", holderName: "김토스" }, /6 to 20 digits/],
          [{ bank: "88", accountNumber: "110123456789", holderName: "   " }, /holder's name is required/],
          [{ bank: "88", accountNumber: "110123456789" }, /holderName/],
        ]
        for (const [body, message] of bad) {
          const rejected = await saveRefundAccount(paymentId, body)
          expect([rejected.status, rejected.data.message]).toEqual([400, expect.stringMatching(message)])
        }
        expect(await retrieveRefundAccount(getContainer(), paymentId)).toBeNull()

        // Toss checks the account with the bank: a wrong holder name is refused, and the operator replaces it.
        const mistyped = await saveRefundAccount(paymentId, { bank: "06", accountNumber: "123456-01-234567", holderName: "김토쓰" })
        sandbox().failNext({ code: "INVALID_REFUND_ACCOUNT_INFO", path: "/cancel" })
        const refusedAccount = await refund(paymentId, { amount: 5000, note: "상품 품절" })
        const saved = await saveRefundAccount(paymentId, { bank: "88", accountNumber: "110-123-456789", holderName: " 김토스 " })
        const refunded = await refund(paymentId, { amount: 5000, note: "상품 품절" })

        expect(mistyped.status).toBe(200)
        expect(refusedAccount.status).toBe(400)
        expect(refusedAccount.data.message).toBe(
          `Toss refused the cancel: ${TOSS_ERRORS.INVALID_REFUND_ACCOUNT_INFO.ko} (INVALID_REFUND_ACCOUNT_INFO)`
        )
        expect(saved.status).toBe(200)
        expect(saved.data.refundAccount).toEqual({ bank: "88", bankName: "신한은행", accountNumber: "********6789", holderName: "김토스" })
        // Kept in the plugin's module, not in the payment's data (which the store API shows).
        expect(await retrieveRefundAccount(getContainer(), paymentId)).toEqual({ bank: "88", accountNumber: "110123456789", holderName: "김토스" })
        expect(JSON.stringify(await storedData(orderId))).not.toContain("110123456789")
        expect(refunded.status).toBe(200)
        // Requests Toss turned away as too soon after the last one were retried; the rest tell the story.
        const sent = cancels(paymentKey).filter((request) => (request.response as any)?.code !== "FORBIDDEN_CONSECUTIVE_REQUEST")
        expect(sent.map((request) => [request.status, (request.body as any).refundReceiveAccount.bank])).toEqual([
          [400, "06"],
          [200, "88"],
        ])
        expect(sent[1].body).toMatchObject({
          cancelAmount: 5000,
          cancelReason: "상품 품절",
          refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "김토스" },
        })
        const [payment] = await paymentsOf(orderId)
        expect(payment.refunds.map((row: any) => row.amount)).toEqual([5000])
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 20000 })
        const after = await view(paymentId)
        expect(after.data.refundable.refundAccount).toEqual(saved.data.refundAccount)
        expect(after.data.payment.cancels).toEqual([expect.objectContaining({ cancelAmount: 5000, cancelReason: "상품 품절" })])
      })
    })
  },
})
