import { verifyPortOneWebhook } from "../../portone/webhook"
import { webhookAction } from "./const"
import { PortOneOptions, webhookSecrets } from "./options"

export type WebhookReading =
  /** Not signed with the store's secret, too old or too new: refused, and nothing is asked of PortOne. */
  | { kind: "refused"; reason: string }
  /** Verified, but nothing to do (a type that moves no money, unknown, or another store's). */
  | { kind: "ignored"; type: string }
  /** Look this payment up and sync it (`webhookId`: the delivery's verified id, the same on every replay). */
  | { kind: "payment"; type: string; paymentId: string; webhookId: string }
  /** Look this billing key up. */
  | { kind: "billing-key"; type: string; billingKey: string }

/**
 * The first thing done with a webhook: verified with the SDK over the raw
 * body before anything reads it, then read as a pointer. Nothing here asks
 * PortOne: a forged webhook costs no request.
 */
export async function readWebhook(
  options: Pick<PortOneOptions, "webhookSecret" | "storeId">,
  rawBody: string | Buffer,
  headers: Record<string, string | string[] | undefined>
): Promise<WebhookReading> {
  const verification = await verifyPortOneWebhook(webhookSecrets(options), rawBody, headers)
  if (!verification.verified) {
    return { kind: "refused", reason: verification.reason }
  }
  const { hint } = verification
  const type = hint?.type ?? String((verification.webhook as { type?: unknown }).type ?? "")
  const data = (verification.webhook as { data?: { storeId?: unknown } }).data
  if (!hint || data?.storeId !== options.storeId) {
    return { kind: "ignored", type }
  }
  const action = webhookAction(type)
  if (action === "sync-payment" && hint.kind === "payment") {
    return { kind: "payment", type, paymentId: hint.paymentId, webhookId: String(headerOf(headers, "webhook-id")) }
  }
  if (action === "sync-billing-key" && hint.kind === "billingKey") {
    return { kind: "billing-key", type, billingKey: hint.billingKey }
  }
  return { kind: "ignored", type }
}

/** A header as the SDK reads it (its first value). */
function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}
