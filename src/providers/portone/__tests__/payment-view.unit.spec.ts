import { PORTONE_TEST_API_SECRET, PortOneSandbox, startPortOneSandbox } from "../../../../sandbox/portone"
import { PortOneClient } from "../../../portone/client"
import { adminPortOneView } from "../../../api/admin/portone/admin-view"
import { portOneView } from "../../../lib/sync-plan"
import { paymentForSteps, paymentView } from "../payment-view"

describe("paymentView", () => {
  let portone: PortOneSandbox
  let client: PortOneClient
  beforeAll(async () => {
    portone = await startPortOneSandbox({ webhooks: false })
    client = new PortOneClient({ apiSecret: PORTONE_TEST_API_SECRET, apiBaseUrl: portone.url })
  })
  afterAll(() => portone.close())

  it("keeps no billing key and no customer details of a billing-key payment", async () => {
    const billingKey = portone.issueBillingKey({ customerId: "cus_private" })
    await client.payWithBillingKey("sub_1", { billingKey, orderName: "월간 이용권", amount: { total: 8900 }, currency: "KRW", customer: { id: "cus_private" } }, "charge:sub_1:8900")
    const payment = await client.getPayment("sub_1")
    const view = paymentView(payment)

    expect(JSON.stringify(payment)).toContain(billingKey)
    expect(JSON.stringify(view)).not.toContain(billingKey)
    expect(JSON.stringify(view)).not.toContain("cus_private")
    expect(view).toMatchObject({ paymentId: "sub_1", status: "PAID", currency: "KRW", amount: { total: 8900, paid: 8900 }, test: true })
  })

  it("keeps what the shopper needs to pay a virtual account", async () => {
    portone.pay({ paymentId: "va_1", totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT" })
    const view = paymentView(await client.getPayment("va_1"))

    expect(view).toMatchObject({
      status: "VIRTUAL_ACCOUNT_ISSUED",
      method: "PaymentMethodVirtualAccount",
      virtualAccount: { bank: "KOOKMIN", accountNumber: expect.any(String), expiredAt: expect.any(String) },
    })
  })

  it("hands workflow steps what the sync reads of a payment, without its billing key or customer", async () => {
    const billingKey = portone.issueBillingKey({ customerId: "cus_private" })
    await client.payWithBillingKey("sub_2", { billingKey, orderName: "월간 이용권", amount: { total: 8900 }, currency: "KRW", customer: { id: "cus_private" } }, "charge:sub_2:8900")
    portone.consoleCancel("sub_2", { reason: "부분 환불", amount: 1000 })
    const payment = await client.getPayment("sub_2")
    const kept = paymentForSteps(payment)

    expect(JSON.stringify(payment)).toContain("cus_private")
    expect(JSON.stringify(kept)).not.toContain(billingKey)
    expect(JSON.stringify(kept)).not.toContain("cus_private")
    portone.pay({ paymentId: "va_2", totalAmount: 30000, payMethod: "VIRTUAL_ACCOUNT" })
    const account = await client.getPayment("va_2")
    for (const [full, trimmed] of [
      [payment, kept],
      [account, paymentForSteps(account)],
    ]) {
      expect(portOneView(trimmed)).toEqual(portOneView(full))
      expect(paymentView(trimmed)).toEqual(paymentView(full))
      expect(adminPortOneView(trimmed)).toEqual(adminPortOneView(full))
    }
  })
})
