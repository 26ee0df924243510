import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { idempotencyKey } from "../../../portone/idempotency-key"
import type { Payment } from "../../../portone/types"
import { cancelRequest, cancelTaxFree, refundRefusal } from "../cancel"

const REFUND_ACCOUNT = { bank: "SHINHAN" as const, number: "110123456789", holderName: "김토스" }

describe("PortOne refunds", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000 })
  })
  afterAll(() => portone.close())

  async function paid(totalAmount: number, taxFreeAmount = 0, payMethod?: "VIRTUAL_ACCOUNT") {
    const paymentId = `payses_refund_${++counter}`
    portone.pay({ paymentId, totalAmount, taxFreeAmount, payMethod })
    if (payMethod) portone.deposit(paymentId)
    return client.getPayment(paymentId) as Promise<Extract<Payment, { amount: unknown }>>
  }

  async function refund(payment: Extract<Payment, { amount: unknown }>, cancelAmount: number, refundAccount?: typeof REFUND_ACCOUNT) {
    const { input, key } = cancelRequest(payment, { cancelAmount, reason: "환불", refundAccount })
    await client.cancelPayment(payment.id, input, key)
    return client.getPayment(payment.id) as Promise<Extract<Payment, { amount: unknown }>>
  }

  it("sends the tax-free share with every cancel, and all that is left of it with the last", async () => {
    const payment = await paid(10000, 3000)
    const { input } = cancelRequest(payment, { cancelAmount: 1000, reason: "환불" })
    expect(input).toEqual({ reason: "환불", amount: 1000, taxFreeAmount: 300, currentCancellableAmount: 10000 })
    expect(cancelRequest(await paid(5000), { cancelAmount: 5000, reason: "환불" }).input.taxFreeAmount).toBe(0)

    const afterFirst = await refund(payment, 1000)
    const afterLast = await refund(afterFirst, 9000)
    expect(afterLast).toMatchObject({ status: "CANCELLED", amount: { cancelled: 10000, cancelledTaxFree: 3000 } })
  })

  it("takes the tax-free share of a partial cancel in proportion, in whole units, counting earlier cancels", () => {
    const payment = { id: "p", amount: { paid: 10000, cancelled: 0, taxFree: 9000, cancelledTaxFree: 0 } } as Extract<Payment, { amount: unknown }>
    expect(cancelTaxFree(payment, 2000)).toBe(1800)
    expect(cancelTaxFree(payment, 333)).toBe(300)
    const later = { id: "p", amount: { paid: 10000, cancelled: 9000, taxFree: 9000, cancelledTaxFree: 8900 } } as Extract<Payment, { amount: unknown }>
    expect(cancelTaxFree(later, 500)).toBe(50)
    expect(cancelTaxFree(later, 1000)).toBe(100)
  })

  it("never refunds twice when an answer is lost, even under a new Idempotency-Key", async () => {
    const payment = await paid(20000)
    portone.dropNextResponse({ mode: "reset", path: "/cancel", times: 4 })
    const { input, key } = cancelRequest(payment, { cancelAmount: 5000, reason: "환불" })
    await expect(client.cancelPayment(payment.id, input, key)).rejects.toMatchObject({ type: "NETWORK_ERROR" })

    // The same refund asked again from the balance seen before: PortOne refuses it.
    await expect(client.cancelPayment(payment.id, input, idempotencyKey("another-key-for", payment.id))).rejects.toMatchObject({
      type: "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN",
      status: 409,
    })
    expect(await client.getPayment(payment.id)).toMatchObject({ amount: { cancelled: 5000 } })
  })

  it("refuses before asking PortOne what PortOne would refuse", async () => {
    const payment = await paid(10000)
    const deposited = await paid(30000, 0, "VIRTUAL_ACCOUNT")
    const before = portone.requests.length

    expect(refundRefusal(payment, 10001)).toMatch(/only 10000 of this PortOne payment is left/)
    expect(refundRefusal(payment, 0)).toMatch(/positive whole amount/)
    expect(refundRefusal(deposited, 1000)).toMatch(/shopper's bank account/)
    expect(refundRefusal(deposited, 1000, REFUND_ACCOUNT)).toBeNull()
    expect(refundRefusal({ ...payment, status: "FAILED" } as Payment, 1000)).toMatch(/FAILED/)
    expect(portone.requests.length).toBe(before)
    expect(await refund(deposited, 30000, REFUND_ACCOUNT)).toMatchObject({ status: "CANCELLED" })
  })
})
