import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { ExpectedPayment } from "../payment-check"
import { MISMATCH_REASON, settlePayment } from "../settle"

describe("settlePayment", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000, maxRetries: 2 })
  })
  afterAll(() => portone.close())
  beforeEach(() => portone.reset())

  function session(overrides: Partial<ExpectedPayment> = {}): ExpectedPayment {
    return { paymentId: `payses_settle_${++counter}`, amount: 15000, currency: "KRW", taxFreeAmount: 1000, storeId: portone.storeId, channelKeys: portone.channels.map((c) => c.key), ...overrides }
  }

  it("captures a payment that matches the session, and waits for a virtual account's deposit", async () => {
    const card = session()
    portone.pay({ paymentId: card.paymentId, totalAmount: 15000, taxFreeAmount: 1000 })
    const account = session()
    portone.pay({ paymentId: account.paymentId, totalAmount: 15000, taxFreeAmount: 1000, payMethod: "VIRTUAL_ACCOUNT" })

    expect(await settlePayment(client, card)).toMatchObject({ outcome: "paid", payment: { status: "PAID" } })
    expect(await settlePayment(client, account)).toMatchObject({ outcome: "waiting-for-deposit" })
    expect(portone.requestsTo("POST", /./)).toEqual([])
  })

  it("settles with PortOne's answer the sync just had, asking nothing; an answer about another payment is not used", async () => {
    const card = session()
    portone.pay({ paymentId: card.paymentId, totalAmount: 15000, taxFreeAmount: 1000 })
    const answer = portone.getPayment(card.paymentId)!

    expect(await settlePayment(client, card, { answer })).toMatchObject({ outcome: "paid", payment: { status: "PAID" } })
    expect(portone.requests).toEqual([])

    const other = session()
    portone.pay({ paymentId: other.paymentId, totalAmount: 15000, taxFreeAmount: 1000, payMethod: "VIRTUAL_ACCOUNT" })
    expect(await settlePayment(client, other, { answer })).toMatchObject({ outcome: "waiting-for-deposit" })
    expect(portone.requestsTo("GET", `/payments/${other.paymentId}`)).toHaveLength(1)
  })

  it("gives back in full, tax-free share included, a payment whose amount was tampered with", async () => {
    const expected = session()
    portone.pay({ paymentId: expected.paymentId, totalAmount: 100, taxFreeAmount: 0 })
    const settled = await settlePayment(client, expected)

    expect(settled).toMatchObject({ outcome: "mismatch", givenBack: true, mismatches: ["100 KRW instead of 15000 KRW", "tax-free 0 instead of 1000"] })
    expect(portone.getPayment(expected.paymentId)).toMatchObject({ status: "CANCELLED", cancellations: [{ totalAmount: 100, taxFreeAmount: 0, reason: MISMATCH_REASON }] })
    expect(portone.requestsTo("POST", "/cancel")[0].body).toMatchObject({ amount: 100, taxFreeAmount: 0, currentCancellableAmount: 100 })
  })

  it("closes a virtual account issued for another amount", async () => {
    const expected = session()
    portone.pay({ paymentId: expected.paymentId, totalAmount: 99000, taxFreeAmount: 1000, payMethod: "VIRTUAL_ACCOUNT" })

    expect(await settlePayment(client, expected)).toMatchObject({ outcome: "mismatch", givenBack: true })
    expect(portone.requestsTo("POST", "/virtual-account/close")).toHaveLength(1)
    expect(portone.getPayment(expected.paymentId)).toMatchObject({ status: "CANCELLED" })
  })

  it("gives a mismatched payment back once when the cancel's answer is lost and the settle runs again", async () => {
    const expected = session()
    portone.pay({ paymentId: expected.paymentId, totalAmount: 20000, taxFreeAmount: 1000 })
    portone.dropNextResponse({ mode: "reset", path: "/cancel", times: 3 })

    expect(await settlePayment(client, expected)).toMatchObject({ outcome: "mismatch", givenBack: false })
    expect(await settlePayment(client, expected)).toMatchObject({ outcome: "mismatch", givenBack: true })
    expect(portone.getPayment(expected.paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 20000 } })
    expect((portone.getPayment(expected.paymentId) as { cancellations: unknown[] }).cancellations).toHaveLength(1)
  })

  it("waits for a window not finished, reports a decline, and decides nothing when PortOne cannot be asked", async () => {
    const unopened = session()
    const declined = session()
    portone.pay({ paymentId: declined.paymentId, totalAmount: 15000, taxFreeAmount: 1000, outcome: "FAILED" })
    const unreachable = session()
    portone.pay({ paymentId: unreachable.paymentId, totalAmount: 15000, taxFreeAmount: 1000 })

    expect(await settlePayment(client, unopened)).toEqual({ outcome: "pending", payment: null })
    expect(await settlePayment(client, declined)).toMatchObject({ outcome: "failed", reason: "카드 한도 초과" })
    portone.failNext({ status: 503, type: "UNAVAILABLE", path: unreachable.paymentId, times: 3 })
    expect(await settlePayment(client, unreachable)).toMatchObject({ outcome: "unknown", error: { type: "UNAVAILABLE" } })
    expect(portone.getPayment(unreachable.paymentId)).toMatchObject({ status: "PAID" })
  })
})

describe("settlePayment on a manual-confirm channel", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  let counter = 0
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, timeoutMs: 1000, maxRetries: 2 })
  })
  afterAll(() => portone.close())

  function windowFor(totalAmount: number) {
    const channelKey = portone.channels.find((channel) => channel.manualConfirm)!.key
    const expected: ExpectedPayment = { paymentId: `payses_manual_${++counter}`, amount: 15000, currency: "KRW", storeId: portone.storeId, channelKeys: [channelKey] }
    const result = portone.pay({ paymentId: expected.paymentId, totalAmount, channelKey })
    return { expected, approval: { paymentToken: result.paymentToken!, txId: result.txId } }
  }

  it("approves the stored amount and captures it", async () => {
    const { expected, approval } = windowFor(15000)
    expect(await settlePayment(client, expected, { approval })).toMatchObject({ outcome: "paid", payment: { status: "PAID" } })
    expect(portone.requestsTo("POST", `/payments/${expected.paymentId}/confirm`)[0].body).toMatchObject({ totalAmount: 15000, taxFreeAmount: 0, currency: "KRW", txId: approval.txId })
  })

  it("leaves a window with another amount unapproved, so there is nothing to give back", async () => {
    const { expected, approval } = windowFor(100)
    expect(await settlePayment(client, expected, { approval })).toMatchObject({ outcome: "refused", type: "INFORMATION_MISMATCH" })
    expect(portone.getPayment(expected.paymentId)).toMatchObject({ status: "READY" })
    expect(portone.requestsTo("POST", `/payments/${expected.paymentId}/cancel`)).toEqual([])
  })

  it("approves once when the confirm's answer is lost, and once when the settle runs again", async () => {
    const { expected, approval } = windowFor(15000)
    portone.dropNextResponse({ mode: "reset", path: "/confirm", times: 3 })
    expect(await settlePayment(client, expected, { approval })).toMatchObject({ outcome: "paid" })
    expect(await settlePayment(client, expected, { approval })).toMatchObject({ outcome: "paid" })
    expect(portone.requestsTo("POST", `/payments/${expected.paymentId}/confirm`).map((r) => r.replayed ?? false)).toEqual([false, true, true, true])
  })
})
