import type { TossSessionData } from "../../providers/toss/session-data"
import type { TossCancel, TossPayment } from "../../toss/types"
import { GIVE_BACK_REASON } from "../../providers/toss/const"
import { CANCELED_ORDER_REASON, planTossSync, TossPaymentState } from "../plan"

const now = new Date("2026-12-01T12:00:00Z")
const data = (overrides: Partial<TossSessionData> = {}) =>
  ({ orderId: "payses_1", amount: 10000, integration: "payment", paymentKey: "tgen_1", refundTransactionKeys: [], ...overrides }) as TossSessionData
const toss = (overrides: Partial<TossPayment> = {}) =>
  ({ paymentKey: "tgen_1", orderId: "payses_1", status: "DONE", totalAmount: 10000, balanceAmount: 10000, cancels: null, secret: null, virtualAccount: null, ...overrides }) as TossPayment
const cancel = (transactionKey: string, cancelAmount: number): TossCancel => ({ transactionKey, cancelAmount, cancelReason: "x" }) as TossCancel
const state = (overrides: Partial<TossPaymentState> = {}): TossPaymentState => ({
  orderId: "payses_1",
  tracked: { id: "tosspay_1", created_at: now, integration: "payment" },
  session: { id: "payses_1", status: "pending", amount: 10000, currency_code: "krw", data: data() },
  order: null,
  payment: null,
  recordedCancelKeys: [],
  ...overrides,
})

describe("planTossSync", () => {
  it("tries again later when Toss cannot be asked, and settles a payment Toss does not know", () => {
    expect(planTossSync(state(), undefined, { now })).toMatchObject({ outcome: "unreachable", nextCheckAt: new Date(now.getTime() + 5 * 60_000) })
    expect(planTossSync(state(), null, { now })).toMatchObject({ outcome: "unknown-payment", nextCheckAt: null })
  })

  it("changes nothing for a deposit callback whose secret is not Toss's, or a payment of another order", () => {
    expect(planTossSync(state(), toss({ secret: "ps_real" }), { now, secret: "ps_fake" }).outcome).toBe("forged")
    expect(planTossSync(state(), toss({ orderId: "payses_2" }), { now }).outcome).toBe("forged")
    expect(planTossSync(state(), toss({ secret: "ps_real" }), { now, secret: "ps_real" }).outcome).toBe("captured")
  })

  it("captures money Toss took, also for a cancelled order (the operator then refunds it)", () => {
    expect(planTossSync(state(), toss(), { now })).toMatchObject({ outcome: "captured", capture: true })
    expect(planTossSync(state({ order: { id: "order_1", status: "canceled" } }), toss(), { now })).toMatchObject({
      outcome: "captured-after-cancel",
      capture: true,
    })
  })

  it("gives back what Toss holds for a replaced session, and closes the open account of a cancelled order", () => {
    expect(planTossSync(state({ session: null }), toss(), { now })).toMatchObject({ outcome: "given-back", cancelAtToss: GIVE_BACK_REASON })
    const waiting = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: false } as TossPayment["virtualAccount"] })
    expect(planTossSync(state({ session: null }), waiting, { now }).outcome).toBe("given-back")
    expect(planTossSync(state({ order: { id: "order_1", status: "canceled" } }), waiting, { now })).toMatchObject({
      outcome: "account-closed",
      cancelAtToss: CANCELED_ORDER_REASON,
      cancelSession: true,
    })
  })

  it("cancels the session and the order of a payment Toss will never take", () => {
    const expired = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } as TossPayment["virtualAccount"] })
    expect(planTossSync(state({ order: { id: "order_1", status: "pending" } }), expired, { now })).toMatchObject({
      outcome: "canceled",
      cancelSession: true,
      cancelOrderId: "order_1",
      nextCheckAt: null,
    })
    expect(planTossSync(state({ session: { ...state().session!, status: "canceled" } }), toss({ status: "EXPIRED" }), { now }).outcome).toBe("up-to-date")
  })

  it("cancels only the session of an order's balance Toss will never take: the order stands, its balance stays due", () => {
    const expired = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true } as TossPayment["virtualAccount"] })
    expect(planTossSync(state({ order: { id: "order_1", status: "pending" }, balance: true }), expired, { now })).toMatchObject({
      outcome: "canceled",
      cancelSession: true,
      cancelOrderId: null,
    })
  })

  it("watches a waiting virtual account until just after its due date, at most a day between looks", () => {
    const due = new Date(now.getTime() + 3 * 3600_000)
    const waiting = (dueDate: Date) => toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: false, dueDate: dueDate.toISOString() } as TossPayment["virtualAccount"] })
    expect(planTossSync(state(), waiting(due), { now }).nextCheckAt).toEqual(new Date(due.getTime() + 60_000))
    expect(planTossSync(state(), waiting(new Date(now.getTime() + 7 * 24 * 3600_000)), { now }).nextCheckAt).toEqual(new Date(now.getTime() + 24 * 3600_000))
  })

  it("stops watching a confirm after an hour: Toss expires unconfirmed payments after ten minutes", () => {
    const old = state({ tracked: { id: "t", created_at: new Date(now.getTime() - 2 * 3600_000), integration: "payment" } })
    expect(planTossSync(state(), toss({ status: "IN_PROGRESS" }), { now }).nextCheckAt).toEqual(new Date(now.getTime() + 5 * 60_000))
    expect(planTossSync(old, toss({ status: "IN_PROGRESS" }), { now }).nextCheckAt).toBeNull()
  })

  describe("a captured payment", () => {
    const captured = (refunded: number, refundTransactionKeys: string[] = [], recordedCancelKeys: string[] = []) =>
      state({ payment: { id: "pay_1", data: data({ refundTransactionKeys }), refunded }, recordedCancelKeys })

    it("records each Toss cancel Medusa has no refund for, once", () => {
      const cancels = [cancel("K1", 3000), cancel("K2", 2000)]
      expect(planTossSync(captured(0), toss({ cancels }), { now })).toMatchObject({
        outcome: "refunds-recorded",
        recordCancels: [expect.objectContaining({ transactionKey: "K1" }), expect.objectContaining({ transactionKey: "K2" })],
      })
      expect(planTossSync(captured(3000, ["K1"]), toss({ cancels }), { now }).recordCancels.map((c) => c.transactionKey)).toEqual(["K2"])
      expect(planTossSync(captured(3000, [], ["K1"]), toss({ cancels }), { now }).recordCancels.map((c) => c.transactionKey)).toEqual(["K2"])
    })

    it("adopts a cancel that already is a Medusa refund whose key was not saved, instead of recording it twice", () => {
      const plan = planTossSync(captured(3000), toss({ cancels: [cancel("K1", 3000)] }), { now })
      expect(plan).toMatchObject({ outcome: "up-to-date", recordCancels: [], adoptCancels: ["K1"] })
    })

    it("reports a reversed deposit", () => {
      expect(planTossSync(captured(0), toss({ status: "WAITING_FOR_DEPOSIT" }), { now }).outcome).toBe("deposit-reversed")
    })
  })
})
