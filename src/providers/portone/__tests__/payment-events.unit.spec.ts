import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { idempotencyKey } from "../../../portone/idempotency-key"
import { readPaymentEvents } from "../payment-events"

describe("readPaymentEvents", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  beforeEach(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url })
  })
  afterEach(() => portone.close())

  it("reads a bounded number of events per run and goes on from its cursor next time", async () => {
    for (const paymentId of ["p1", "p2", "p3", "p4"]) portone.pay({ paymentId, totalAmount: 1000 })
    await client.cancelPayment("p1", { reason: "환불", amount: 100 }, idempotencyKey("cancel", "p1", 1))

    const first = await readPaymentEvents(client, { pageSize: 2, maxEvents: 3 })
    const second = await readPaymentEvents(client, { cursor: first.cursor, pageSize: 2, maxEvents: 3 })
    const third = await readPaymentEvents(client, { cursor: second.cursor, pageSize: 2, maxEvents: 3 })

    expect(first).toMatchObject({ paymentIds: ["p1", "p2", "p3"], done: false })
    expect(second).toMatchObject({ paymentIds: ["p4", "p1"], done: true })
    expect(third).toEqual({ paymentIds: [], cursor: second.cursor, done: true })
    expect(portone.requestsTo("GET", "/payment-events-by-cursor")).toHaveLength(5)
  })

  it("lists a payment once however many events it had in the run", async () => {
    portone.pay({ paymentId: "p1", totalAmount: 1000 })
    for (const n of [1, 2, 3]) await client.cancelPayment("p1", { reason: "환불", amount: 100 }, idempotencyKey("cancel", "p1", n))

    expect(await readPaymentEvents(client, {})).toMatchObject({ paymentIds: ["p1"], done: true })
  })
})
