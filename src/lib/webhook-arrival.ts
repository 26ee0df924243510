import { createHmac, timingSafeEqual } from "node:crypto"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * When a webhook reached a server. Medusa's `/hooks/payment/:provider` route
 * hands the request's headers to the event it emits, and a worker handles
 * that event seconds later (one at a time, in a cluster): the sync must
 * compare Toss's last answer with the delivery's arrival, not with the
 * moment the worker took it up, or each duplicate of a burst asks Toss again.
 */
export const WEBHOOK_ARRIVAL_HEADER = "x-medusa-toss-received-at"

/** A stamp older than this is not used (Medusa retries a failed event within minutes). */
const MAX_AGE_MS = 60 * 60 * 1000
/** Servers' and workers' clocks may differ a little. */
const MAX_SKEW_MS = 60 * 1000

/**
 * Signed with the store's own secret, so that a caller cannot send a stamp
 * of its own: an earlier time would make the sync skip its lookup.
 */
function sign(secret: string, receivedAt: number): string {
  return createHmac("sha256", secret).update(`${WEBHOOK_ARRIVAL_HEADER}:${receivedAt}`).digest("hex")
}

function secretOf(container: MedusaContainer): string | undefined {
  const secret = container.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE).projectConfig.http.jwtSecret
  return typeof secret === "string" && secret ? secret : undefined
}

/** Before Medusa's webhook route: whatever the caller sent under the header is replaced by this server's own stamp. */
export function stampWebhookArrival(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  delete req.headers[WEBHOOK_ARRIVAL_HEADER]
  const secret = secretOf(req.scope)
  if (secret) {
    const receivedAt = Date.now()
    req.headers[WEBHOOK_ARRIVAL_HEADER] = `${receivedAt}.${sign(secret, receivedAt)}`
  }
  next()
}

/**
 * The arrival a server stamped on this delivery, or null when there is no
 * valid stamp (the caller then falls back to the time it handles the event,
 * which can only cost a lookup more, never one less).
 */
export function webhookArrivalOf(container: MedusaContainer, headers: Record<string, unknown> | undefined, now = Date.now()): number | null {
  const stamp = headers?.[WEBHOOK_ARRIVAL_HEADER]
  const secret = secretOf(container)
  const match = typeof stamp === "string" ? /^(\d{13})\.([0-9a-f]{64})$/.exec(stamp) : null
  if (!match || !secret) {
    return null
  }
  const receivedAt = Number(match[1])
  const expected = Buffer.from(sign(secret, receivedAt), "hex")
  if (!timingSafeEqual(expected, Buffer.from(match[2], "hex"))) {
    return null
  }
  return receivedAt > now - MAX_AGE_MS && receivedAt <= now + MAX_SKEW_MS ? receivedAt : null
}
