import type { ProviderWebhookPayload } from "@medusajs/framework/types"

/** What a Toss payment event claims. Only a hint: the payment is looked up before anything is done. */
export interface PaymentNotice {
  eventType: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK" | "CANCEL_STATUS_CHANGED"
  paymentKey: string | null
  orderId: string | null
  /** DEPOSIT_CALLBACK carries the virtual account's `secret`. */
  secret: string | null
}

/** BILLING_DELETED: Toss says it deleted a billing key. Only a hint too: Toss is asked before the card is forgotten. */
export interface BillingDeletedNotice {
  eventType: "BILLING_DELETED"
  billingKey: string
}

export type WebhookNotice = PaymentNotice | BillingDeletedNotice

const ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/
/** Billing keys are base64 text. */
const BILLING_KEY_PATTERN = /^[A-Za-z0-9_=+/.-]{1,200}$/

function id(value: unknown, pattern = ID_PATTERN): string | null {
  return typeof value === "string" && pattern.test(value) ? value : null
}

/** Reads the events of toss-api.md §6 this plugin acts on; anything else is null. */
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
    case "BILLING_DELETED": {
      const billingKey = id(data.billingKey, BILLING_KEY_PATTERN)
      return billingKey ? { eventType: "BILLING_DELETED", billingKey } : null
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
