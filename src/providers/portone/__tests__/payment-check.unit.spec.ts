import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { ExpectedPayment, paymentMismatches } from "../payment-check"

describe("paymentMismatches", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url })
  })
  afterAll(() => portone.close())

  function expected(overrides: Partial<ExpectedPayment> = {}): ExpectedPayment {
    return { paymentId: `payses_check_${++counter}`, amount: 15000, currency: "KRW", taxFreeAmount: 2000, storeId: portone.storeId, channelKeys: [portone.channels[0].key], ...overrides }
  }

  async function paidAtPortOne(session: ExpectedPayment, window: { totalAmount?: number; taxFreeAmount?: number; channelKey?: string } = {}) {
    const result = portone.pay({ paymentId: session.paymentId, totalAmount: session.amount, taxFreeAmount: session.taxFreeAmount, channelKey: session.channelKeys[0], ...window })
    expect(result.code).toBeUndefined()
    return client.getPayment(session.paymentId)
  }

  it("finds nothing wrong with the payment the session stored", async () => {
    const session = expected()
    expect(paymentMismatches(await paidAtPortOne(session), session)).toEqual([])
  })

  it("names a tampered amount, tax-free share, or a channel the store does not offer", async () => {
    const session = expected()
    expect(paymentMismatches(await paidAtPortOne(session, { totalAmount: 12000 }), session)).toEqual(["12000 KRW instead of 15000 KRW"])

    const taxFree = expected()
    expect(paymentMismatches(await paidAtPortOne(taxFree, { taxFreeAmount: 0 }), taxFree)).toEqual(["tax-free 0 instead of 2000"])

    const otherChannel = expected()
    expect(paymentMismatches(await paidAtPortOne(otherChannel, { channelKey: portone.channels[1].key }), otherChannel)).toEqual([
      `channel ${portone.channels[1].key} is not one of this store's channels`,
    ])
  })

  it("names another session's payment and another store", async () => {
    const session = expected()
    const payment = await paidAtPortOne(session)
    expect(paymentMismatches(payment, { ...session, paymentId: "payses_other", storeId: "store-other" })).toEqual([
      `paymentId ${session.paymentId} instead of payses_other`,
      `store ${portone.storeId} instead of store-other`,
    ])
  })

  it("does not hold a channel without a key against the payment", async () => {
    const session = expected()
    const payment = await paidAtPortOne(session)
    const withoutKey = { ...payment, channel: { ...(payment as { channel: object }).channel, key: undefined } } as typeof payment
    expect(paymentMismatches(withoutKey, session)).toEqual([])
  })

  it("refuses a status it does not know rather than reading its fields", () => {
    expect(paymentMismatches({ status: Symbol("new") } as never, expected())).toHaveLength(1)
  })
})
