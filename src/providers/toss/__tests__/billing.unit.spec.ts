import { startTossSandbox, TossSandbox } from "../../../../sandbox"
import { customerKeyOf, SavedCardRecord, SavedCardsContext } from "../billing"
import { withTossCallContext } from "../call-context"
import { TossPaymentProviderService } from "../service"

const KEYS = { secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R", clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq" }
const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }

describe("the provider's saved cards (Toss billing)", () => {
  let toss: TossSandbox
  beforeAll(async () => {
    toss = await startTossSandbox({ webhooks: false })
  })
  afterAll(() => toss.close())
  beforeEach(() => toss.reset())

  const provider = (options: Record<string, unknown> = {}) =>
    new TossPaymentProviderService({ logger } as never, { ...KEYS, apiBaseUrl: toss.url, retryBaseDelayMs: 1, timeoutMs: 500, ...options } as never)
  const holderOf = (customerKey: string) => ({ data: { customerKey } }) as never

  /** A card registered in the window and saved through the provider, as the plugin's workflow does it. */
  async function savedCard(billing = provider(), customerKey = "cus_alice-key") {
    const { authKey } = toss.authorizeBilling({ customerKey })
    const savedCards: SavedCardsContext = {}
    const saved = await withTossCallContext({ savedCards }, () => billing.savePaymentMethod({ context: { account_holder: holderOf(customerKey) }, data: { authKey } }))
    return { saved, card: savedCards.issued! }
  }

  async function billingSession(billing: TossPaymentProviderService, card: SavedCardRecord, amount = 15000) {
    const sessionId = `payses_${Math.random().toString(36).slice(2, 14)}`
    const { data } = await billing.initiatePayment({
      amount,
      currency_code: "krw",
      data: { session_id: sessionId, payment_method: card.id },
      context: { account_holder: holderOf(card.customerKey) },
    })
    return data!
  }

  describe("without the billing option", () => {
    const plain = () => provider({ billing: false })

    it("makes no account holder, so checkouts of logged-in customers go on as before", async () => {
      expect(await plain().createAccountHolder({ context: { customer: { id: "cus_1", email: "a@example.com" } } } as never)).toEqual({})
    })

    it("answers every saved-card call with a clear 'not enabled', asking Toss nothing", async () => {
      const calls = [
        plain().savePaymentMethod({ context: { account_holder: holderOf("cus_k") }, data: { authKey: "bln-1" } }),
        plain().listPaymentMethods({ context: { account_holder: holderOf("cus_k") } }),
        plain().deletePaymentMethod({ data: { id: "tosscard_01J00000000000000000000000" } }),
        plain().initiatePayment({
          amount: 1000,
          currency_code: "krw",
          data: { session_id: "payses_1234567", payment_method: "tosscard_01J00000000000000000000000" },
          context: { account_holder: holderOf("cus_k") },
        }),
      ]
      for (const call of calls) {
        await expect(call).rejects.toThrow(/Toss billing \(saved cards, 자동결제\) is not enabled in this store.*`billing: true`/)
      }
      expect(toss.requests).toHaveLength(0)
    })
  })

  describe("account holders", () => {
    it("derive one customerKey per customer that the customer id does not give away", async () => {
      const billing = provider({ billing: true })
      const first = await billing.createAccountHolder({ context: { customer: { id: "cus_01JABCDEF" } } } as never)
      const again = await billing.createAccountHolder({ context: { customer: { id: "cus_01JABCDEF" } } } as never)
      const other = await billing.createAccountHolder({ context: { customer: { id: "cus_01JABCDEG" } } } as never)

      expect(first).toEqual({ id: again.id, data: { customerKey: again.id } })
      expect(first.id).toMatch(/^[A-Za-z0-9_=.@-]{2,50}$/)
      expect(first.id).not.toContain("01JABCDEF")
      expect(other.id).not.toBe(first.id)
      expect(customerKeyOf("test_sk_other", "cus_01JABCDEF")).not.toBe(first.id)
      expect(await billing.createAccountHolder({ context: { account_holder: { data: { customerKey: "cus_kept" } } } } as never)).toEqual({
        id: "cus_kept",
        data: { customerKey: "cus_kept" },
      })
    })
  })

  describe("saving", () => {
    it("hands the billing key back to the plugin only, never in the payment method's data", async () => {
      const { saved, card } = await savedCard(provider({ billing: true }))

      expect(card.billingKey).toBe((toss.requestsTo("POST", "/v1/billing/authorizations/issue")[0].response as any).billingKey)
      expect(saved.id).toBe(card.id)
      expect(JSON.stringify(saved)).not.toContain(card.billingKey)
      expect(toss.requestsTo("POST", "/v1/billing/authorizations/issue")[0].idempotencyKey).toMatch(/^billing-issue-bln-/)
    })

    it("refuses to issue a key it would have nowhere private to keep, asking Toss nothing", async () => {
      const billing = provider({ billing: true })
      const { authKey } = toss.authorizeBilling({ customerKey: "cus_alice-key" })

      await expect(billing.savePaymentMethod({ context: { account_holder: holderOf("cus_alice-key") }, data: { authKey } })).rejects.toThrow(
        /saved through the plugin's store route/
      )
      expect(toss.requests).toHaveLength(0)
    })
  })

  describe("charging", () => {
    it("charges only the lent card of the session's customer, for the stored amount, with one key per attempt", async () => {
      const billing = provider({ billing: true })
      const { card } = await savedCard(billing)
      const session = await billingSession(billing, card, 15000)
      toss.reset()

      const { status, data } = await withTossCallContext({ savedCards: { cards: [card] } }, () => billing.authorizePayment({ data: session }))

      expect(status).toBe("captured")
      expect(toss.requestsTo("POST", `/v1/billing/`).map((request) => [request.body, request.idempotencyKey])).toEqual([
        [{ customerKey: card.customerKey, orderId: session.orderId, orderName: "주문 결제", amount: 15000 }, `billing-${session.orderId}`],
      ])
      expect(data).toMatchObject({ status: "DONE", payment_method: card.id, payment: { card: { issuerCode: "71" } } })
      expect(JSON.stringify(data)).not.toContain(card.billingKey)
    })

    it("charges nothing without the card, or with a card of another customerKey: Toss is only asked about the orderId", async () => {
      const billing = provider({ billing: true })
      const { card } = await savedCard(billing)
      const session = await billingSession(billing, card)
      toss.reset()

      await expect(billing.authorizePayment({ data: session })).rejects.toMatchObject({ type: "payment_authorization_error" })
      await expect(
        withTossCallContext({ savedCards: { cards: [{ ...card, customerKey: "cus_someone-else" }] } }, () => billing.authorizePayment({ data: session }))
      ).rejects.toMatchObject({ code: "SAVED_CARD_NOT_CHARGED" })
      expect(toss.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET /v1/payments/orders/${session.orderId}`,
        `GET /v1/payments/orders/${session.orderId}`,
      ])
    })

    it("refuses a saved card for a guest, another integration or method, and a paymentKey handed to its session", async () => {
      const billing = provider({ billing: true })
      const initiate = (data: Record<string, unknown>, context: Record<string, unknown> = { account_holder: holderOf("cus_k") }) =>
        billing.initiatePayment({ amount: 15000, currency_code: "krw", data: { session_id: "payses_1234567", payment_method: "tosscard_01J00000000000000000000000", ...data }, context })

      await expect(initiate({}, {})).rejects.toThrow(/needs a logged-in customer/)
      await expect(initiate({ integration: "widget" })).rejects.toThrow(/"payment" integration/)
      await expect(initiate({ method: "TRANSFER" })).rejects.toThrow(/method "CARD"/)
      await expect(initiate({ payment_method: "billing-key-itself" })).rejects.toThrow(/id of a saved Toss card/)
      const { data } = await initiate({})
      await expect(billing.updatePayment({ amount: 15000, currency_code: "krw", data: { ...data, paymentKey: "tgen_someone" } })).rejects.toThrow(/takes no paymentKey/)
    })
  })

  describe("listing and removing", () => {
    it("lists the lent cards of the holder's customerKey, and deletes at Toss, a key Toss no longer knows counting as deleted", async () => {
      const billing = provider({ billing: true })
      const { card } = await savedCard(billing)
      const { card: other } = await savedCard(billing, "cus_bob-key")

      const listed = await withTossCallContext({ savedCards: { cards: [card, other] } }, () => billing.listPaymentMethods({ context: { account_holder: holderOf(card.customerKey) } }))
      await withTossCallContext({ savedCards: { cards: [card] } }, () => billing.deletePaymentMethod({ data: { id: card.id } }))
      await withTossCallContext({ savedCards: { cards: [card] } }, () => billing.deletePaymentMethod({ data: { id: card.id } }))

      expect(listed).toEqual([{ id: card.id, data: expect.objectContaining({ issuerCode: "71", number: expect.stringContaining("****") }) }])
      expect(toss.requestsTo("DELETE", "/v1/billing/").map((request) => request.status)).toEqual([200, 404])
      await expect(billing.listPaymentMethods({ context: { account_holder: holderOf(card.customerKey) } })).rejects.toThrow(/through the plugin's store routes/)
    })
  })
})
