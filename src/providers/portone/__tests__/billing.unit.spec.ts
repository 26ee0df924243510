import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { BillingCharge, chargeBillingKey } from "../billing"

describe("chargeBillingKey", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000, maxRetries: 2 })
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  const store = () => ({ storeId: portone.storeId, channelKeys: [portone.channels[0].key] })
  function charge(overrides: Partial<BillingCharge> = {}): BillingCharge {
    return {
      paymentId: `payses_sub_${++counter}`,
      billingKey: portone.issueBillingKey({ customerId: "cus_1" }),
      cardId: `portonecard_${counter}`,
      orderName: "월간 이용권",
      amount: 8900,
      currency: "KRW",
      customerId: "cus_1",
      channelKey: portone.channels[0].key,
      ...overrides,
    }
  }
  const charges = (paymentId: string) => portone.requestsTo("POST", `/payments/${paymentId}/billing-key`)

  it("charges once and checks PortOne's payment against the charge", async () => {
    const input = charge()
    expect(await chargeBillingKey(client, input, store())).toMatchObject({ outcome: "paid", payment: { status: "PAID", amount: { total: 8900 } } })
    expect(charges(input.paymentId)[0].body).toMatchObject({ amount: { total: 8900, taxFree: 0 }, customer: { id: "cus_1" } })
  })

  it("charges once when the answer is lost, and once when the whole charge is run again", async () => {
    const input = charge()
    portone.dropNextResponse({ mode: "reset", path: "/billing-key" })
    expect(await chargeBillingKey(client, input, store())).toMatchObject({ outcome: "paid" })
    expect(await chargeBillingKey(client, input, store())).toMatchObject({ outcome: "paid" })

    expect(charges(input.paymentId).map((r) => [r.dropped ?? "answered", r.replayed ?? false])).toEqual([
      ["reset", false],
      ["answered", true],
      ["answered", true],
    ])
    expect(portone.payments().filter((p) => "id" in p && p.id === input.paymentId)).toHaveLength(1)
  })

  it("settles an ALREADY_PAID refusal by looking the payment up, not by charging again", async () => {
    const input = charge()
    await chargeBillingKey(client, input, store())
    // The session now asks for another amount: PortOne's payment no longer matches it, so it is given back.
    expect(await chargeBillingKey(client, { ...input, amount: 9900 }, store())).toMatchObject({
      outcome: "mismatch",
      mismatches: ["8900 KRW instead of 9900 KRW"],
      givenBack: true,
    })
    expect(charges(input.paymentId).map((r) => r.status)).toEqual([200, 409])
  })

  it("reports a decline with the PG's code, and a deleted key, without looking anything up", async () => {
    const declined = charge()
    portone.declineBillingCharges(declined.billingKey)
    const deleted = charge()
    await client.deleteBillingKey(deleted.billingKey, {}, `delete:${deleted.billingKey}`)

    expect(await chargeBillingKey(client, declined, store())).toEqual({ outcome: "declined", type: "PG_PROVIDER", message: "잔액이 부족합니다.", pgCode: "INSUFFICIENT_BALANCE" })
    expect(await chargeBillingKey(client, deleted, store())).toMatchObject({ outcome: "declined", type: "BILLING_KEY_ALREADY_DELETED" })
    expect(portone.requestsTo("GET", /./)).toEqual([])
    // Run again, the same charge is the same request: PortOne answers the decline it stored, the PG is not asked twice.
    expect(await chargeBillingKey(client, declined, store())).toMatchObject({ outcome: "declined", pgCode: "INSUFFICIENT_BALANCE" })
    expect(charges(declined.paymentId).map((r) => r.replayed ?? false)).toEqual([false, true])
  })

  it("charges another card after a decline on the same session, instead of replaying the decline", async () => {
    const declined = charge()
    portone.declineBillingCharges(declined.billingKey)
    expect(await chargeBillingKey(client, declined, store())).toMatchObject({ outcome: "declined" })

    const other = { ...declined, billingKey: portone.issueBillingKey({ customerId: "cus_1" }), cardId: `${declined.cardId}_b` }
    expect(await chargeBillingKey(client, other, store())).toMatchObject({ outcome: "paid" })
    expect(charges(declined.paymentId).map((r) => [r.status, r.replayed ?? false])).toEqual([
      [502, false],
      [200, false],
    ])
  })

  it("leaves the outcome unknown when PortOne cannot be reached and has no payment", async () => {
    const input = charge()
    portone.failNext({ status: 503, type: "UNAVAILABLE", path: "/billing-key", times: 3 })
    expect(await chargeBillingKey(client, input, store())).toMatchObject({ outcome: "unknown" })
    expect(portone.getPayment(input.paymentId)).toBeUndefined()
  })
})
