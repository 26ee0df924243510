import type { TossPayment } from "../../../toss/types"
import { cancelAndRecord, cancelShare, cancelTaxFree, giveBack, giveBackOrThrow, giveBackReplaced, refund, refundRefusal } from "../cancel"
import { GIVE_BACK_REASON } from "../const"
import type { TossSessionData } from "../session-data"
import { useTossSandbox } from "./toss-access"

const now = new Date("2026-12-15T03:00:00Z")
const ACCOUNT = { bank: "88", accountNumber: "110123456789", holderName: "홍길동" }

describe("refunds and give-backs at Toss", () => {
  const sandbox = useTossSandbox()
  const cancelsSent = () => sandbox.toss.requestsTo("POST", "/cancel")

  /** A session Toss confirmed, as the provider keeps it, and Toss's payment as it stands. */
  function paid(amount = 40000, taxFreeAmount = 18000, method: "CARD" | "VIRTUAL_ACCOUNT" = "CARD"): { session: TossSessionData; payment: TossPayment } {
    const session = sandbox.session({ amount, taxFreeAmount })
    const confirmed = sandbox.toss.authenticateAndConfirm({ orderId: session.orderId, amount, taxFreeAmount, method })
    if (method === "VIRTUAL_ACCOUNT") {
      sandbox.toss.deposit(confirmed.paymentKey)
    }
    sandbox.toss.reset()
    const payment = sandbox.atToss(confirmed.paymentKey)
    return { session: { ...session, paymentKey: payment.paymentKey, status: payment.status }, payment }
  }

  describe("refund", () => {
    it("cancels part of a payment with its tax-free share and the operator's note, and records the cancel in the session data", async () => {
      const { session, payment } = paid()

      const after = await refund(sandbox.access(), session, payment, { cancelAmount: 20000, given: { cancelReason: "사이즈 교환" } })

      expect(cancelsSent().map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ cancelReason: "사이즈 교환", cancelAmount: 20000, taxFreeAmount: 9000 }, `refund-${payment.paymentKey}-40000-20000`],
      ])
      const atToss = sandbox.atToss(payment.paymentKey)
      expect(after).toMatchObject({ status: "PARTIAL_CANCELED", refundTransactionKeys: [atToss.cancels![0].transactionKey], payment: { balanceAmount: 20000 } })
    })

    it("uses Medusa's idempotency key when it passes one", async () => {
      const { session, payment } = paid()

      await refund(sandbox.access(), session, payment, { cancelAmount: 40000, medusaKey: "refund_01MEDUSA" })

      expect(cancelsSent().map((request) => request.idempotencyKey)).toEqual(["refund_01MEDUSA"])
      expect(sandbox.atToss(payment.paymentKey)).toMatchObject({ status: "CANCELED", balanceAmount: 0, taxFreeAmount: 0 })
    })

    it("refuses while Toss shows a cancel Medusa has not recorded, sending no cancel", async () => {
      const { session, payment } = paid()
      sandbox.toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드 취소", cancelAmount: 5000 })

      await expect(refund(sandbox.access(), session, sandbox.atToss(payment.paymentKey), { cancelAmount: 10000 })).rejects.toThrow(
        /Toss already shows 5,000 KRW refunded on this payment that Medusa has not recorded yet/
      )
      expect(cancelsSent()).toEqual([])
    })

    it("records a cancel Toss already made when the call context names it, cancelling nothing", async () => {
      const { session, payment } = paid()
      const made = sandbox.toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드 취소", cancelAmount: 5000 }).cancels!.at(-1)!
      const recordCancels = [{ transactionKey: made.transactionKey, cancelAmount: 5000 }]

      const after = await refund(sandbox.access(), session, sandbox.atToss(payment.paymentKey), { cancelAmount: 5000, given: { recordCancels } })

      expect(after.refundTransactionKeys).toEqual([made.transactionKey])
      expect(recordCancels).toEqual([])
      expect(cancelsSent()).toEqual([])
      await expect(refund(sandbox.access(), session, sandbox.atToss(payment.paymentKey), { cancelAmount: 4000, given: { recordCancels: [{ transactionKey: made.transactionKey, cancelAmount: 5000 }] } })).rejects.toThrow(
        /Toss shows no unrecorded cancel of 4000 KRW/
      )
    })

    it("refunds a deposited virtual account only into the shopper's bank account", async () => {
      const { session, payment } = paid(30000, 0, "VIRTUAL_ACCOUNT")

      await expect(refund(sandbox.access(), session, payment, { cancelAmount: 30000 })).rejects.toThrow(/enter the bank, account number and holder name/)
      expect(cancelsSent()).toEqual([])

      await refund(sandbox.access(), session, payment, { cancelAmount: 30000, given: { refundReceiveAccount: ACCOUNT } })
      expect(cancelsSent().map((request) => request.body)).toEqual([{ cancelReason: "구매자 요청 환불", cancelAmount: 30000, taxFreeAmount: 0, refundReceiveAccount: ACCOUNT }])
    })

    it("refuses more than is left, and a payment with no money at Toss, before asking Toss", async () => {
      const { session, payment } = paid()

      await expect(refund(sandbox.access(), session, payment, { cancelAmount: 40001 })).rejects.toThrow(/only 40,000 KRW of this Toss payment is left/)
      await expect(refund(sandbox.access(), session, { ...payment, status: "WAITING_FOR_DEPOSIT" }, { cancelAmount: 1000 })).rejects.toThrow(/no money to refund/)
      expect(sandbox.toss.requests).toEqual([])
    })
  })

  describe("cancelAndRecord", () => {
    it("records once a cancel whose answer was lost, from Toss's own account of it", async () => {
      const { session, payment } = paid()
      sandbox.toss.dropNextResponse({ mode: "reset", path: "/cancel", times: 2 })

      const after = await cancelAndRecord(sandbox.access(), session, payment, { cancelReason: "환불", cancelAmount: 10000, idempotencyKey: "refund-lost" })

      const atToss = sandbox.atToss(payment.paymentKey)
      expect(atToss.cancels).toHaveLength(1)
      expect(after).toMatchObject({ refundTransactionKeys: [atToss.cancels![0].transactionKey], payment: { balanceAmount: 30000 } })
      expect(sandbox.toss.requestsTo("GET", `/v1/payments/orders/${session.orderId}`)).toHaveLength(1)
    })

    it("reports a cancel Toss refuses for certain, without asking Toss again", async () => {
      const { session, payment } = paid()
      sandbox.toss.failNext({ code: "NOT_CANCELABLE_PAYMENT", path: "/cancel" })

      await expect(cancelAndRecord(sandbox.access(), session, payment, { cancelReason: "환불", idempotencyKey: "refund-refused" })).rejects.toThrow(
        /^Toss refused the cancel: .* \(NOT_CANCELABLE_PAYMENT\)$/
      )
      expect(sandbox.toss.requestsTo("GET", "/v1/payments")).toEqual([])
    })

    it("records nothing when Toss answers neither the cancel nor the lookup", async () => {
      const { session, payment } = paid()
      sandbox.toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 10 })

      await expect(cancelAndRecord(sandbox.access(), session, payment, { cancelReason: "환불", idempotencyKey: "refund-unanswered" })).rejects.toThrow(
        /Toss did not answer \(FAILED_INTERNAL_SYSTEM_PROCESSING\), so nothing was recorded/
      )
      expect(sandbox.atToss(payment.paymentKey)).toMatchObject({ status: "DONE", cancels: null })
    })
  })

  describe("give-backs", () => {
    it("give back all that is left, tax-free share included, and tell the operator when Toss refuses", async () => {
      const { session, payment } = paid()
      const after = await giveBack(sandbox.access(), session, payment, GIVE_BACK_REASON, "give-back-given")
      expect(after).toMatchObject({ status: "CANCELED" })
      expect(cancelsSent().map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ cancelReason: GIVE_BACK_REASON, cancelAmount: 40000, taxFreeAmount: 18000 }, "give-back-given"],
      ])

      const refused = paid()
      sandbox.toss.failNext({ code: "NOT_CANCELABLE_PAYMENT", path: "/cancel" })
      expect(await giveBack(sandbox.access(), refused.session, refused.payment, GIVE_BACK_REASON, "give-back-refused")).toBeNull()
      expect(sandbox.logger.error).toHaveBeenCalledWith(expect.stringMatching(/could not be given back yet: .*NOT_CANCELABLE_PAYMENT.*paymentKey/))
    })

    it("throw for Medusa's cancel when Toss refuses, so the payment stays uncancelled in Medusa", async () => {
      const { session, payment } = paid()
      sandbox.toss.failNext({ code: "NOT_CANCELABLE_PAYMENT", path: "/cancel" })

      await expect(giveBackOrThrow(sandbox.access(), session, payment)).rejects.toThrow(/NOT_CANCELABLE_PAYMENT/)
      expect(sandbox.logger.error).toHaveBeenCalledWith(expect.stringMatching(/has no order and could not be cancelled/))
      expect(cancelsSent().map((request) => request.idempotencyKey)).toEqual([`cancel-${payment.paymentKey}`])
    })

    it("give back what a saved card's charge took when its answer was lost and the session is replaced: the session has no paymentKey yet", async () => {
      const session = sandbox.session({ method: "CARD", payment_method: "tosscard_01J00000000000000000000000", customerKey: "cus_unit-key" })
      const charged = sandbox.toss.authenticateAndConfirm({ orderId: session.orderId, amount: 15000 })
      sandbox.toss.reset()

      expect(await giveBackReplaced(sandbox.access(), session)).toMatchObject({ paymentKey: charged.paymentKey, status: "CANCELED" })
      expect(cancelsSent().map((request) => [request.path, request.idempotencyKey])).toEqual([
        [`/v1/payments/${charged.paymentKey}/cancel`, `orphan-${charged.paymentKey}`],
      ])
      expect(sandbox.logger.error).not.toHaveBeenCalled()
    })

    it("give back what Toss took for a replaced session, and nothing when Toss holds nothing or cannot be asked", async () => {
      // The confirm went through but its answer was lost: the session knows the paymentKey, not the status.
      const { session, payment } = paid()
      const replaced = { ...session, status: null }
      expect(await giveBackReplaced(sandbox.access(), replaced)).toMatchObject({ status: "CANCELED" })
      expect(cancelsSent().map((request) => request.idempotencyKey)).toEqual([`orphan-${payment.paymentKey}`])

      expect(await giveBackReplaced(sandbox.access(), sandbox.session())).toBeNull()
      const unreachable = paid()
      sandbox.toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 10 })
      expect(await giveBackReplaced(sandbox.access(), unreachable.session)).toBeNull()
      expect(cancelsSent()).toEqual([])
      expect(sandbox.atToss(unreachable.payment.paymentKey).status).toBe("DONE")
      expect(sandbox.logger.warn).toHaveBeenCalledWith(expect.stringMatching(/could not be asked about the replaced session/))
    })
  })
})

