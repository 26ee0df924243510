import type { TossSessionData } from "../../providers/toss/session-data"
import type { TossCancel, TossPayment } from "../../toss/types"
import { GIVE_BACK_REASON } from "../../providers/toss/const"
import type { Payment as PortOnePayment } from "../../portone/types"
import { CANCELED_ORDER_REASON, MedusaPaymentState, planSync, portOneView, tossView } from "../sync-plan"

const now = new Date("2026-12-01T12:00:00Z")
const data = (overrides: Partial<TossSessionData> = {}) =>
  ({ orderId: "payses_1", amount: 10000, integration: "payment", paymentKey: "tgen_1", refundTransactionKeys: [], ...overrides }) as TossSessionData
const toss = (overrides: Partial<TossPayment> = {}) =>
  ({ paymentKey: "tgen_1", orderId: "payses_1", status: "DONE", totalAmount: 10000, balanceAmount: 10000, cancels: null, secret: null, virtualAccount: null, ...overrides }) as TossPayment
const cancel = (transactionKey: string, cancelAmount: number): TossCancel => ({ transactionKey, cancelAmount, cancelReason: "x" }) as TossCancel
const state = (overrides: Partial<MedusaPaymentState> = {}): MedusaPaymentState => ({
  paymentSessionId: "payses_1",
  tracked: { id: "tosspay_1", created_at: now, integration: "payment" },
  session: { id: "payses_1", status: "pending", amount: 10000, currency_code: "krw", data: data() },
  order: null,
  payment: null,
  recordedCancelKeys: [],
  ...overrides,
})

describe("planSync with Toss's answers", () => {
  it("tries again later when Toss cannot be asked, and settles a payment Toss does not know", () => {
    expect(planSync(state(), tossView(undefined), { now })).toMatchObject({ outcome: "unreachable", nextCheckAt: new Date(now.getTime() + 5 * 60_000) })
    expect(planSync(state(), tossView(null), { now })).toMatchObject({ outcome: "unknown-payment", nextCheckAt: null })
  })

  it("changes nothing for a deposit callback whose secret is not Toss's, or a payment of another order", () => {
    expect(planSync(state(), tossView(toss({ secret: "ps_real" })), { now, secret: "ps_fake" }).outcome).toBe("forged")
    expect(planSync(state(), tossView(toss({ orderId: "payses_2" })), { now }).outcome).toBe("forged")
    expect(planSync(state(), tossView(toss({ secret: "ps_real" })), { now, secret: "ps_real" }).outcome).toBe("captured")
  })

  it("captures money Toss took, also for a cancelled order (the operator then refunds it)", () => {
    expect(planSync(state(), tossView(toss()), { now })).toMatchObject({ outcome: "captured", capture: true })
    expect(planSync(state({ order: { id: "order_1", status: "canceled" } }), tossView(toss()), { now })).toMatchObject({
      outcome: "captured-after-cancel",
      capture: true,
    })
  })

  it("gives back what Toss holds for a replaced session, and closes the open account of a cancelled order", () => {
    expect(planSync(state({ session: null }), tossView(toss()), { now })).toMatchObject({ outcome: "given-back", giveBack: GIVE_BACK_REASON })
    const waiting = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: false } as TossPayment["virtualAccount"] })
    expect(planSync(state({ session: null }), tossView(waiting), { now }).outcome).toBe("given-back")
    expect(planSync(state({ order: { id: "order_1", status: "canceled" } }), tossView(waiting), { now })).toMatchObject({
      outcome: "account-closed",
      giveBack: CANCELED_ORDER_REASON,
      cancelSession: true,
    })
  })

  it("cancels the session and the order of a payment Toss will never take", () => {
    const expired = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } as TossPayment["virtualAccount"] })
    expect(planSync(state({ order: { id: "order_1", status: "pending" } }), tossView(expired), { now })).toMatchObject({
      outcome: "canceled",
      cancelSession: true,
      cancelOrderId: "order_1",
      nextCheckAt: null,
    })
    expect(planSync(state({ session: { ...state().session!, status: "canceled" } }), tossView(toss({ status: "EXPIRED" })), { now }).outcome).toBe("up-to-date")
  })

  it("cancels only the session of an order's balance Toss will never take: the order stands, its balance stays due", () => {
    const expired = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } as TossPayment["virtualAccount"] })
    expect(planSync(state({ order: { id: "order_1", status: "pending" }, balance: true }), tossView(expired), { now })).toMatchObject({
      outcome: "canceled",
      cancelSession: true,
      cancelOrderId: null,
    })
  })

  it("watches a waiting virtual account until just after its due date, at most a day between looks", () => {
    const due = new Date(now.getTime() + 3 * 3600_000)
    const waiting = (dueDate: Date) => toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: false, dueDate: dueDate.toISOString() } as TossPayment["virtualAccount"] })
    expect(planSync(state(), tossView(waiting(due)), { now }).nextCheckAt).toEqual(new Date(due.getTime() + 60_000))
    expect(planSync(state(), tossView(waiting(new Date(now.getTime() + 7 * 24 * 3600_000))), { now }).nextCheckAt).toEqual(new Date(now.getTime() + 24 * 3600_000))
  })

  it("stops watching a confirm after an hour: Toss expires unconfirmed payments after ten minutes", () => {
    const old = state({ tracked: { id: "t", created_at: new Date(now.getTime() - 2 * 3600_000), integration: "payment" } })
    expect(planSync(state(), tossView(toss({ status: "IN_PROGRESS" })), { now }).nextCheckAt).toEqual(new Date(now.getTime() + 5 * 60_000))
    expect(planSync(old, tossView(toss({ status: "IN_PROGRESS" })), { now }).nextCheckAt).toBeNull()
  })

  describe("a captured payment", () => {
    const captured = (refunded: number, refundTransactionKeys: string[] = [], recordedCancelKeys: string[] = []) =>
      state({ payment: { id: "pay_1", data: data({ refundTransactionKeys }), refunded }, recordedCancelKeys })

    it("records each Toss cancel Medusa has no refund for, once", () => {
      const cancels = [cancel("K1", 3000), cancel("K2", 2000)]
      expect(planSync(captured(0), tossView(toss({ cancels })), { now })).toMatchObject({
        outcome: "refunds-recorded",
        recordCancels: [expect.objectContaining({ key: "K1" }), expect.objectContaining({ key: "K2" })],
      })
      expect(planSync(captured(3000, ["K1"]), tossView(toss({ cancels })), { now }).recordCancels.map((c) => c.key)).toEqual(["K2"])
      expect(planSync(captured(3000, [], ["K1"]), tossView(toss({ cancels })), { now }).recordCancels.map((c) => c.key)).toEqual(["K2"])
    })

    it("adopts a cancel that already is a Medusa refund whose key was not saved, instead of recording it twice", () => {
      const plan = planSync(captured(3000), tossView(toss({ cancels: [cancel("K1", 3000)] })), { now })
      expect(plan).toMatchObject({ outcome: "up-to-date", recordCancels: [], adoptCancels: ["K1"] })
    })

    it("reports a reversed deposit", () => {
      expect(planSync(captured(0), tossView(toss({ status: "WAITING_FOR_DEPOSIT" })), { now }).outcome).toBe("deposit-reversed")
    })
  })
})

