import { planOrderRefund } from "../refund-selection"

const checkout = { id: "pay_checkout", refundable: 10000, created_at: "2026-12-01T10:00:00Z" }
const balance = { id: "pay_balance", refundable: 4000, created_at: "2026-12-03T10:00:00Z" }

describe("planOrderRefund", () => {
  it("refunds from the newest payment that can take the whole amount", () => {
    expect(planOrderRefund([checkout, balance], 3000)).toEqual([{ payment_id: "pay_balance", amount: 3000 }])
    expect(planOrderRefund([checkout, balance], 4000)).toEqual([{ payment_id: "pay_balance", amount: 4000 }])
    expect(planOrderRefund([checkout, balance], 6000)).toEqual([{ payment_id: "pay_checkout", amount: 6000 }])
  })

  it("splits a refund no one payment can take, newest first, never more than a payment has left", () => {
    expect(planOrderRefund([checkout, balance], 12000)).toEqual([
      { payment_id: "pay_balance", amount: 4000 },
      { payment_id: "pay_checkout", amount: 8000 },
    ])
  })

  it("refuses more than the order's Toss payments have left, or an amount that is not whole won", () => {
    expect(() => planOrderRefund([checkout, { ...balance, refundable: 0 }], 10001)).toThrow(
      "Cannot refund 10,001 KRW: this order's Toss payments have 10,000 KRW left to refund."
    )
    expect(() => planOrderRefund([checkout], 0)).toThrow(/positive whole number/)
    expect(() => planOrderRefund([checkout], 1.5)).toThrow(/positive whole number/)
  })
})
