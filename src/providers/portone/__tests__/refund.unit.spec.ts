import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import type { Payment } from "../../../portone/types"
import { GIVE_BACK_REASON, giveBack, refund, REFUND_REASON } from "../refund"

describe("PortOne refunds and give-backs", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000, maxRetries: 2 })
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  async function paid(totalAmount: number, taxFreeAmount = 0, payMethod?: "VIRTUAL_ACCOUNT"): Promise<Payment> {
    const paymentId = `payses_refund_unit_${++counter}`
    portone.pay({ paymentId, totalAmount, taxFreeAmount, payMethod })
    return client.getPayment(paymentId)
  }
  const cancels = (paymentId: string) => portone.requestsTo("POST", `/payments/${paymentId}/cancel`)

  it("refunds with the tax-free share and the balance it read, and returns the payment after", async () => {
    const payment = await paid(40000, 18000)
    const after = await refund(client, payment, 10000)

    expect(after).toMatchObject({ status: "PARTIAL_CANCELLED", amount: { cancelled: 10000, cancelledTaxFree: 4500 } })
    expect(cancels(payment.id)[0].body).toEqual({ reason: REFUND_REASON, amount: 10000, taxFreeAmount: 4500, currentCancellableAmount: 40000 })
  })

  it("refuses before asking PortOne what PortOne would refuse", async () => {
    const payment = await paid(10000)
    await expect(refund(client, payment, 10001)).rejects.toMatchObject({ type: "not_allowed", message: expect.stringContaining("only 10000") })
    const account = await paid(10000, 0, "VIRTUAL_ACCOUNT")
    await expect(refund(client, account, 1000)).rejects.toMatchObject({ type: "not_allowed" })
    expect(portone.requestsTo("POST", /cancel/)).toEqual([])
  })

  it("refunds once when every answer to the cancel is lost, and says so when PortOne shows it went through", async () => {
    const payment = await paid(20000)
    portone.dropNextResponse({ method: "POST", path: "/cancel", mode: "reset", times: 3 })
    const after = await refund(client, payment, 5000)

    expect(after).toMatchObject({ amount: { cancelled: 5000 } })
    expect(new Set(cancels(payment.id).map((request) => request.idempotencyKey)).size).toBe(1)
    expect((portone.getPayment(payment.id) as { cancellations: unknown[] }).cancellations).toHaveLength(1)
  })

  it("refuses, refunding nothing, when the payment changed since it was read", async () => {
    const payment = await paid(20000)
    portone.consoleCancel(payment.id, { reason: "콘솔 환불", amount: 1000 })
    await expect(refund(client, payment, 5000)).rejects.toMatchObject({ type: "not_allowed", message: expect.stringContaining("changed at PortOne") })
    expect(portone.getPayment(payment.id)).toMatchObject({ amount: { cancelled: 1000 } })
  })

  it("gives back what is left of a paid payment, and closes an unpaid virtual account", async () => {
    const payment = await paid(30000, 3000)
    await refund(client, payment, 10000)
    const givenBack = await giveBack(client, await client.getPayment(payment.id))
    expect(givenBack).toMatchObject({ status: "CANCELLED", amount: { cancelled: 30000, cancelledTaxFree: 3000 } })
    expect(cancels(payment.id)[1].body).toMatchObject({ reason: GIVE_BACK_REASON, amount: 20000, currentCancellableAmount: 20000 })

    const account = await paid(15000, 0, "VIRTUAL_ACCOUNT")
    expect(await giveBack(client, account)).toMatchObject({ status: "CANCELLED" })
    expect(portone.requestsTo("POST", `/payments/${account.id}/virtual-account/close`)).toHaveLength(1)
  })
})
