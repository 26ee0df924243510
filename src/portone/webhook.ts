import type { Webhook } from "@portone/server-sdk/webhook" with { "resolution-mode": "import" }

type Sdk = typeof import("@portone/server-sdk", { with: { "resolution-mode": "import" } })
// The SDK's CommonJS build, typed by its ESM declarations (see types.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Webhook: PortOneWebhook } = require("@portone/server-sdk") as Sdk

export type { Webhook }

/** What a verified webhook points at; the payment or key is then looked up, never taken from the webhook. */
export type WebhookHint =
  | { kind: "payment"; type: string; paymentId: string; transactionId?: string; cancellationId?: string }
  | { kind: "billingKey"; type: string; billingKey: string }

export type WebhookVerification =
  | { verified: true; webhook: Webhook; hint: WebhookHint | null }
  /** `reason`: the SDK's WebhookVerificationError reason, or INVALID_JSON for a signed body that is not JSON. */
  | { verified: false; reason: string }

type Headers = Record<string, string | string[] | undefined>

/**
 * Verifies a PortOne V2 webhook with the official SDK (Standard Webhooks:
 * HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, a five-minute
 * timestamp tolerance either way) before anything else reads it. `rawBody`
 * must be the body exactly as received: a re-serialised JSON object does not
 * verify. Several secrets: PortOne keeps two alive while one is rotated.
 * A secret that is not base64 throws: that is the store's configuration, not
 * the sender's doing, and is checked at boot.
 */
export async function verifyPortOneWebhook(
  secrets: string | readonly string[],
  rawBody: string | Buffer,
  headers: Headers
): Promise<WebhookVerification> {
  const payload = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8")
  let reason = "NO_MATCHING_SIGNATURE"
  for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
    try {
      const webhook = await PortOneWebhook.verify(secret, payload, headers)
      return { verified: true, webhook, hint: webhookHint(webhook) }
    } catch (error) {
      if (error instanceof PortOneWebhook.WebhookVerificationError) {
        reason = error.reason
      } else if (error instanceof SyntaxError) {
        return { verified: false, reason: "INVALID_JSON" }
      } else {
        throw error
      }
    }
  }
  return { verified: false, reason }
}

/** Throws when PortOne's SDK would not take this webhook secret (for the options check at boot). */
export async function checkWebhookSecret(secret: string): Promise<void> {
  try {
    await PortOneWebhook.verify(secret, "{}", { "webhook-id": "x", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,AA==" })
  } catch (error) {
    if (error instanceof PortOneWebhook.InvalidInputError) {
      throw error
    }
  }
}

/**
 * The payment or billing key a webhook is about. The SDK does not check the
 * body against its types, so the fields are checked here; a type newer than
 * the SDK, or a body of the old 2024-01-01 version, gives null (PortOne asks
 * that unknown webhooks be accepted and ignored).
 */
export function webhookHint(webhook: unknown): WebhookHint | null {
  const { type, data } = (webhook ?? {}) as { type?: unknown; data?: Record<string, unknown> }
  if (typeof type !== "string" || !data || typeof data !== "object") {
    return null
  }
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined)
  if (type.startsWith("Transaction.") && text(data.paymentId)) {
    return {
      kind: "payment",
      type,
      paymentId: data.paymentId as string,
      ...(text(data.transactionId) && { transactionId: data.transactionId as string }),
      ...(text(data.cancellationId) && { cancellationId: data.cancellationId as string }),
    }
  }
  if (type.startsWith("BillingKey.") && text(data.billingKey)) {
    return { kind: "billingKey", type, billingKey: data.billingKey as string }
  }
  return null
}
