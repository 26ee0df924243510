import vm from "node:vm"
import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from ".."
import { PortOneClient } from "../../../src/portone/client"
import { idempotencyKey } from "../../../src/portone/idempotency-key"

describe("PortOne sandbox controls over HTTP", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  beforeEach(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url, retryBaseDelayMs: 1, maxRetries: 0 })
  })
  afterEach(() => portone.close())

  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(portone.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.text()
    return { status: response.status, text, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null }
  }

  it("pays in the window, then pays a virtual account from the bank page's button", async () => {
    expect((await control("POST", "/sandbox/pay", { paymentId: "va_ctl", totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT", orderName: "주문 va_ctl" })).body).toMatchObject({
      paymentId: "va_ctl",
    })
    const bank = await control("GET", "/sandbox/bank")
    expect(bank.text).toContain("주문 va_ctl")
    expect(bank.text).toContain('data-payment-id="va_ctl"')

    // The page's own script, with its one button pressed.
    const listeners: Array<() => Promise<void>> = []
    const button = { dataset: { paymentId: "va_ctl" }, addEventListener: (_: string, fn: () => Promise<void>) => listeners.push(fn) }
    let reloaded = false
    vm.runInNewContext(/<script>([\s\S]*)<\/script>/.exec(bank.text)![1], { document: { querySelectorAll: () => [button] }, fetch, location: { reload: () => (reloaded = true) }, encodeURIComponent })
    await Promise.all(listeners.map((press) => press()))

    expect(reloaded).toBe(true)
    expect(portone.getPayment("va_ctl")).toMatchObject({ status: "PAID" })
    expect((await control("GET", "/sandbox/bank")).text).not.toContain("va_ctl")
    expect((await control("POST", "/sandbox/payments/va_ctl/deposit")).status).toBe(400)
  })

  it("cancels in the console with PortOne's rules, marked as the console's", async () => {
    await control("POST", "/sandbox/pay", { paymentId: "p_ctl", totalAmount: 10000 })
    const over = await control("POST", "/sandbox/payments/p_ctl/console-cancel", { reason: "콘솔 취소", amount: 20000 })
    const cancelled = await control("POST", "/sandbox/payments/p_ctl/console-cancel", { reason: "콘솔 취소", amount: 4000 })

    expect(over).toMatchObject({ status: 409, body: { type: "CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT" } })
    expect(cancelled.body).toMatchObject({ status: "PARTIAL_CANCELLED", cancellations: [{ trigger: "CONSOLE", totalAmount: 4000 }] })
  })

  it("sets faults, lists requests, and answers an unknown control with 404", async () => {
    await control("POST", "/sandbox/pay", { paymentId: "p_fault", totalAmount: 10000 })
    expect((await control("POST", "/sandbox/faults", { kind: "fail", status: 502, type: "PG_PROVIDER", path: "/cancel" })).status).toBe(200)
    await expect(client.cancelPayment("p_fault", { reason: "환불" }, idempotencyKey("refund", "p_fault"))).rejects.toMatchObject({ type: "PG_PROVIDER" })

    expect((await control("GET", "/sandbox/requests")).body.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([["/payments/p_fault/cancel", 502]])
    expect((await control("POST", "/sandbox/faults", { kind: "explode" })).status).toBe(400)
    expect((await control("GET", "/sandbox/nothing")).status).toBe(404)
  })
})
