import { createHmac, randomBytes } from "crypto"
import { checkWebhookSecret, verifyPortOneWebhook, webhookHint } from "../webhook"

const KEY = randomBytes(24)
const SECRET = `whsec_${KEY.toString("base64")}`
const OTHER_SECRET = `whsec_${randomBytes(24).toString("base64")}`

/** Signs as PortOne does (Standard Webhooks), independently of the SDK under test. */
function signed(body: string, { key = KEY, id = "msg_1", at = Math.floor(Date.now() / 1000) } = {}) {
  const signature = createHmac("sha256", key).update(`${id}.${at}.${body}`).digest("base64")
  return { "webhook-id": id, "webhook-timestamp": String(at), "webhook-signature": `v1,${signature}` }
}

const PAID = JSON.stringify({
  type: "Transaction.Paid",
  timestamp: "2026-12-07T01:00:00.000Z",
  data: { paymentId: "payses_01JTEST", storeId: "store-1", transactionId: "tx-1" },
})

describe("verifyPortOneWebhook", () => {
  it("accepts a body signed with the secret and points at its payment", async () => {
    const result = await verifyPortOneWebhook(SECRET, PAID, signed(PAID))

    expect(result).toEqual({
      verified: true,
      webhook: JSON.parse(PAID),
      hint: { kind: "payment", type: "Transaction.Paid", paymentId: "payses_01JTEST", transactionId: "tx-1" },
    })
  })

  it("accepts the raw body as a Buffer and header names in any case", async () => {
    const headers = Object.fromEntries(Object.entries(signed(PAID)).map(([name, value]) => [name.toUpperCase(), value]))
    expect(await verifyPortOneWebhook(SECRET, Buffer.from(PAID), headers)).toMatchObject({ verified: true })
  })

  it("refuses a body changed after signing, even by re-serialising it", async () => {
    const headers = signed(PAID)
    const reserialised = JSON.stringify(JSON.parse(PAID), null, 1)
    const tampered = PAID.replace("payses_01JTEST", "payses_01JOTHER")

    expect(await verifyPortOneWebhook(SECRET, reserialised, headers)).toEqual({ verified: false, reason: "NO_MATCHING_SIGNATURE" })
    expect(await verifyPortOneWebhook(SECRET, tampered, headers)).toEqual({ verified: false, reason: "NO_MATCHING_SIGNATURE" })
  })

  it("refuses a webhook without signature headers, signed with another secret, or replayed later", async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60

    expect(await verifyPortOneWebhook(SECRET, PAID, {})).toEqual({ verified: false, reason: "MISSING_REQUIRED_HEADERS" })
    expect(await verifyPortOneWebhook(OTHER_SECRET, PAID, signed(PAID))).toEqual({ verified: false, reason: "NO_MATCHING_SIGNATURE" })
    expect(await verifyPortOneWebhook(SECRET, PAID, signed(PAID, { at: sixMinutesAgo }))).toEqual({ verified: false, reason: "TIMESTAMP_TOO_OLD" })
  })

  it("takes either of two secrets while one is rotated", async () => {
    expect(await verifyPortOneWebhook([OTHER_SECRET, SECRET], PAID, signed(PAID))).toMatchObject({ verified: true })
  })

  it("reports a signed body that is not JSON without throwing", async () => {
    expect(await verifyPortOneWebhook(SECRET, "not json", signed("not json"))).toEqual({ verified: false, reason: "INVALID_JSON" })
  })
})

describe("webhookHint", () => {
  it("reads cancels and billing keys, and ignores what it does not know", () => {
    expect(
      webhookHint({ type: "Transaction.Cancelled", data: { paymentId: "p", transactionId: "t", cancellationId: "c", storeId: "s" } })
    ).toEqual({ kind: "payment", type: "Transaction.Cancelled", paymentId: "p", transactionId: "t", cancellationId: "c" })
    expect(webhookHint({ type: "BillingKey.Issued", data: { billingKey: "bk", storeId: "s" } })).toEqual({
      kind: "billingKey",
      type: "BillingKey.Issued",
      billingKey: "bk",
    })
    expect(webhookHint({ type: "Transaction.Paid", data: { paymentId: 42 } })).toBeNull()
    expect(webhookHint({ type: "Settlement.Done", data: { paymentId: "p" } })).toBeNull()
    expect(webhookHint({ payment_id: "p", tx_id: "t", status: "Paid" })).toBeNull()
  })
})

describe("checkWebhookSecret", () => {
  it("passes a base64 secret and refuses one the SDK cannot read", async () => {
    await expect(checkWebhookSecret(SECRET)).resolves.toBeUndefined()
    await expect(checkWebhookSecret("whsec_not base64!")).rejects.toThrow()
    await expect(checkWebhookSecret("")).rejects.toThrow()
  })
})