describe("planSync with PortOne's answers (portOneView)", () => {
  const portOne = (overrides: Record<string, unknown> = {}) =>
    ({
      status: "PAID",
      id: "payses_1",
      amount: { total: 10000, taxFree: 0, vat: 909, paid: 10000, cancelled: 0, cancelledTaxFree: 0 },
      currency: "KRW",
      method: { type: "PaymentMethodCard" },
      ...overrides,
    }) as unknown as PortOnePayment
  const issued = (expiredAt: string) => portOne({ status: "VIRTUAL_ACCOUNT_ISSUED", method: { type: "PaymentMethodVirtualAccount", accountNumber: "1234", expiredAt } })
  const succeeded = (id: string, totalAmount: number) => ({ status: "SUCCEEDED", id, totalAmount, taxFreeAmount: 0, vatAmount: 0, reason: "콘솔 취소", requestedAt: now.toISOString() })

  it("captures a PAID payment, and gives back one whose session was replaced", () => {
    expect(planSync(state(), portOneView(portOne()), { now })).toMatchObject({ outcome: "captured", capture: true })
    expect(planSync(state({ session: null }), portOneView(portOne()), { now })).toMatchObject({ outcome: "given-back", giveBack: GIVE_BACK_REASON })
  })

  it("refuses an answer about another payment", () => {
    expect(planSync(state(), portOneView(portOne({ id: "payses_2" })), { now }).outcome).toBe("forged")
  })

  it("watches an issued virtual account until just after it expires, and closes it when the order is cancelled", () => {
    const expiredAt = new Date(now.getTime() + 3 * 3600_000)
    expect(planSync(state(), portOneView(issued(expiredAt.toISOString())), { now })).toMatchObject({
      outcome: "up-to-date",
      nextCheckAt: new Date(expiredAt.getTime() + 60_000),
    })
    expect(planSync(state({ order: { id: "order_1", status: "canceled" } }), portOneView(issued(expiredAt.toISOString())), { now })).toMatchObject({
      outcome: "account-closed",
      giveBack: CANCELED_ORDER_REASON,
      cancelSession: true,
    })
  })

  it("cancels the session and order of a payment PortOne cancelled or failed before it was paid", () => {
    for (const status of ["CANCELLED", "FAILED"]) {
      expect(planSync(state({ order: { id: "order_1", status: "pending" } }), portOneView(portOne({ status })), { now })).toMatchObject({
        outcome: "canceled",
        cancelSession: true,
        cancelOrderId: "order_1",
      })
    }
  })

  it("records each succeeded PortOne cancellation, by its id, once; a requested one waits", () => {
    const paid = state({ payment: { id: "pay_1", data: data(), refunded: 0 } })
    const partial = portOne({
      status: "PARTIAL_CANCELLED",
      cancellations: [succeeded("C1", 3000), { status: "REQUESTED", id: "C2", totalAmount: 2000, reason: "x", requestedAt: now.toISOString() }],
    })
    expect(planSync(paid, portOneView(partial), { now })).toMatchObject({ outcome: "refunds-recorded", recordCancels: [{ key: "C1", amount: 3000, reason: "콘솔 취소" }] })
    expect(planSync({ ...paid, recordedCancelKeys: ["C1"] }, portOneView(partial), { now }).outcome).toBe("up-to-date")
    const all = portOne({ status: "CANCELLED", cancellations: [succeeded("C1", 10000)] })
    expect(planSync(paid, portOneView(all), { now }).recordCancels).toEqual([{ key: "C1", amount: 10000, reason: "콘솔 취소" }])
  })

  it("takes a status newer than its table as nothing to act on, and keeps watching", () => {
    expect(planSync(state(), portOneView(portOne({ status: "SOMETHING_NEW" })), { now })).toMatchObject({
      outcome: "up-to-date",
      capture: false,
      giveBack: null,
      nextCheckAt: new Date(now.getTime() + 5 * 60_000),
    })
  })
})
