import type { ProviderWebhookPayload } from "@medusajs/framework/types"

/** What a Toss webhook claims. Only a hint: the payment is looked up before anything is done. */
export interface WebhookNotice {
  eventType: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK" | "CANCEL_STATUS_CHANGED"
  paymentKey: string | null
  orderId: string | null
  /** DEPOSIT_CALLBACK carries the virtual account's `secret`. */
  secret: string | null
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/

function id(value: unknown): string | null {
  return typeof value === "string" && ID_PATTERN.test(value) ? value : null
}

/** Reads the three payment events of toss-api.md §6; anything else is null. */
export function parseWebhook(payload: ProviderWebhookPayload["payload"]): WebhookNotice | null {
  const body = payload?.data as Record<string, unknown> | undefined
  if (!body || typeof body !== "object") {
    return null
  }
  const data = (body.data ?? {}) as Record<string, unknown>
  switch (body.eventType) {
    case "PAYMENT_STATUS_CHANGED":
    case "CANCEL_STATUS_CHANGED": {
      const notice = { eventType: body.eventType, paymentKey: id(data.paymentKey), orderId: id(data.orderId), secret: null }
      return notice.paymentKey || notice.orderId ? notice : null
    }
    case undefined: {
      // DEPOSIT_CALLBACK is flat and has no eventType.
      const orderId = id(body.orderId)
      const secret = typeof body.secret === "string" ? body.secret : null
      return orderId && secret ? { eventType: "DEPOSIT_CALLBACK", paymentKey: null, orderId, secret } : null
    }
    default:
      return null
  }
}
