import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { PortOneApiError } from "../../../portone/errors"
import { PORTONE_FAILED, PORTONE_MISMATCH, PORTONE_OUTCOME_UNKNOWN } from "../authorize"
import { savedCardChargeOutcome } from "../saved-card-charge"
import { deleteIssuedKey, holderCustomerId, portOneCustomerIdOf, PORTONE_CARD_ID_PATTERN, savedCardOf, savedCardView, verifyIssuedKey } from "../saved-cards"

describe("PortOne saved cards", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000, maxRetries: 1 })
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  const billingChannel = () => portone.channels[0].key
  const owner = (customerId = "cus_alice") => ({ customerId, storeId: portone.storeId, channelKey: billingChannel() })

  describe("the customer id", () => {
    it("is the same for the same customer, another for another, within 50 characters and not the Medusa id", () => {
      const id = portOneCustomerIdOf("secret", "cus_01ABC")
      expect(portOneCustomerIdOf("secret", "cus_01ABC")).toBe(id)
      expect(portOneCustomerIdOf("secret", "cus_01ABD")).not.toBe(id)
      expect(portOneCustomerIdOf("another-secret", "cus_01ABC")).not.toBe(id)
      expect(id.length).toBeLessThanOrEqual(50)
      expect(id).not.toContain("01ABC")
    })

    it("is the account holder's own when Medusa passes one, so a changed secret keeps the customer's cards", () => {
      expect(holderCustomerId("new-secret", { account_holder: { data: { customerId: "cus_kept" } }, customer: { id: "cus_01ABC" } })).toBe("cus_kept")
      expect(holderCustomerId("secret", { customer: { id: "cus_01ABC" } })).toBe(portOneCustomerIdOf("secret", "cus_01ABC"))
      expect(() => holderCustomerId("secret", {})).toThrow(/made for a customer/)
    })
  })

  describe("registering a key the window issued", () => {
    it("keeps a key PortOne says is issued for this customer through the billing channel, with what may be shown of it", async () => {
      const billingKey = portone.issueBillingKey({ customerId: "cus_alice", channelKey: billingChannel() })

      const card = await verifyIssuedKey(client, billingKey, owner())

      expect(card).toMatchObject({ customerId: "cus_alice", billingKey, issuer: "361", number: "53659901****123*", cardType: "CREDIT", ownerType: "PERSONAL" })
      expect(card.id).toMatch(PORTONE_CARD_ID_PATTERN)
      expect(JSON.stringify(savedCardView(card))).not.toContain(billingKey)
    })

    it("refuses another customer's key, another channel's, a deleted one and an unknown one, naming none of them", async () => {
      const bobs = portone.issueBillingKey({ customerId: "cus_bob", channelKey: billingChannel() })
      const otherChannel = portone.issueBillingKey({ customerId: "cus_alice", channelKey: portone.channels[1].key })
      const deleted = portone.issueBillingKey({ customerId: "cus_alice", channelKey: billingChannel() })
      await client.deleteBillingKey(deleted, {}, "test-delete-key-000001")

      const refusals = await Promise.all([bobs, otherChannel, deleted, "billing-key-made-up"].map((key) => verifyIssuedKey(client, key, owner()).catch((error: Error) => error)))

      expect(refusals.map((error) => (error as Error).message)).toEqual([
        expect.stringMatching(/another customer/),
        expect.stringMatching(/another channel/),
        expect.stringMatching(/no issued billing key/),
        expect.stringMatching(/BILLING_KEY_NOT_FOUND/),
      ])
      for (const [i, key] of [bobs, otherChannel, deleted].entries()) {
        expect((refusals[i] as Error).message).not.toContain(key)
      }
    })

    it("refuses a key of another PortOne store and a malformed key without asking PortOne", async () => {
      const billingKey = portone.issueBillingKey({ customerId: "cus_alice", channelKey: billingChannel() })
      const info = await client.getBillingKey(billingKey)
      expect(() => savedCardOf(info, billingKey, { ...owner(), storeId: "store-other" })).toThrow(/another PortOne store/)
      portone.reset()
      await expect(verifyIssuedKey(client, "two words", owner())).rejects.toThrow(/malformed/)
      await expect(verifyIssuedKey(client, undefined, owner())).rejects.toThrow(/missing or malformed/)
      expect(portone.requests).toEqual([])
    })

    it("asks the customer to try again when PortOne does not answer", async () => {
      portone.failNext({ path: "/billing-keys/", status: 503, type: "SERVICE_UNAVAILABLE", times: 2 })
      await expect(verifyIssuedKey(client, "billing-key-any", owner())).rejects.toMatchObject({ type: "not_allowed", message: expect.stringMatching(/try again/) })
    })
  })

  describe("deleting a key", () => {
    const card = (billingKey: string, id = "portonecard_01JAAAAAAAAAAAAAAAAAAAAAAA") => ({ id, customerId: "cus_alice", billingKey, issuer: "", number: "", cardType: "", ownerType: "", issuedAt: "" })

    it("deletes it at PortOne, and counts a key PortOne no longer has as deleted", async () => {
      const billingKey = portone.issueBillingKey({ customerId: "cus_alice" })
      await deleteIssuedKey(client, card(billingKey))
      await deleteIssuedKey(client, card(billingKey, "portonecard_01JBBBBBBBBBBBBBBBBBBBBBBB"))
      await deleteIssuedKey(client, card("billing-key-made-up", "portonecard_01JCCCCCCCCCCCCCCCCCCCCCCC"))
      expect(portone.requestsTo("DELETE", "/billing-keys/").map((request) => request.status)).toEqual([200, 409, 404])
    })

    it("reports a deletion PortOne refused, without the key", async () => {
      const billingKey = portone.issueBillingKey({ customerId: "cus_alice" })
      portone.failNext({ method: "DELETE", path: "/billing-keys/", status: 409, type: "PAYMENT_SCHEDULE_ALREADY_EXISTS" })
      const error = await deleteIssuedKey(client, card(billingKey, "portonecard_01JDDDDDDDDDDDDDDDDDDDDDDD")).catch((caught: Error) => caught)
      expect((error as Error).message).toMatch(/PAYMENT_SCHEDULE_ALREADY_EXISTS/)
      expect((error as Error).message).not.toContain(billingKey)
    })
  })
})

