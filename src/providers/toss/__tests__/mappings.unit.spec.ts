import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { meaningOf, TOSS_STATUS } from "../const"
import { parseWebhook } from "../webhook"
import type { TossPayment } from "../../../toss/types"

describe("TOSS_STATUS", () => {
  it.each([
    ["READY", PaymentSessionStatus.PENDING],
    ["IN_PROGRESS", PaymentSessionStatus.PENDING],
    ["WAITING_FOR_DEPOSIT", PaymentSessionStatus.PENDING_AUTHORIZATION],
    ["DONE", PaymentSessionStatus.CAPTURED],
    ["PARTIAL_CANCELED", PaymentSessionStatus.CAPTURED],
    ["CANCELED", PaymentSessionStatus.CANCELED],
    ["EXPIRED", PaymentSessionStatus.CANCELED],
    ["ABORTED", PaymentSessionStatus.ERROR],
  ] as const)("maps Toss %s to Medusa %s", (toss, medusa) => {
    expect(TOSS_STATUS[toss].session).toBe(medusa)
  })

  it("says money is held only where Toss holds it or a virtual account can still receive it", () => {
    const holding = Object.entries(TOSS_STATUS).filter(([, meaning]) => meaning.holdsMoney).map(([status]) => status)
    expect(holding.sort()).toEqual(["DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"])
  })

  it("treats a virtual account past its due date as final, though Toss still says WAITING_FOR_DEPOSIT", () => {
    const expired = meaningOf({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } } as TossPayment)
    expect(expired).toMatchObject({ session: PaymentSessionStatus.CANCELED, holdsMoney: false, final: true })
    expect(meaningOf({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: false } } as TossPayment).holdsMoney).toBe(true)
  })

  it("calls only WAITING_FOR_DEPOSIT an unpaid virtual account, expired or not", () => {
    const unpaid = Object.entries(TOSS_STATUS).filter(([, meaning]) => meaning.unpaidAccount).map(([status]) => status)
    expect(unpaid).toEqual(["WAITING_FOR_DEPOSIT"])
    expect(meaningOf({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } } as TossPayment)).toMatchObject({ unpaidAccount: true, final: true })
  })
})

describe("parseWebhook", () => {
  it("reads PAYMENT_STATUS_CHANGED and the flat DEPOSIT_CALLBACK", () => {
    expect(parseWebhook({ data: { eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: "tgen_1", orderId: "order-1" } } } as any)).toEqual({
      eventType: "PAYMENT_STATUS_CHANGED",
      paymentKey: "tgen_1",
      orderId: "order-1",
      secret: null,
    })
    expect(parseWebhook({ data: { createdAt: "x", secret: "ps_1", status: "DONE", transactionKey: "T", orderId: "order-1" } } as any)).toMatchObject({
      eventType: "DEPOSIT_CALLBACK",
      orderId: "order-1",
      secret: "ps_1",
    })
  })

  it("reads BILLING_DELETED's billing key", () => {
    expect(parseWebhook({ data: { eventType: "BILLING_DELETED", createdAt: "x", data: { billingKey: "Z_t5vOvQ+4499/eiJ==", reason: "카드사 요청" } } } as any)).toEqual({
      eventType: "BILLING_DELETED",
      billingKey: "Z_t5vOvQ+4499/eiJ==",
    })
  })

  it.each([
    ["an empty body", {}],
    ["an unknown event", { eventType: "PAYOUT_STATUS_CHANGED", data: { paymentKey: "tgen_1" } }],
    ["a BILLING_DELETED without a billing key", { eventType: "BILLING_DELETED", data: { billingKey: { $ne: null } } }],
    ["a status event without ids", { eventType: "PAYMENT_STATUS_CHANGED", data: {} }],
    ["ids that are not Toss ids", { eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: "../../etc" } }],
    ["a deposit callback without secret", { orderId: "order-1", status: "DONE" }],
  ])("ignores %s", (_name, body) => {
    expect(parseWebhook({ data: body } as any)).toBeNull()
  })
})
