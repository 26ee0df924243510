import type { TossSessionData } from "../../providers/toss/session-data"
import type { TossPayment } from "../../toss/types"
import { operatorItemsFor } from "../operator-items"
import { MedusaPaymentState, planSync, tossView } from "../sync-plan"

const now = new Date("2026-12-01T12:00:00Z")
const HOUR = 3600_000
const data = { orderId: "payses_1", amount: 10000, integration: "payment", paymentKey: "tgen_1", refundTransactionKeys: [] } as unknown as TossSessionData
const toss = (overrides: Partial<TossPayment> = {}) =>
  ({ paymentKey: "tgen_1", orderId: "payses_1", method: "카드", status: "DONE", totalAmount: 10000, balanceAmount: 10000, cancels: null, secret: null, virtualAccount: null, ...overrides }) as TossPayment
const state = (overrides: Partial<MedusaPaymentState> = {}): MedusaPaymentState => ({
  paymentSessionId: "payses_1",
  tracked: { id: "tosspay_1", created_at: now, integration: "payment" },
  session: { id: "payses_1", status: "pending", amount: 10000, currency_code: "krw", data },
  order: { id: "order_1", status: "pending" },
  payment: null,
  recordedCancelKeys: [],
  ...overrides,
})
const captured = { id: "pay_1", data, refunded: 0 }
const itemsFor = (s: MedusaPaymentState, t: TossPayment | null | undefined, at = now) => operatorItemsFor(s, tossView(t), planSync(s, tossView(t), { now: at }), at)
const kinds = (changes: ReturnType<typeof operatorItemsFor>) => changes.open.map((item) => item.kind)
const waiting = (dueInMs: number, issuedAgoMs = 3 * 24 * HOUR) =>
  toss({
    status: "WAITING_FOR_DEPOSIT",
    requestedAt: new Date(now.getTime() - issuedAgoMs).toISOString(),
    virtualAccount: { expired: false, dueDate: new Date(now.getTime() + dueInMs).toISOString() } as TossPayment["virtualAccount"],
  })

describe("operatorItemsFor", () => {
  it("opens nothing and resolves nothing when Toss could not be asked or the event was forged", () => {
    expect(itemsFor(state(), undefined)).toEqual({ open: [], resolve: [] })
    expect(itemsFor(state(), toss({ orderId: "payses_2" }))).toEqual({ open: [], resolve: [] })
  })

  it("opens a refund item for money that arrived for a cancelled order, with the order and what is left", () => {
    const changes = itemsFor(state({ order: { id: "order_1", status: "canceled" } }), toss({ balanceAmount: 10000 }))
    expect(changes.open).toEqual([
      expect.objectContaining({ kind: "deposit-after-cancel", payment_session_id: "payses_1", payment_key: "tgen_1", order_id: "order_1", amount: 10000 }),
    ])
    expect(changes.resolve).not.toContain("deposit-after-cancel")
  })

  it("resolves the refund items once Toss holds nothing of the payment, and keeps them while money is left", () => {
    const canceledOrder = state({ order: { id: "order_1", status: "canceled" }, payment: captured })
    expect(itemsFor(canceledOrder, toss({ status: "CANCELED", balanceAmount: 0 })).resolve).toEqual(
      expect.arrayContaining(["deposit-after-cancel", "refund-refused", "give-back-refused"])
    )
    expect(itemsFor(canceledOrder, toss({ status: "PARTIAL_CANCELED", balanceAmount: 4000 })).resolve).not.toContain("deposit-after-cancel")
  })

  it("resolves a refused give-back in the sync that gives the money back (Toss's answer is from before the cancel)", () => {
    // The session was replaced: the sync gives back what Toss holds, and gets past its cancel only when Toss took it.
    const withoutSession = state({ session: null, order: null })
    const changes = itemsFor(withoutSession, toss({ balanceAmount: 10000 }))
    expect(changes.resolve).toContain("give-back-refused")
    expect(changes.open).toEqual([])
    // A payment that keeps its order and its money keeps the item.
    expect(itemsFor(state({ payment: captured }), toss({ balanceAmount: 10000 })).resolve).not.toContain("give-back-refused")
  })

  it("opens an item for a deposit the bank reversed, and resolves it when Toss shows the money again", () => {
    const paid = state({ payment: captured })
    expect(kinds(itemsFor(paid, toss({ status: "WAITING_FOR_DEPOSIT" })))).toEqual(["deposit-reversed"])
    expect(itemsFor(paid, toss({ status: "DONE" })).resolve).toContain("deposit-reversed")
  })

  it("opens an item for a confirm Toss never finished once the sync stops watching it, and resolves it when Toss settles it", () => {
    const old = state({ tracked: { id: "tosspay_1", created_at: new Date(now.getTime() - 2 * HOUR), integration: "payment" } })
    expect(kinds(itemsFor(old, toss({ status: "IN_PROGRESS" })))).toEqual(["outcome-unknown"])
    // Still watched within the hour: not yet the operator's.
    expect(kinds(itemsFor(state(), toss({ status: "IN_PROGRESS" })))).toEqual([])
    expect(itemsFor(old, toss({ status: "ABORTED" })).resolve).toContain("outcome-unknown")
  })

  it("opens an item for a virtual account due within a day and unpaid, and resolves it when paid or expired", () => {
    expect(kinds(itemsFor(state(), waiting(20 * HOUR)))).toEqual(["account-expiring"])
    expect(kinds(itemsFor(state(), waiting(30 * HOUR)))).toEqual([])
    // An account issued for a day is not news as its day ends.
    expect(kinds(itemsFor(state(), waiting(20 * HOUR, 4 * HOUR)))).toEqual([])
    expect(kinds(itemsFor(state({ order: { id: "order_1", status: "canceled" } }), waiting(20 * HOUR)))).not.toContain("account-expiring")
    expect(itemsFor(state(), toss({ status: "DONE" })).resolve).toContain("account-expiring")
    const expired = toss({ status: "WAITING_FOR_DEPOSIT", virtualAccount: { expired: true, dueDate: now.toISOString() } as TossPayment["virtualAccount"] })
    expect(itemsFor(state(), expired).resolve).toContain("account-expiring")
  })
})
