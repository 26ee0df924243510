import http from "http"
import { AddressInfo } from "net"
import { PortOneClient } from "../client"

/**
 * The client is written by hand (the SDK sends no Idempotency-Key): each
 * call must put on the wire what @portone/server-sdk's own method sends —
 * method, path, query and body — plus the key.
 */
const { PortOneClient: SdkClient } = require("@portone/server-sdk")

interface Seen {
  method: string
  path: string
  query: Record<string, unknown>
  body: unknown
  key?: string
}

describe("PortOneClient against @portone/server-sdk", () => {
  const seen: Seen[] = []
  let server: http.Server
  let url: string
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = ""
      req.on("data", (chunk) => (raw += chunk))
      req.on("end", () => {
        const parsed = new URL(req.url!, "http://x")
        const query = Object.fromEntries([...parsed.searchParams].map(([name, value]) => [name, name === "requestBody" ? JSON.parse(value) : value]))
        seen.push({ method: req.method!, path: parsed.pathname, query, body: raw ? JSON.parse(raw) : null, key: req.headers["idempotency-key"] as string | undefined })
        res.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  const KEY = "parity-key-0123456789"
  const ours = () => new PortOneClient({ apiSecret: "secret", apiBaseUrl: url, storeId: "store-1" })
  const sdk = () => SdkClient({ secret: "secret", baseUrl: url, storeId: "store-1" })

  async function compare(viaOurs: (client: PortOneClient) => Promise<unknown>, viaSdk: (client: any) => Promise<unknown>, { mutating = true } = {}) {
    seen.length = 0
    await viaSdk(sdk())
    await viaOurs(ours())
    const [theirs, mine] = seen
    // The SDK fills a client-wide storeId into bodies but not into query
    // strings (GET /payments/{id}, DELETE /billing-keys/{key}, …); this client
    // sends it in both, as a sub-store needs it there too.
    const withoutStore = ({ storeId: _storeId, ...query }: Record<string, unknown>) => query
    expect({ ...mine, query: withoutStore(mine.query), key: undefined }).toEqual({ ...theirs, query: withoutStore(theirs.query), key: undefined })
    if (mine.body === null && !("requestBody" in mine.query)) expect(mine.query.storeId).toBe("store-1")
    expect(mine.key).toBe(mutating ? `"${KEY}"` : undefined)
  }

  const logistics = { company: "CJ", invoiceNumber: "1", sentAt: "2026-12-07T00:00:00Z" }
  const receipt = { paymentId: "p 1", channelKey: "ck", type: "PERSONAL", orderName: "o", currency: "KRW", amount: { total: 1000 }, customer: { identityNumber: "010" } }

  it("gets a payment and payment events as the SDK does", async () => {
    await compare((c) => c.getPayment("p 1"), (s) => s.payment.getPayment({ paymentId: "p 1" }), { mutating: false })
    await compare((c) => c.listPaymentEvents({ cursor: "c", size: 5 }), (s) => s.payment.getAllPaymentEventsByCursor({ cursor: "c", size: 5 }), { mutating: false })
    await compare((c) => c.getCashReceipt("p 1"), (s) => s.payment.cashReceipt.getCashReceiptByPaymentId({ paymentId: "p 1" }), { mutating: false })
  })

  it("sends each mutating call as the SDK does, plus the key", async () => {
    const cancel = { reason: "r", amount: 10, taxFreeAmount: 0, currentCancellableAmount: 100, refundAccount: { bank: "KOOKMIN", number: "1", holderName: "h" } }
    await compare((c) => c.cancelPayment("p 1", cancel as never, KEY), (s) => s.payment.cancelPayment({ paymentId: "p 1", ...cancel }))
    await compare((c) => c.preRegisterPayment("p 1", { totalAmount: 10, currency: "KRW" }, KEY), (s) => s.payment.preRegisterPayment({ paymentId: "p 1", totalAmount: 10, currency: "KRW" }))
    await compare((c) => c.confirmPayment("p 1", { paymentToken: "t", totalAmount: 10 }, KEY), (s) => s.payment.confirmPayment({ paymentId: "p 1", paymentToken: "t", totalAmount: 10 }))
    const charge = { billingKey: "bk", orderName: "o", amount: { total: 10 }, currency: "KRW" as const }
    await compare((c) => c.payWithBillingKey("p 1", charge, KEY), (s) => s.payment.payWithBillingKey({ paymentId: "p 1", ...charge }))
    await compare((c) => c.deleteBillingKey("bk 1", { reason: "r" }, KEY), (s) => s.payment.billingKey.deleteBillingKey({ billingKey: "bk 1", reason: "r" }))
    await compare((c) => c.closeVirtualAccount("p 1", KEY), (s) => s.payment.closeVirtualAccount({ paymentId: "p 1" }))
    await compare((c) => c.applyEscrowLogistics("p 1", { logistics } as never, KEY), (s) => s.payment.applyEscrowLogistics({ paymentId: "p 1", logistics }))
    await compare((c) => c.modifyEscrowLogistics("p 1", { logistics } as never, KEY), (s) => s.payment.modifyEscrowLogistics({ paymentId: "p 1", logistics }))
    await compare((c) => c.confirmEscrow("p 1", { fromStore: true }, KEY), (s) => s.payment.confirmEscrow({ paymentId: "p 1", fromStore: true }))
    await compare((c) => c.issueCashReceipt(receipt as never, KEY), (s) => s.payment.cashReceipt.issueCashReceipt(receipt))
    await compare((c) => c.cancelCashReceipt("p 1", KEY), (s) => s.payment.cashReceipt.cancelCashReceiptByPaymentId({ paymentId: "p 1" }))
  })
})
