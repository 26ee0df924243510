import { PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOnePaymentProviderService } from "../service"

const logger = { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() }

describe("PortOnePaymentProviderService", () => {
  let portone: PortOneSandbox
  let provider: PortOnePaymentProviderService
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    const options = {
      storeId: PORTONE_TEST_STORE_ID,
      apiSecret: PORTONE_TEST_API_SECRET,
      webhookSecret: portone.webhookSecret,
      channelKeys: PORTONE_TEST_CHANNELS.map((channel) => channel.key),
      apiBaseUrl: portone.url,
      timeoutMs: 1000,
      retryBaseDelayMs: 1,
    }
    PortOnePaymentProviderService.validateOptions(options)
    provider = new PortOnePaymentProviderService({ logger } as never, options)
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  const initiate = (amount: number, data: Record<string, unknown> = {}) =>
    provider.initiatePayment({ amount, currency_code: "krw", data: { session_id: `payses_service_unit_${++counter}`, ...data } })
  const preRegistrations = (paymentId: string) => portone.requestsTo("POST", `/payments/${paymentId}/pre-register`).map((request) => request.body)

  it("names its sessions by Medusa's session id and pre-registers the stored amount", async () => {
    const { id, data } = await initiate(15000, { taxFreeAmount: 2000 })
    expect(data).toMatchObject({ portone: { paymentId: id, totalAmount: 15000, taxFreeAmount: 2000 }, status: null })
    expect(preRegistrations(id)).toEqual([{ totalAmount: 15000, taxFreeAmount: 2000, currency: "KRW", storeId: PORTONE_TEST_STORE_ID }])
  })

  it("pre-registers a changed amount again, and nothing when it did not change", async () => {
    const { id, data } = await initiate(15000)
    const same = await provider.updatePayment({ amount: 15000, currency_code: "krw", data })
    const changed = await provider.updatePayment({ amount: 17000, currency_code: "krw", data: same.data })

    expect(changed.data).toMatchObject({ portone: { totalAmount: 17000 } })
    expect(preRegistrations(id).map((body: any) => body.totalAmount)).toEqual([15000, 17000])
    expect(portone.pay({ paymentId: id, totalAmount: 15000 }).code).toBe("AmountNotEqualToPredefined")
  })

  it("reports PortOne's status as Medusa's, and pending while PortOne has no payment", async () => {
    const { id, data } = await initiate(15000)
    expect(await provider.getPaymentStatus({ data })).toMatchObject({ status: PaymentSessionStatus.PENDING })
    portone.pay({ paymentId: id, totalAmount: 15000 })
    expect(await provider.getPaymentStatus({ data })).toMatchObject({ status: PaymentSessionStatus.CAPTURED, data: { status: "PAID" } })
  })

  it("captures without asking PortOne, and leaves PortOne's webhooks to the plugin's subscriber", async () => {
    const { data } = await initiate(15000)
    portone.reset()
    expect(await provider.capturePayment({ data })).toEqual({ data })
    expect(await provider.getWebhookActionAndData({ data: {}, rawData: "", headers: {} })).toEqual({ action: PaymentActions.NOT_SUPPORTED })
    expect(portone.requests).toEqual([])
  })

  it("gives back what PortOne took for a deleted session, and lets an unpaid one go", async () => {
    const unpaid = await initiate(15000)
    expect(await provider.deletePayment({ data: unpaid.data })).toEqual({ data: unpaid.data })

    const paid = await initiate(15000)
    portone.pay({ paymentId: paid.id, totalAmount: 15000 })
    expect(await provider.deletePayment({ data: paid.data })).toMatchObject({ data: { status: "CANCELLED" } })

    // PortOne out of reach must not block the cart change that deletes a session.
    const lost = await initiate(15000)
    portone.failNext({ path: `/payments/${lost.id}`, method: "GET", status: 503, type: "SERVICE_UNAVAILABLE", times: 10 })
    expect(await provider.deletePayment({ data: lost.data })).toEqual({ data: lost.data })
    expect(logger.warn).toHaveBeenCalledWith(expect.not.stringContaining(PORTONE_TEST_API_SECRET))
  })

  it("cancels what PortOne holds: the rest of a paid payment, an unpaid virtual account; nothing for an unpaid session", async () => {
    const card = await initiate(20000)
    portone.pay({ paymentId: card.id, totalAmount: 20000 })
    expect(await provider.cancelPayment({ data: card.data })).toMatchObject({ data: { status: "CANCELLED", payment: { amount: { cancelled: 20000 } } } })

    const account = await initiate(20000)
    portone.pay({ paymentId: account.id, totalAmount: 20000, payMethod: "VIRTUAL_ACCOUNT" })
    await provider.cancelPayment({ data: account.data })
    expect(portone.requestsTo("POST", `/payments/${account.id}/virtual-account/close`)).toHaveLength(1)

    const unpaid = await initiate(20000)
    expect(await provider.cancelPayment({ data: unpaid.data })).toEqual({ data: unpaid.data })
    expect(portone.requestsTo("POST", `/payments/${unpaid.id}/cancel`)).toEqual([])
  })
})
