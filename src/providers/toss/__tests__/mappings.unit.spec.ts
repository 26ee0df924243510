import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { toSessionStatus } from "../const"
import { parseWebhook, webhookAction } from "../webhook"
import type { TossPayment } from "../../../toss/types"

describe("toSessionStatus", () => {
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
    expect(toSessionStatus(toss)).toBe(medusa)
  })
})

const payment = (overrides: Partial<TossPayment>) =>
  ({ paymentKey: "tgen_1", orderId: "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", status: "DONE", totalAmount: 15000, secret: "ps_secret", ...overrides }) as TossPayment

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

  it.each([
    ["an empty body", {}],
    ["an unknown event", { eventType: "BILLING_DELETED", data: { billingKey: "b" } }],
    ["a status event without ids", { eventType: "PAYMENT_STATUS_CHANGED", data: {} }],
    ["ids that are not Toss ids", { eventType: "PAYMENT_STATUS_CHANGED", data: { paymentKey: "../../etc" } }],
    ["a deposit callback without secret", { orderId: "order-1", status: "DONE" }],
  ])("ignores %s", (_name, body) => {
    expect(parseWebhook({ data: body } as any)).toBeNull()
  })
})

describe("webhookAction", () => {
  const notice = { eventType: "PAYMENT_STATUS_CHANGED" as const, paymentKey: "tgen_1", orderId: null, secret: null }

  it("acts on the status Toss reports, not the one the body claims", () => {
    expect(webhookAction(notice, payment({ status: "DONE" }))).toEqual({
      action: PaymentActions.SUCCESSFUL,
      data: { session_id: "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", amount: 15000 },
    })
    expect(webhookAction(notice, payment({ status: "IN_PROGRESS" })).action).toBe(PaymentActions.PENDING)
    expect(webhookAction(notice, payment({ status: "CANCELED" })).action).toBe(PaymentActions.CANCELED)
  })

  it("treats a deposit callback whose secret differs from Toss's as forged", () => {
    const deposit = { eventType: "DEPOSIT_CALLBACK" as const, paymentKey: null, orderId: "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", secret: "ps_wrong" }
    expect(webhookAction(deposit, payment({})).action).toBe(PaymentActions.NOT_SUPPORTED)
    expect(webhookAction({ ...deposit, secret: "ps_secret" }, payment({})).action).toBe(PaymentActions.SUCCESSFUL)
  })

  it("ignores a notice whose orderId is not the payment's", () => {
    expect(webhookAction({ ...notice, orderId: "someone-else" }, payment({})).action).toBe(PaymentActions.NOT_SUPPORTED)
  })
})
