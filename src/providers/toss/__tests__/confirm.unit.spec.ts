import { TossApiError } from "../../../toss/errors"
import { issueSavedCard } from "../billing"
import { chargeSavedCard, CONFIRM_BUDGET_MS, confirmPayment, settle, verified } from "../confirm"
import type { TossSessionData } from "../session-data"
import { useTossSandbox } from "./toss-access"

describe("the confirm", () => {
  const sandbox = useTossSandbox()
  const confirms = () => sandbox.toss.requestsTo("POST", "/v1/payments/confirm")
  const lookups = () => sandbox.toss.requestsTo("GET", "/v1/payments")

  /** The shopper finished Toss's window; the storefront handed the paymentKey over. */
  function handedOver(window: { amount?: number; taxFreeAmount?: number; confirmError?: string } = {}, stored: Partial<TossSessionData> = {}): TossSessionData {
    const session = sandbox.session(stored)
    const { paymentKey } = sandbox.toss.authenticate({ orderId: session.orderId, amount: session.amount, ...window })
    return { ...session, paymentKey }
  }

  describe("confirmPayment", () => {
    it("confirms the amount the server stored, with one key for the payment", async () => {
      const session = handedOver()

      const payment = await confirmPayment(sandbox.access(), session)

      expect(payment).toMatchObject({ paymentKey: session.paymentKey, status: "DONE", totalAmount: 15000 })
      expect(confirms().map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ paymentKey: session.paymentKey, orderId: session.orderId, amount: 15000 }, `confirm-${session.orderId}-${session.paymentKey}`],
      ])
      expect(lookups()).toEqual([])
    })

    it("settles a confirm whose answer was lost by asking Toss, confirming once", async () => {
      const session = handedOver()
      sandbox.toss.dropNextResponse({ mode: "reset", path: "/v1/payments/confirm", times: 2 })

      expect(await confirmPayment(sandbox.access(), session)).toMatchObject({ status: "DONE" })

      expect(new Set(confirms().map((request) => request.idempotencyKey)).size).toBe(1)
      expect(lookups()).toHaveLength(1)
      expect(sandbox.toss.getPayment(session.paymentKey!)).toMatchObject({ status: "DONE", balanceAmount: 15000 })
    })

    it("takes a payment Toss says it already confirmed once it has looked it up", async () => {
      const session = sandbox.session()
      const { paymentKey } = sandbox.toss.authenticateAndConfirm({ orderId: session.orderId, amount: 15000 })

      expect(await confirmPayment(sandbox.access(), { ...session, paymentKey })).toMatchObject({ paymentKey, status: "DONE" })
      expect(confirms().map((request) => request.status)).toEqual([400])
      expect(lookups()).toHaveLength(1)
    })

    it("passes a decline on to the shopper with Toss's code, asking nothing more", async () => {
      const session = handedOver({ confirmError: "REJECT_CARD_COMPANY" })

      await expect(confirmPayment(sandbox.access(), session)).rejects.toMatchObject({ type: "payment_authorization_error", code: "REJECT_CARD_COMPANY" })
      expect(lookups()).toEqual([])
    })

    it("does not blame the shopper when Toss refuses the store's key, and tells the operator which option to fix", async () => {
      const session = handedOver()
      sandbox.toss.failNext({ code: "UNAUTHORIZED_KEY", path: "/v1/payments/confirm" })

      await expect(confirmPayment(sandbox.access(), session)).rejects.toMatchObject({
        code: "UNAUTHORIZED_KEY",
        message: expect.stringMatching(/The store's payment setup has a problem; you have not been charged/),
      })
      expect(sandbox.logger.error).toHaveBeenCalledWith(expect.stringMatching(/check the `secretKey` option/))
    })

    it("says the outcome is unknown when neither the confirm nor the lookup is answered", async () => {
      const session = handedOver()
      sandbox.toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 10 })

      await expect(confirmPayment(sandbox.access(), session)).rejects.toMatchObject({
        code: "TOSS_OUTCOME_UNKNOWN",
        message: expect.stringMatching(/Toss did not answer in time/),
      })
    })

    it("tells the shopper nothing was charged when Toss's lookup shows the payment not confirmed", async () => {
      const session = handedOver()
      sandbox.toss.failNext({ code: "PROVIDER_ERROR", path: "/v1/payments/confirm", times: 10 })

      await expect(confirmPayment(sandbox.access(), session)).rejects.toMatchObject({
        code: "TOSS_OUTCOME_UNKNOWN",
        message: expect.stringMatching(/you have not been charged/),
      })
      expect(sandbox.toss.getPayment(session.paymentKey!)).toMatchObject({ status: "IN_PROGRESS" })
    })

    it("gives back in full a payment it confirmed whose tax-free amount is not the one the server decided", async () => {
      const session = handedOver({ taxFreeAmount: 0 }, { taxFreeAmount: 5000 })

      await expect(confirmPayment(sandbox.access(), session)).rejects.toMatchObject({ code: "AMOUNT_MISMATCH" })

      expect(sandbox.toss.requestsTo("POST", "/cancel").map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ cancelReason: expect.stringMatching(/mismatch/), cancelAmount: 15000, taxFreeAmount: 0 }, `mismatch-${session.paymentKey}`],
      ])
      expect(sandbox.toss.getPayment(session.paymentKey!)).toMatchObject({ status: "CANCELED" })
    })
  })

  describe("verified", () => {
    it("refuses someone else's payment it merely looked up, without touching it", async () => {
      const other = sandbox.session()
      const theirs = sandbox.toss.authenticateAndConfirm({ orderId: other.orderId, amount: 15000 })

      await expect(verified(sandbox.access(), sandbox.session(), sandbox.atToss(theirs.paymentKey), false)).rejects.toMatchObject({ code: "AMOUNT_MISMATCH" })
      expect(sandbox.toss.requestsTo("POST", "/cancel")).toEqual([])
      expect(sandbox.toss.getPayment(theirs.paymentKey)).toMatchObject({ status: "DONE" })
    })
  })

  describe("settle", () => {
    it("gives the request and the lookup that settles it one budget", async () => {
      const session = handedOver()
      const before = Date.now()
      let deadline = 0

      await expect(
        settle(sandbox.access(), session, "confirm", async (options) => {
          deadline = options.deadline!
          throw new TossApiError("TIMEOUT", "no answer", 0)
        })
      ).rejects.toMatchObject({ code: "TOSS_OUTCOME_UNKNOWN" })

      expect(deadline).toBeGreaterThanOrEqual(before + CONFIRM_BUDGET_MS)
      expect(deadline).toBeLessThanOrEqual(Date.now() + CONFIRM_BUDGET_MS)
      expect(sandbox.logger.warn).toHaveBeenCalledWith(expect.stringMatching(/Toss confirm for orderId .* ended with TIMEOUT; looking the payment up/))
    })
  })

  describe("chargeSavedCard", () => {
    async function savedCardSession(taxFreeAmount = 0) {
      const customerKey = "cus_unit-key"
      const { authKey } = sandbox.toss.authorizeBilling({ customerKey })
      const card = await issueSavedCard(sandbox.access().client, customerKey, authKey)
      sandbox.toss.reset()
      return { card, session: sandbox.session({ method: "CARD", payment_method: card.id, customerKey, taxFreeAmount }) }
    }

    it("charges the lent card for the stored amount and tax-free share, with one key per session", async () => {
      const { card, session } = await savedCardSession(3000)

      expect(await chargeSavedCard(sandbox.access(), session, card)).toMatchObject({ orderId: session.orderId, status: "DONE", totalAmount: 15000 })
      expect(sandbox.toss.requestsTo("POST", "/v1/billing/").map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ customerKey: card.customerKey, orderId: session.orderId, orderName: "주문 결제", amount: 15000, taxFreeAmount: 3000 }, `billing-${session.orderId}`],
      ])
    })

    it("gives back an earlier charge for the session's orderId that does not match it, though the session has no paymentKey", async () => {
      const session = sandbox.session({ method: "CARD", payment_method: "tosscard_01J00000000000000000000000", customerKey: "cus_unit-key" })
      const other = sandbox.toss.authenticateAndConfirm({ orderId: session.orderId, amount: 9000 })

      await expect(chargeSavedCard(sandbox.access(), session, undefined)).rejects.toMatchObject({ code: "AMOUNT_MISMATCH" })
      expect(sandbox.toss.getPayment(other.paymentKey)).toMatchObject({ status: "CANCELED" })
      expect(sandbox.toss.requestsTo("POST", "/cancel").map((request) => request.idempotencyKey)).toEqual([`mismatch-${other.paymentKey}`])
    })

    it("without the card charges nothing: an earlier charge for the orderId is taken, else nothing was charged, or the outcome is unknown", async () => {
      const { card, session } = await savedCardSession()
      await chargeSavedCard(sandbox.access(), session, card)
      sandbox.toss.reset()

      expect(await chargeSavedCard(sandbox.access(), session, undefined)).toMatchObject({ orderId: session.orderId, status: "DONE" })
      await expect(chargeSavedCard(sandbox.access(), sandbox.session(), undefined)).rejects.toMatchObject({ code: "SAVED_CARD_NOT_CHARGED" })
      sandbox.toss.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 10 })
      await expect(chargeSavedCard(sandbox.access(), sandbox.session(), undefined)).rejects.toMatchObject({ code: "TOSS_OUTCOME_UNKNOWN" })
      expect(sandbox.toss.requestsTo("POST", "/v1/billing/")).toEqual([])
    })
  })
})