describe("savedCardChargeOutcome", () => {
  const payment = { status: "PAID" } as never

  it("is charged only when PortOne holds the stored amount", () => {
    expect(savedCardChargeOutcome({ outcome: "paid", payment })).toEqual({ charged: true, error: null, keyGone: false })
  })

  it("turns a certain decline into PORTONE_PAYMENT_FAILED with the PG's words, and a key PortOne no longer has into keyGone", () => {
    expect(savedCardChargeOutcome({ outcome: "declined", type: "PG_PROVIDER", message: "잔액이 부족합니다.", pgCode: "INSUFFICIENT_BALANCE" })).toEqual({
      charged: false,
      error: { message: expect.stringMatching(/declined: 잔액이 부족합니다/), type: "payment_authorization_error", code: PORTONE_FAILED },
      keyGone: false,
    })
    expect(savedCardChargeOutcome({ outcome: "declined", type: "BILLING_KEY_ALREADY_DELETED", message: "x" })).toMatchObject({ charged: false, keyGone: true })
  })

  it("leaves an unanswered charge undecided, and a mismatch given back as the checkout's refusal", () => {
    expect(savedCardChargeOutcome({ outcome: "unknown", error: new PortOneApiError("TIMEOUT", "late", 0) })).toMatchObject({ charged: false, error: { code: PORTONE_OUTCOME_UNKNOWN } })
    expect(savedCardChargeOutcome({ outcome: "pending", payment: null })).toMatchObject({ charged: false })
    expect(savedCardChargeOutcome({ outcome: "mismatch", payment, mismatches: ["x"], givenBack: true })).toMatchObject({ charged: false, error: { code: PORTONE_MISMATCH } })
  })
})
