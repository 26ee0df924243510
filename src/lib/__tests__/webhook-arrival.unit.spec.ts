import { createHmac } from "node:crypto"
import type { MedusaContainer } from "@medusajs/framework/types"
import { stampWebhookArrival, WEBHOOK_ARRIVAL_HEADER, webhookArrivalOf } from "../webhook-arrival"

const storeWith = (jwtSecret: string) => ({ resolve: () => ({ projectConfig: { http: { jwtSecret } } }) }) as unknown as MedusaContainer

/** The headers Medusa's webhook route hands on, after the middleware ran on a request with `sent` headers. */
function arrived(container: MedusaContainer, sent: Record<string, string> = {}) {
  const req = { headers: { ...sent }, scope: container } as any
  const next = jest.fn()
  stampWebhookArrival(req, {} as any, next)
  expect(next).toHaveBeenCalledWith()
  return req.headers as Record<string, string>
}

describe("a webhook's arrival", () => {
  const store = storeWith("the-store-secret")

  it("is the time this server received the delivery, read back by whoever handles the event", () => {
    const before = Date.now()
    const receivedAt = webhookArrivalOf(store, arrived(store))
    expect(receivedAt).toBeGreaterThanOrEqual(before)
    expect(receivedAt).toBeLessThanOrEqual(Date.now())
  })

  it("replaces whatever the caller sent under the header, even an earlier stamp signed with the store's secret", () => {
    const earlier = Date.now() - 60_000
    const forged = `${earlier}.${createHmac("sha256", "the-store-secret").update(`${WEBHOOK_ARRIVAL_HEADER}:${earlier}`).digest("hex")}`
    expect(webhookArrivalOf(store, { [WEBHOOK_ARRIVAL_HEADER]: forged })).toBe(earlier)

    const before = Date.now()
    expect(webhookArrivalOf(store, arrived(store, { [WEBHOOK_ARRIVAL_HEADER]: forged }))).toBeGreaterThanOrEqual(before)
  })

  it("is not taken from a stamp that is altered, signed with another secret, too old, or missing", () => {
    const stamp = arrived(store)[WEBHOOK_ARRIVAL_HEADER]
    const [at, signature] = stamp.split(".")
    expect(webhookArrivalOf(store, { [WEBHOOK_ARRIVAL_HEADER]: `${Number(at) - 5000}.${signature}` })).toBeNull()
    expect(webhookArrivalOf(store, arrived(storeWith("another-secret")))).toBeNull()
    expect(webhookArrivalOf(store, { [WEBHOOK_ARRIVAL_HEADER]: stamp }, Number(at) + 2 * 60 * 60 * 1000)).toBeNull()
    expect(webhookArrivalOf(store, { [WEBHOOK_ARRIVAL_HEADER]: String(Date.now()) })).toBeNull()
    expect(webhookArrivalOf(store, {})).toBeNull()
    expect(webhookArrivalOf(store, undefined)).toBeNull()
  })
})