describe("cancelTaxFree", () => {
  it("splits the tax-free amount in proportion, never leaving more tax-free than balance, the last cancel taking the rest", () => {
    expect(cancelTaxFree({ taxFreeAmount: 18000, balanceAmount: 40000 }, 20000)).toBe(9000)
    expect(cancelTaxFree({ taxFreeAmount: 9000, balanceAmount: 20000 }, 20000)).toBe(9000)
    expect(cancelTaxFree({ taxFreeAmount: 30000, balanceAmount: 31000 }, 5000)).toBe(4839)
    expect(cancelTaxFree({ taxFreeAmount: 0, balanceAmount: 40000 }, 20000)).toBe(0)
  })
})

describe("cancelShare", () => {
  it("names the amount and the tax-free share of every cancel, all that is left unless an amount is given", () => {
    expect(cancelShare({ taxFreeAmount: 18000, balanceAmount: 40000 })).toEqual({ cancelAmount: 40000, taxFreeAmount: 18000 })
    expect(cancelShare({ taxFreeAmount: 9000, balanceAmount: 20000 })).toEqual({ cancelAmount: 20000, taxFreeAmount: 9000 })
    expect(cancelShare({ taxFreeAmount: 18000, balanceAmount: 40000 }, 20000)).toEqual({ cancelAmount: 20000, taxFreeAmount: 9000 })
    expect(cancelShare({ taxFreeAmount: 0, balanceAmount: 15000 })).toEqual({ cancelAmount: 15000, taxFreeAmount: 0 })
  })
})

