import { newOrderId, useSandbox } from "./helpers"

const DAY_MS = 24 * 3600_000
const products = [{ id: "p1", name: "제주 감귤 3kg", code: "TANGERINE-3", unitPrice: 15000, quantity: 1 }]
const refundAccount = { bank: "06", accountNumber: "123456789012", holderName: "김토스" }

/** Korean time `yyyy-MM-ddTHH:mm` → epoch ms. */
const kst = (local: string) => Date.parse(`${local}:00+09:00`)

describe("Toss sandbox: Korean payment rules", () => {
  const { state, confirmedPayment } = useSandbox()
  const cancel = (paymentKey: string, body: Record<string, unknown>) =>
    state.api("POST", `/v1/payments/${paymentKey}/cancel`, { body: { cancelReason: "환불", ...body } })

  describe("tax-free amounts (면세)", () => {
    it("splits VAT from the taxable part only, at payment and after each cancel", async () => {
      const payment = await confirmedPayment({ amount: 15000, taxFreeAmount: 4000 })
      expect(payment).toMatchObject({ taxFreeAmount: 4000, vat: 1000, suppliedAmount: 10000 })
      const partial = await cancel(payment.paymentKey, { cancelAmount: 5000, taxFreeAmount: 1000 })
      expect(partial.body).toMatchObject({ taxFreeAmount: 3000, vat: 636, suppliedAmount: 6364, balanceAmount: 10000 })
      expect(partial.body.cancels[0].taxFreeAmount).toBe(1000)
      const rest = await cancel(payment.paymentKey, { taxFreeAmount: 3000 })
      expect(rest.body.cancels[1]).toMatchObject({ cancelAmount: 10000, taxFreeAmount: 3000 })
      expect(rest.body).toMatchObject({ taxFreeAmount: 0, vat: 0, suppliedAmount: 0 })
    })

    it("refuses a cancel's taxFreeAmount above the cancel or the tax-free left, or leaving more tax-free than balance", async () => {
      const payment = await confirmedPayment({ amount: 10000, taxFreeAmount: 8000 })
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000, taxFreeAmount: 2000 })).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { cancelAmount: 9000, taxFreeAmount: 8001 })).body.code).toBe("INVALID_REQUEST")
      // 5000 of tax-free would be left over a balance of 3000: the cancel must say how much of it is tax-free.
      expect((await cancel(payment.paymentKey, { cancelAmount: 7000 })).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { cancelAmount: 7000, taxFreeAmount: 5000 })).status).toBe(200)
    })

    it("refuses a full cancel that leaves out the tax-free amount left (Toss's default for it is 0)", async () => {
      const payment = await confirmedPayment({ amount: 10000, taxFreeAmount: 4000 })
      expect((await cancel(payment.paymentKey, {})).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { cancelAmount: 10000, taxFreeAmount: 3000 })).body.code).toBe("INVALID_REQUEST")
      expect((await cancel(payment.paymentKey, { taxFreeAmount: 4000 })).body).toMatchObject({ status: "CANCELED", taxFreeAmount: 0 })
    })

    it("refuses a partial cancel of a card payment with a tax-exempt part (a cup deposit)", async () => {
      const payment = await confirmedPayment({ amount: 15000, taxExemptionAmount: 500 })
      expect(payment).toMatchObject({ taxExemptionAmount: 500, vat: 1318, suppliedAmount: 13182 })
      expect(await cancel(payment.paymentKey, { cancelAmount: 1000 })).toMatchObject({ status: 403, body: { code: "NOT_ALLOWED_PARTIAL_REFUND" } })
      expect((await cancel(payment.paymentKey, {})).body.status).toBe("CANCELED")
    })
  })

  describe("cash receipts (현금영수증)", () => {
    it("issues one for a transfer at payment, for the type asked, with a receipt page", async () => {
      const payment = await confirmedPayment({ method: "TRANSFER", cashReceiptType: "소득공제", customerMobilePhone: "01055556666" })
      expect(payment.cashReceipt).toEqual({
        type: "소득공제",
        receiptKey: expect.any(String),
        issueNumber: expect.stringMatching(/^\d{9}$/),
        receiptUrl: expect.stringMatching(/\/cash-receipt\//),
        amount: 15000,
        taxFreeAmount: 0,
      })
      expect(payment.cashReceipts).toEqual([
        expect.objectContaining({ transactionType: "CONFIRM", amount: 15000, customerIdentityNumber: "010********", issueStatus: "COMPLETED" }),
      ])
      const page = await fetch(payment.cashReceipt!.receiptUrl)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("소득공제")
    })

    it("issues one for a virtual account when the money arrives, none for 미발행 or a card", async () => {
      const account = await confirmedPayment({ method: "VIRTUAL_ACCOUNT", cashReceiptType: "지출증빙", customerIdentityNumber: "1234567890" })
      expect(account.cashReceipt).toBeNull()
      expect(state.toss.deposit(account.paymentKey).cashReceipt).toMatchObject({ type: "지출증빙", amount: 15000 })
      expect((await confirmedPayment({ method: "TRANSFER", cashReceiptType: "미발행" })).cashReceipt).toBeNull()
      expect((await confirmedPayment()).cashReceipt).toBeNull()
    })

    it("refuses an identity number that does not fit the type, and a type on a card payment", () => {
      const authenticate = (input: object) => () => state.toss.authenticate({ orderId: newOrderId(), amount: 15000, ...input })
      expect(authenticate({ method: "TRANSFER", cashReceiptType: "지출증빙", customerIdentityNumber: "01012345678" })).toThrow(
        expect.objectContaining({ code: "INVALID_CASH_RECEIPT_INFO" })
      )
      expect(authenticate({ cashReceiptType: "소득공제" })).toThrow(expect.objectContaining({ code: "INVALID_CASH_RECEIPT_INFO" }))
    })

    it("cancels the refunded part of the receipt with each refund", async () => {
      const payment = await confirmedPayment({ method: "TRANSFER", cashReceiptType: "소득공제" })
      const { body } = await cancel(payment.paymentKey, { cancelAmount: 5000 })
      expect(body.cashReceipt).toMatchObject({ amount: 10000 })
      expect(body.cashReceipts.map((r: any) => [r.transactionType, r.amount])).toEqual([
        ["CONFIRM", 15000],
        ["CANCEL", 5000],
      ])
    })
  })

  describe("escrow (에스크로)", () => {
    it("marks the payment and its ledger rows, and refuses partial refunds with NOT_ALLOWED_PARTIAL_REFUND", async () => {
      const payment = await confirmedPayment({ method: "TRANSFER", useEscrow: true, escrowProducts: products })
      expect(payment.useEscrow).toBe(true)
      expect(await cancel(payment.paymentKey, { cancelAmount: 5000 })).toMatchObject({ status: 403, body: { code: "NOT_ALLOWED_PARTIAL_REFUND" } })
      expect((await cancel(payment.paymentKey, {})).body.status).toBe("CANCELED")
      const { body: rows } = await state.api("GET", "/v1/transactions?startDate=2000-01-01T00:00:00&endDate=2099-12-31T23:59:59")
      expect(rows.map((row: any) => [row.status, row.useEscrow])).toEqual([
        ["DONE", true],
        ["CANCELED", true],
      ])
    })

    it("needs the products for escrow and allows it for card, transfer and virtual account only", () => {
      const authenticate = (input: object) => () => state.toss.authenticate({ orderId: newOrderId(), amount: 15000, ...input })
      expect(authenticate({ method: "TRANSFER", useEscrow: true })).toThrow(expect.objectContaining({ code: "INVALID_REQUEST" }))
      expect(authenticate({ method: "MOBILE_PHONE", useEscrow: true, escrowProducts: products })).toThrow(
        expect.objectContaining({ code: "INVALID_REQUEST" })
      )
    })
  })

  describe("installments (할부)", () => {
    it("records the shopper's plan, from 50,000 KRW only", async () => {
      const paid = await confirmedPayment({ amount: 60000, installmentPlanMonths: 6 })
      expect(paid.card).toMatchObject({ installmentPlanMonths: 6, isInterestFree: false, interestPayer: "BUYER" })
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 49999, installmentPlanMonths: 2 })).toThrow(
        expect.objectContaining({ code: "INVALID_CARD_INSTALLMENT_AMOUNT" })
      )
      // A fixed plan on a smaller amount is a lump sum, as Toss applies installments from 50,000 KRW only.
      expect((await confirmedPayment({ amount: 30000, cardInstallmentPlan: 3 })).card!.installmentPlanMonths).toBe(0)
      expect((await confirmedPayment({ amount: 30000 })).card).toMatchObject({ installmentPlanMonths: 0, interestPayer: null })
    })
  })

  describe("refund deadlines by method", () => {
    it("refunds a mobile phone payment only in the Korean month it was made", async () => {
      state.toss.clock.setTo(kst(`${nextYear()}-03-31T23:50`))
      const payment = await confirmedPayment({ method: "MOBILE_PHONE" })
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000 })).body.status).toBe("PARTIAL_CANCELED")
      state.toss.clock.setTo(kst(`${nextYear()}-04-01T00:00`))
      expect(await cancel(payment.paymentKey, {})).toMatchObject({ status: 403, body: { code: "EXCEED_MAX_REFUND_DUE" } })
    })

    it("refunds a transfer within 180 days", async () => {
      const late = await confirmedPayment({ method: "TRANSFER" })
      const onTime = await confirmedPayment({ method: "TRANSFER" })
      state.toss.clock.advance(180 * DAY_MS - 60_000)
      expect((await cancel(onTime.paymentKey, {})).status).toBe(200)
      state.toss.clock.advance(2 * 60_000)
      expect(await cancel(late.paymentKey, {})).toMatchObject({ status: 403, body: { code: "EXCEED_MAX_REFUND_DUE" } })
      const card = await confirmedPayment()
      state.toss.clock.advance(365 * DAY_MS)
      expect((await cancel(card.paymentKey, {})).status).toBe(200) // not modeled for cards
    })
  })

  describe("virtual account refunds", () => {
    async function deposited() {
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      state.toss.deposit(payment.paymentKey)
      return payment
    }

    it("answers a bank the test made refuse refunds with Toss's 403 codes", async () => {
      state.toss.refuseRefundsTo("06", "NOT_AVAILABLE_BANK")
      state.toss.refuseRefundsTo("88", "NOT_ALLOWED_REFUND_BANK")
      const payment = await deposited()
      expect(await cancel(payment.paymentKey, { refundReceiveAccount: refundAccount })).toMatchObject({
        status: 403,
        body: { code: "NOT_AVAILABLE_BANK" },
      })
      expect(await cancel(payment.paymentKey, { refundReceiveAccount: { ...refundAccount, bank: "88" } })).toMatchObject({
        status: 403,
        body: { code: "NOT_ALLOWED_REFUND_BANK" },
      })
      state.toss.refuseRefundsTo("06", null)
      expect((await cancel(payment.paymentKey, { refundReceiveAccount: refundAccount })).body.status).toBe("CANCELED")
    })
  })

  describe("cancel requests", () => {
    it("refuses a refundableAmount other than the balance with NOT_MATCHES_REFUNDABLE_AMOUNT, a cancelAmount of 0 with BELOW_ZERO_AMOUNT", async () => {
      const payment = await confirmedPayment()
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000, refundableAmount: 14000 })).body.code).toBe("NOT_MATCHES_REFUNDABLE_AMOUNT")
      expect((await cancel(payment.paymentKey, { cancelAmount: 0 })).body.code).toBe("BELOW_ZERO_AMOUNT")
      expect((await cancel(payment.paymentKey, { cancelAmount: 1000, refundableAmount: 15000 })).status).toBe(200)
    })
  })
})

/** A year the sandbox clock has not reached: it only moves forward. */
function nextYear(): number {
  return new Date().getUTCFullYear() + 1
}
