import { PORTONE_TEST_STORE_ID, PORTONE_TEST_WEBHOOK_SECRET, signWebhook } from "../../../sandbox/portone"
import portOneWebhookHandler from "../portone-webhook"

const runs: unknown[] = []
jest.mock("../../workflows/sync-portone-payment", () => ({
  syncPortOnePaymentWorkflow: () => ({
    run: async ({ input }: { input: unknown }) => {
      runs.push(input)
      return { result: "captured" }
    },
  }),
}))
jest.mock("../../lib/portone-config", () => ({
  portOneAccounts: () => [
    {
      providerId: "pp_portone_portone",
      webhookProvider: "portone_portone",
      options: { storeId: "store-00000000-0000-4000-8000-000000000000", webhookSecret: "whsec_bWVkdXNhLXBheW1lbnQtdG9zcyBwb3J0b25lIHNhbmRib3ggc2VjcmV0" },
    },
  ],
}))

const TRACKED = "payses_tracked"

/** What the subscriber reads: the tracked payments and sessions of this store, and where it records deliveries. */
function fakeContainer() {
  const deliveries: { event_type: string; outcome: string; webhook_id?: string }[] = []
  const lookups: unknown[] = []
  const trackedNow: string[] = []
  const services: Record<string, unknown> = {
    logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    toss: {
      listTossTrackedPayments: async ({ payment_session_id }: { payment_session_id: string | string[] }) => {
        lookups.push(payment_session_id)
        return [payment_session_id].flat().filter((id) => id === TRACKED || trackedNow.includes(id)).map((id) => ({ id: "tosspay_1", payment_session_id: id }))
      },
      trackUntracked: async (rows: { payment_session_id: string }[]) => trackedNow.push(...rows.map((row) => row.payment_session_id)),
      claimWebhookDelivery: async (webhookId: string, eventType: string) => {
        if (deliveries.some((row) => row.webhook_id === webhookId)) {
          return false
        }
        deliveries.push({ event_type: eventType, outcome: "received", webhook_id: webhookId })
        return true
      },
      listTossWebhookDeliveries: async ({ webhook_id }: { webhook_id: string }) =>
        deliveries.flatMap((row, index) => (row.webhook_id === webhook_id ? [{ id: String(index) }] : [])),
      updateTossWebhookDeliveries: async ({ id, outcome }: { id: string; outcome: string }) => (deliveries[Number(id)].outcome = outcome),
      createTossWebhookDeliveries: async (row: { event_type: string; outcome: string }) => deliveries.push(row),
    },
    query: { graph: async () => ({ data: [] }) },
    configModule: { projectConfig: { http: { jwtSecret: "test" } } },
  }
  return { container: { resolve: (key: string) => services[key] }, deliveries, lookups, trackedNow }
}

function delivery(paymentId: string, { secret = PORTONE_TEST_WEBHOOK_SECRET, at = new Date(), provider = "portone_portone" } = {}) {
  const body = JSON.stringify({ type: "Transaction.Paid", timestamp: at.toISOString(), data: { storeId: PORTONE_TEST_STORE_ID, paymentId, transactionId: "tx_1" } })
  const headers = signWebhook(secret, `msg_${paymentId}`, body, at)
  return { data: { provider, payload: { data: JSON.parse(body), rawData: Buffer.from(body), headers } } }
}

const handle = (event: ReturnType<typeof delivery>, container: ReturnType<typeof fakeContainer>["container"]) =>
  portOneWebhookHandler({ event, container } as unknown as Parameters<typeof portOneWebhookHandler>[0])

describe("the PortOne webhook subscriber", () => {
  beforeEach(() => (runs.length = 0))

  it("syncs a verified payment event about a payment this store tracks", async () => {
    const { container, deliveries } = fakeContainer()
    await handle(delivery(TRACKED), container)
    expect(runs).toEqual([{ paymentSessionId: TRACKED, requestedAt: expect.any(Number) }])
    expect(deliveries).toEqual([{ event_type: "Transaction.Paid", outcome: "applied", webhook_id: `msg_${TRACKED}` }])
  })

  it("drops a replay of a delivery it received before, before looking anything up", async () => {
    const { container, deliveries, lookups } = fakeContainer()
    await handle(delivery(TRACKED), container)
    lookups.length = 0
    await handle(delivery(TRACKED), container)
    expect(runs).toHaveLength(1)
    expect(lookups).toEqual([])
    expect(deliveries).toHaveLength(1)
  })

  it("tracks and syncs a payment of this store's session form that it does not track (its session gone)", async () => {
    const { container, trackedNow } = fakeContainer()
    await handle(delivery("payses_01JGONE"), container)
    expect(trackedNow).toEqual(["payses_01JGONE"])
    expect(runs).toEqual([{ paymentSessionId: "payses_01JGONE", requestedAt: expect.any(Number) }])
  })

  it("verifies the raw body also when the event bus serialised it (Redis)", async () => {
    const { container } = fakeContainer()
    const event = delivery(TRACKED)
    const serialised = JSON.parse(JSON.stringify(event))
    await handle(serialised, container)
    expect(runs).toHaveLength(1)
  })

  it("refuses a forged signature, a stale timestamp and a missing body before reading anything: no sync, no lookup", async () => {
    const forged = `whsec_${Buffer.from("someone else's secret").toString("base64")}`
    const stale = new Date(Date.now() - 10 * 60_000)
    const unsigned = delivery(TRACKED)
    unsigned.data.payload.headers = {} as ReturnType<typeof signWebhook>
    const noBody = delivery(TRACKED)
    ;(noBody.data.payload as { rawData: unknown }).rawData = undefined
    for (const event of [delivery(TRACKED, { secret: forged }), delivery(TRACKED, { at: stale }), unsigned, noBody]) {
      const { container, deliveries, lookups } = fakeContainer()
      await handle(event, container)
      expect(lookups).toEqual([])
      expect(deliveries).toEqual([{ event_type: "UNVERIFIED", outcome: "unknown" }])
    }
    expect(runs).toEqual([])
  })

  it("drops a verified event about a payment whose id this store never gives PortOne", async () => {
    const { container, deliveries, trackedNow } = fakeContainer()
    await handle(delivery("order-2024-0001"), container)
    expect(runs).toEqual([])
    expect(trackedNow).toEqual([])
    expect(deliveries).toEqual([{ event_type: "Transaction.Paid", outcome: "unknown", webhook_id: "msg_order-2024-0001" }])
  })

  it("leaves another provider's webhooks alone", async () => {
    const { container, deliveries, lookups } = fakeContainer()
    await handle(delivery(TRACKED, { provider: "toss_toss" }), container)
    expect({ runs, deliveries, lookups }).toEqual({ runs: [], deliveries: [], lookups: [] })
  })
})
