import http from "node:http"
import { AddressInfo } from "node:net"
import { PORTONE_TEST_STORE_ID, PORTONE_TEST_WEBHOOK_SECRET, PortOneSandbox, signWebhook, startPortOneSandbox } from "../../../../sandbox/portone"
import { readWebhook } from "../webhook"

const options = { storeId: PORTONE_TEST_STORE_ID, webhookSecret: PORTONE_TEST_WEBHOOK_SECRET }

describe("readWebhook", () => {
  let portone: PortOneSandbox
  let server: http.Server
  const received: Array<{ body: string; headers: Record<string, string> }> = []
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ""
      req.on("data", (chunk) => (body += chunk))
      req.on("end", () => {
        received.push({ body, headers: req.headers as Record<string, string> })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    portone = await startPortOneSandbox({ webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/payment/portone` })
  })
  afterAll(async () => {
    await portone.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  beforeEach(() => (received.length = 0))

  it("points a paid, a cancelled and a billing-key webhook from PortOne at what to look up", async () => {
    portone.pay({ paymentId: "payses_hook_1", totalAmount: 1000 })
    portone.consoleCancel("payses_hook_1", { reason: "콘솔 취소" })
    const billingKey = portone.issueBillingKey({ customerId: "cus_1" })
    await portone.flushWebhooks()

    const readings = await Promise.all(received.map(({ body, headers }) => readWebhook(options, body, headers)))
    expect(readings).toEqual([
      { kind: "payment", type: "Transaction.Paid", paymentId: "payses_hook_1", webhookId: received[0].headers["webhook-id"] },
      { kind: "payment", type: "Transaction.Cancelled", paymentId: "payses_hook_1", webhookId: received[1].headers["webhook-id"] },
      { kind: "billing-key", type: "BillingKey.Issued", billingKey },
    ])
  })

  it("refuses a forged or altered webhook, and ignores another store's or an unknown type", async () => {
    const body = JSON.stringify({ type: "Transaction.Paid", timestamp: new Date().toISOString(), data: { paymentId: "p", storeId: PORTONE_TEST_STORE_ID, transactionId: "t" } })
    const forged = signWebhook(`whsec_${Buffer.from("not the store's secret").toString("base64")}`, "msg_forged", body)
    const genuine = signWebhook(PORTONE_TEST_WEBHOOK_SECRET, "msg_1", body)
    const otherStore = body.replace(PORTONE_TEST_STORE_ID, "store-other")
    const unknown = JSON.stringify({ type: "Settlement.Done", timestamp: new Date().toISOString(), data: { paymentId: "p", storeId: PORTONE_TEST_STORE_ID } })

    expect(await readWebhook(options, body, forged)).toEqual({ kind: "refused", reason: "NO_MATCHING_SIGNATURE" })
    expect(await readWebhook(options, body.replace('"p"', '"q"'), genuine)).toEqual({ kind: "refused", reason: "NO_MATCHING_SIGNATURE" })
    expect(await readWebhook(options, body, {})).toEqual({ kind: "refused", reason: "MISSING_REQUIRED_HEADERS" })
    expect(await readWebhook(options, otherStore, signWebhook(PORTONE_TEST_WEBHOOK_SECRET, "msg_2", otherStore))).toEqual({ kind: "ignored", type: "Transaction.Paid" })
    expect(await readWebhook(options, unknown, signWebhook(PORTONE_TEST_WEBHOOK_SECRET, "msg_3", unknown))).toEqual({ kind: "ignored", type: "Settlement.Done" })
    expect(await readWebhook(options, body, genuine)).toEqual({ kind: "payment", type: "Transaction.Paid", paymentId: "p", webhookId: "msg_1" })
  })

  it("refuses a genuine webhook replayed after five minutes", async () => {
    const body = JSON.stringify({ type: "Transaction.Paid", timestamp: new Date().toISOString(), data: { paymentId: "p", storeId: PORTONE_TEST_STORE_ID, transactionId: "t" } })
    const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000)
    expect(await readWebhook(options, body, signWebhook(PORTONE_TEST_WEBHOOK_SECRET, "msg_old", body, sixMinutesAgo))).toEqual({ kind: "refused", reason: "TIMESTAMP_TOO_OLD" })
  })
})