describe("refundRefusal", () => {
  const payment = (overrides: Partial<TossPayment>) =>
    ({ balanceAmount: 10000, isPartialCancelable: true, useEscrow: false, taxExemptionAmount: 0, card: null, mobilePhone: null, transfer: null, approvedAt: "2026-12-01T10:00:00+09:00", ...overrides }) as TossPayment

  it("says why Toss would refuse, per method", () => {
    expect(refundRefusal(payment({ useEscrow: true }), 5000, now)).toMatch(/escrow/)
    expect(refundRefusal(payment({ useEscrow: true }), 10000, now)).toBeNull()
    expect(refundRefusal(payment({ mobilePhone: {} as TossPayment["mobilePhone"], approvedAt: "2026-11-30T23:00:00+09:00" }), 10000, now)).toMatch(/2026-11/)
    expect(refundRefusal(payment({ mobilePhone: {} as TossPayment["mobilePhone"] }), 10000, now)).toBeNull()
    expect(refundRefusal(payment({ transfer: {} as TossPayment["transfer"], approvedAt: "2026-06-01T10:00:00+09:00" }), 10000, now)).toMatch(/180 days/)
    expect(refundRefusal(payment({ isPartialCancelable: false }), 5000, now)).toMatch(/partial refund/)
  })
})
