import { orderHelpers } from "../helpers/orders"
import { createCart } from "../helpers/store"
import { completeWithToss, initiateTossSession, storeHeaders, waitFor } from "../helpers/toss"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240_000)

// The store offers escrow for cash payments, installments up to 6 months, and pays 2-3 months interest for Shinhan cards.
Object.assign(process.env, {
  TOSS_ESCROW: "offered",
  TOSS_MAX_CARD_INSTALLMENT_PLAN: "6",
  TOSS_FREE_INSTALLMENT_PLANS: JSON.stringify([{ company: "SHINHAN", months: [2, 3] }]),
})

/** Every Toss method end to end, and the Korean payment options, against the sandbox. */
tossIntegrationTestRunner({
  webhooks: true,
  // No race with the shopper's hand-off is tested here: Medusa handles each webhook half a second after answering it.
  webhookDelayMs: 500,
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById, refund, cancelsSent } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })

    /** A cart paid with `method` through the hand-off; the shopper's window choices in `window`. */
    async function paid(amount: number, method: string, window: Record<string, unknown> = {}, cartId?: string) {
      cartId ??= await createCart(getContainer(), store, { amount })
      const session = await initiateTossSession(api, store, cartId, { method: method === "EASY_PAY" ? "CARD" : method, ...(window.session ?? {}) })
      const { session: _, ...choices } = window
      const authenticated = sandbox().authenticate({ orderId: session.data.orderId, amount, method: method === "EASY_PAY" ? "CARD" : method, ...choices } as any)
      const completed = await completeWithToss(api, store, { cart_id: cartId, ...authenticated })
      return { cartId, session, completed, paymentKey: authenticated.paymentKey }
    }

    describe("every method to a captured order and a refund", () => {
      it.each([
        ["TRANSFER", {}, "계좌이체"],
        ["MOBILE_PHONE", {}, "휴대폰"],
        ["CULTURE_GIFT_CERTIFICATE", {}, "문화상품권"],
        ["BOOK_GIFT_CERTIFICATE", {}, "도서문화상품권"],
        ["GAME_GIFT_CERTIFICATE", {}, "게임문화상품권"],
        ["EASY_PAY", { flowMode: "DIRECT", easyPay: "TOSSPAY" }, "간편결제"],
        ["EASY_PAY", { flowMode: "DIRECT", easyPay: "KAKAOPAY" }, "간편결제"],
        ["EASY_PAY", { flowMode: "DIRECT", easyPay: "NAVERPAY" }, "간편결제"],
      ])("%s %j", async (method, window, label) => {
        const { completed, paymentKey } = await paid(12000, method, window)

        expect(completed.data.type).toBe("order")
        const [payment] = (await orderById(completed.data.order.id)).payments
        expect(payment.captures).toHaveLength(1)
        expect(payment.data.payment).toMatchObject({ method: label, status: "DONE" })
        const refunded = await refund(payment.id, { amount: 2000 })
        expect(refunded.status).toBe(200)
        expect(cancelsSent(paymentKey).map((body) => body.cancelAmount)).toEqual([2000])
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "PARTIAL_CANCELED", balanceAmount: 10000 })
      })
    })

    describe("cash receipts (현금영수증)", () => {
      it("are issued as the shopper chose, shown to shopper and operator, and follow a partial refund", async () => {
        const { completed, paymentKey } = await paid(30000, "TRANSFER", { cashReceiptType: "소득공제", customerIdentityNumber: "01012345678" })

        const [payment] = (await orderById(completed.data.order.id)).payments
        expect(payment.data.payment.cashReceipt).toMatchObject({ type: "소득공제", receiptUrl: expect.stringContaining("http") })
        const shown = await api.get(`/store/orders/${completed.data.order.id}?fields=*payment_collections.payments`, storeHeaders(store))
        expect(shown.data.order.payment_collections[0].payments[0].data.payment.cashReceipt.receiptUrl).toBe(payment.data.payment.cashReceipt.receiptUrl)
        expect(JSON.stringify(shown.data)).not.toContain("01012345678")

        expect((await refund(payment.id, { amount: 10000 })).status).toBe(200)
        expect(sandbox().getPayment(paymentKey)!.cashReceipt).toMatchObject({ amount: 20000 })
        const panel = await api.get(`/admin/toss/payments/${payment.id}`, admin)
        expect(panel.data.payment.cashReceipt).toMatchObject({ type: "소득공제", amount: 20000 })
      })
    })

    describe("escrow (에스크로)", () => {
      it("carries the cart's products, and refuses a partial refund before Toss does, a full one goes through", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 30000 })
        const session = await initiateTossSession(api, store, cartId, { method: "TRANSFER", useEscrow: true })
        expect(session.data).toMatchObject({ useEscrow: true, escrowProducts: [expect.objectContaining({ name: "제주 감귤 5kg", unitPrice: 30000, quantity: 1 })] })

        const authenticated = sandbox().authenticate({
          orderId: session.data.orderId,
          amount: 30000,
          method: "TRANSFER",
          useEscrow: true,
          escrowProducts: session.data.escrowProducts,
        })
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...authenticated })
        const [payment] = (await orderById(completed.data.order.id)).payments

        const partial = await refund(payment.id, { amount: 10000 })
        expect(partial.status).toBe(400)
        expect(partial.data.message).toMatch(/does not refund part of an escrow/)
        expect(cancelsSent(authenticated.paymentKey)).toHaveLength(0)
        expect((await refund(payment.id, { amount: 30000 })).status).toBe(200)
        expect(sandbox().getPayment(authenticated.paymentKey)).toMatchObject({ status: "CANCELED" })
      })

      it("is refused for a card, and answered with a 400 when asked of a store that does not offer it for that method", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 30000 })
        const refused = await initiateTossSession(api, store, cartId, { method: "CARD", useEscrow: true }).catch((error: any) => error.response)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/transfers and virtual accounts only/)
      })
    })

    describe("installments (할부)", () => {
      it("offers the store's plan from 50,000 KRW, and shows the months the shopper chose", async () => {
        const small = await createCart(getContainer(), store, { amount: 30000 })
        expect((await initiateTossSession(api, store, small, { method: "CARD" })).data).toMatchObject({ maxCardInstallmentPlan: null, freeInstallmentPlans: null })

        const { completed, session } = await paid(60000, "CARD", { maxCardInstallmentPlan: 6, freeInstallmentPlans: [{ company: "SHINHAN", months: [2, 3] }], issuerCode: "SHINHAN", installmentPlanMonths: 3 })
        expect(session.data).toMatchObject({ maxCardInstallmentPlan: 6, freeInstallmentPlans: [{ company: "SHINHAN", months: [2, 3] }] })
        const [payment] = (await orderById(completed.data.order.id)).payments
        expect(payment.data.payment.card).toMatchObject({ installmentPlanMonths: 3, isInterestFree: true })

        const more = await createCart(getContainer(), store, { amount: 60000 })
        const tooMany = await initiateTossSession(api, store, more, { method: "CARD", maxCardInstallmentPlan: 12 }).catch((error: any) => error.response)
        expect([tooMany.status, tooMany.data.message]).toEqual([400, "This store offers at most 6 installment months."])
      })
    })

    describe("virtual-account options", () => {
      it.each([
        ["validHours and dueDate together", { validHours: 24, dueDate: "2030-01-01T00:00:00" }, /not both/],
        ["validHours beyond Toss's 90 days", { validHours: 2161 }, /1 to 2160/],
        ["a dueDate in the past", { dueDate: "2020-01-01T00:00:00" }, /next 90 days/],
        ["validHours for a card", { validHours: 24, method: "CARD" }, /only for a virtual account/],
      ])("refuses %s before Toss sees them", async (_name, data, message) => {
        const cartId = await createCart(getContainer(), store, { amount: 30000 })
        const refused = await initiateTossSession(api, store, cartId, { method: "VIRTUAL_ACCOUNT", ...data }).catch((error: any) => error.response)
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(message)
      })

      it("refunds a deposit into the account the payment widget collected, without the operator typing it", async () => {
        const cartId = await createCart(getContainer(), store, { amount: 25000 })
        const session = await initiateTossSession(api, store, cartId, { integration: "widget" })
        const account = { bankCode: "06", accountNumber: "12345678901234", holderName: "홍길동" }
        const issued = sandbox().authenticate({
          orderId: session.data.orderId,
          amount: 25000,
          method: "VIRTUAL_ACCOUNT",
          clientKey: session.data.clientKey,
          refundReceiveAccount: account,
        } as any)
        const completed = await completeWithToss(api, store, { cart_id: cartId, ...issued })
        expect(completed.data.type).toBe("order")
        sandbox().deposit(issued.paymentKey)
        const [payment] = (await waitFor(async () => {
          const { payments } = await orderById(completed.data.order.id)
          return payments.length === 1 && payments[0].captures.length === 1 && payments
        })) as any[]

        const refunded = await refund(payment.id, { amount: 25000 })

        expect(refunded.status).toBe(200)
        expect(cancelsSent(issued.paymentKey)[0].refundReceiveAccount).toEqual({ bank: "06", accountNumber: "12345678901234", holderName: "홍길동" })
      })
    })

    describe("each method's refund rules, as Toss states them", () => {
      it("shows Toss's refusal of a transfer refunded after 180 days, and records nothing", async () => {
        const { completed, paymentKey } = await paid(12000, "TRANSFER")
        const [payment] = (await orderById(completed.data.order.id)).payments
        sandbox().clock.advance(181 * 24 * 3600_000)

        const late = await refund(payment.id, { amount: 12000 })

        expect(late.status).toBe(400)
        expect(late.data.message).toMatch(/EXCEED_MAX_REFUND_DUE/)
        expect((await orderById(completed.data.order.id)).payments[0].refunds).toHaveLength(0)
        expect(sandbox().getPayment(paymentKey)).toMatchObject({ status: "DONE" })
      })

      it("refuses a mobile-phone refund in another month than the payment's, before asking Toss to cancel", async () => {
        // The payment is made in a later month (the sandbox's clock is ahead): not this month.
        sandbox().clock.advance(40 * 24 * 3600_000)
        const { completed, paymentKey } = await paid(12000, "MOBILE_PHONE")
        const [payment] = (await orderById(completed.data.order.id)).payments

        const refused = await refund(payment.id, { amount: 12000 })

        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/only be refunded in the month it was paid/)
        expect(sandbox().requestsTo("POST", `/v1/payments/${paymentKey}/cancel`)).toHaveLength(0)
      })
    })
  },
})
