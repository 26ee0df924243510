import type { TossPayment } from "../../../../toss/types"
import type { TossSessionData, TossPaymentView } from "../../../../providers/toss/session-data"
import { kstTime, maskAccountNumber, mobilePhoneWarning, needsRefundAccount, operatorView } from "../operator-view"
import { toCancelReason } from "../../../../workflows/steps/refund-through-toss"
import { AdminTossRefundAccountSchema } from "../payments/[id]/refund-account/validators"

const view = (overrides: Partial<TossPaymentView>): TossPaymentView =>
  ({ paymentKey: "tgen_1", orderId: "payses_1", status: "DONE", method: "카드", totalAmount: 10000, balanceAmount: 10000, approvedAt: "2025-06-30T23:59:00+09:00", cancels: [], card: null, virtualAccount: null, mobilePhone: null, ...overrides }) as TossPaymentView

describe("operatorView", () => {
  const data = { paymentKey: "tgen_1", payment: view({ balanceAmount: 7000 }) } as unknown as TossSessionData
  const medusa = { amount: 10000, captured: 10000, refunded: 3000 }

  it("shows Toss's live answer without its secret", () => {
    const live = { ...view({}), isPartialCancelable: false, secret: "ps_abc", mId: "tvivarepublica", receipt: null, failure: null } as unknown as TossPayment

    const answer = operatorView({ data, refundAccount: null, live, medusa, now: new Date() })

    expect(answer).toMatchObject({ live: true, refundable: { balanceAmount: 10000, partialCancelable: false } })
    expect(JSON.stringify(answer)).not.toContain("ps_abc")
    expect(answer).not.toHaveProperty("error")
  })

  it("falls back to the saved view, with partial cancelability unknown", () => {
    const answer = operatorView({ data, refundAccount: null, live: null, error: "Toss could not be reached", medusa, now: new Date() })

    expect(answer).toMatchObject({ live: false, error: "Toss could not be reached", payment: { balanceAmount: 7000 } })
    expect(answer.refundable.partialCancelable).toBeNull()
  })
})

describe("needsRefundAccount", () => {
  const account = { bankCode: "20" } as TossPaymentView["virtualAccount"]
  it.each([
    ["DONE", true],
    ["PARTIAL_CANCELED", true],
    ["WAITING_FOR_DEPOSIT", false],
    ["CANCELED", false],
  ] as const)("for a virtual account in status %s is %s", (status, expected) => {
    expect(needsRefundAccount(view({ status, virtualAccount: account }))).toBe(expected)
  })

  it("is false for a card payment", () => {
    expect(needsRefundAccount(view({}))).toBe(false)
  })
})

describe("mobilePhoneWarning", () => {
  const phone = view({ method: "휴대폰", mobilePhone: { customerMobilePhone: "01012345678" } })

  it("says a refund is possible until the end of the month of payment, in Korean time", () => {
    // 2025-07-01 08:59 KST is still June 30th in UTC, but July in Korea.
    expect(mobilePhoneWarning(phone, new Date("2025-06-30T14:59:00Z"))).toMatch(/^휴대폰 결제는 결제한 달\(2025-06\)에만/)
    expect(mobilePhoneWarning(phone, new Date("2025-06-30T15:00:00Z"))).toMatch(/^휴대폰 결제는 결제한 달\(2025-06\)이 지나/)
  })

  it("says nothing for other methods or when nothing is left to refund", () => {
    expect(mobilePhoneWarning(view({}), new Date("2025-06-30T00:00:00Z"))).toBeUndefined()
    expect(mobilePhoneWarning({ ...phone, balanceAmount: 0 }, new Date("2025-06-30T00:00:00Z"))).toBeUndefined()
  })
})

describe("formatting", () => {
  it("masks all but the last four digits of an account number", () => {
    expect(maskAccountNumber("110123456789")).toBe("********6789")
    expect(maskAccountNumber("1234")).toBe("1234")
  })

  it("writes times in Korean time", () => {
    expect(kstTime(new Date("2025-06-30T15:04:00Z"))).toBe("2025-07-01 00:04 KST")
  })
})

describe("toCancelReason", () => {
  it("turns the operator's note into one trimmed line of at most 200 characters", () => {
    expect(toCancelReason("  고객 변심\n\t사이즈 교환  ")).toBe("고객 변심 사이즈 교환")
    expect(toCancelReason("가".repeat(201))).toBe("가".repeat(200))
  })

  it.each([undefined, null, "", "   ", 42])("is null for %p", (note) => {
    expect(toCancelReason(note)).toBeNull()
  })
})

describe("AdminTossRefundAccountSchema", () => {
  it("strips hyphens and spaces from the account number and trims the holder name", () => {
    expect(AdminTossRefundAccountSchema.parse({ bank: "06", accountNumber: "123456-01 234567", holderName: " 김토스 " })).toEqual({
      bank: "06",
      accountNumber: "12345601234567",
      holderName: "김토스",
    })
  })

  it.each([
    [{ bank: "4", accountNumber: "123456", holderName: "김" }, "Unknown bank"],
    [{ bank: "toString", accountNumber: "123456", holderName: "김" }, "Unknown bank"],
    // 004 is KB국민은행's clearing code; Toss's own code is 06.
    [{ bank: "04", accountNumber: "123456", holderName: "김" }, "Unknown bank"],
    [{ bank: "06", accountNumber: "12345", holderName: "김" }, "6 to 20 digits"],
    [{ bank: "06", accountNumber: "1".repeat(21), holderName: "김" }, "6 to 20 digits"],
    [{ bank: "06", accountNumber: "123456", holderName: "김".repeat(61) }, "holder's name"],
  ])("rejects %j", (body, message) => {
    const result = AdminTossRefundAccountSchema.safeParse(body)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0].message).toContain(message)
  })
})
