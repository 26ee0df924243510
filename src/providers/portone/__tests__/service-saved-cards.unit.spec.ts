import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { withPortOneCallContext } from "../call-context"
import { PortOneSavedCardsContext, portOneCustomerIdOf } from "../saved-cards"
import { PortOnePaymentProviderService } from "../service"

const logger = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() }

describe("PortOnePaymentProviderService: account holders and saved cards", () => {
  let portone: PortOneSandbox
  let billing: PortOnePaymentProviderService
  let checkoutOnly: PortOnePaymentProviderService
  const billingChannel = PORTONE_TEST_CHANNELS[0].key
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    const options = {
      storeId: PORTONE_TEST_STORE_ID,
      apiSecret: PORTONE_TEST_API_SECRET,
      webhookSecret: portone.webhookSecret,
      channelKeys: [PORTONE_TEST_CHANNELS[1].key],
      apiBaseUrl: portone.url,
      timeoutMs: 1000,
      retryBaseDelayMs: 1,
    }
    billing = new PortOnePaymentProviderService({ logger } as never, { ...options, billingChannelKey: billingChannel })
    checkoutOnly = new PortOnePaymentProviderService({ logger } as never, options)
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  const customer = { id: "cus_01ALICE", email: "alice@example.com" }
  const holder = { id: "acchld_1", data: { customerId: portOneCustomerIdOf(PORTONE_TEST_API_SECRET, customer.id) } }
  const context = { account_holder: holder } as never

  it("makes an account holder of the customer's PortOne customer id, and none without a billing channel", async () => {
    expect(await billing.createAccountHolder({ context: { customer } } as never)).toEqual({ id: holder.data.customerId, data: { customerId: holder.data.customerId } })
    expect(await checkoutOnly.createAccountHolder({ context: { customer } } as never)).toEqual({})
    expect(await billing.retrieveAccountHolder({ id: holder.data.customerId } as never)).toEqual({ id: holder.data.customerId, data: { customerId: holder.data.customerId } })
  })

  it("saves a key the window issued for this customer, handing the card back beside the answer, never in it", async () => {
    const billingKey = portone.issueBillingKey({ customerId: holder.data.customerId, channelKey: billingChannel })
    const savedCards: PortOneSavedCardsContext = { offered: billingKey }

    const saved = await withPortOneCallContext({ savedCards }, () => billing.savePaymentMethod({ context, data: {} } as never))

    expect(saved).toEqual({ id: savedCards.issued!.id, data: expect.objectContaining({ issuer: "361" }) })
    expect(JSON.stringify(saved)).not.toContain(billingKey)
    expect(savedCards.issued).toMatchObject({ billingKey, customerId: holder.data.customerId })
  })

  it("saves, lists and deletes only through the plugin, and nothing without a billing channel", async () => {
    await expect(billing.savePaymentMethod({ context, data: { billingKey: "billing-key-x" } } as never)).rejects.toThrow(/store route/)
    await expect(billing.listPaymentMethods({ context } as never)).rejects.toThrow(/store routes/)
    await expect(billing.deletePaymentMethod({ data: { id: "portonecard_x" } } as never)).rejects.toThrow(/store routes/)
    await expect(checkoutOnly.listPaymentMethods({ context } as never)).rejects.toThrow(/billingChannelKey/)
    expect(portone.requests).toEqual([])
  })

  it("lists the holder's own lent cards only, without their keys", async () => {
    const card = { id: "portonecard_1", customerId: holder.data.customerId, billingKey: "billing-key-own", issuer: "361", number: "1234****", cardType: "CREDIT", ownerType: "PERSONAL", issuedAt: "2026-12-07T00:00:00.000Z" }
    const listed = await withPortOneCallContext({ savedCards: { cards: [card, { ...card, id: "portonecard_2", customerId: "cus_other", billingKey: "billing-key-other" }] } }, () =>
      billing.listPaymentMethods({ context } as never)
    )
    expect(listed).toEqual([{ id: "portonecard_1", data: { issuer: "361", number: "1234****", cardType: "CREDIT", ownerType: "PERSONAL", issuedAt: "2026-12-07T00:00:00.000Z" } }])
  })
})
