import { PaymentActions } from "@medusajs/framework/utils"
import type { ProviderWebhookPayload, WebhookActionResult } from "@medusajs/framework/types"
import { timingSafeEqual } from "crypto"
import type { TossPayment, TossPaymentStatus } from "../../toss/types"
import { ORDER_ID_PATTERN } from "./const"

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

/** Toss status → what Medusa's webhook handling should do. */
function actionFor(status: TossPaymentStatus): WebhookActionResult["action"] {
  switch (status) {
    case "DONE":
    case "PARTIAL_CANCELED":
      return PaymentActions.SUCCESSFUL
    case "WAITING_FOR_DEPOSIT":
      return PaymentActions.PENDING
    case "CANCELED":
    case "EXPIRED":
      return PaymentActions.CANCELED
    case "ABORTED":
      return PaymentActions.FAILED
    case "READY":
    case "IN_PROGRESS":
      return PaymentActions.PENDING
  }
}

function sameSecret(claimed: string, actual: string | null): boolean {
  if (!actual) {
    return false
  }
  const a = Buffer.from(claimed)
  const b = Buffer.from(actual)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * The action for a notice, decided on `payment` as fetched from Toss with the
 * secret key. A DEPOSIT_CALLBACK whose `secret` differs from Toss's is forged.
 */
export function webhookAction(notice: WebhookNotice, payment: TossPayment): WebhookActionResult {
  const forged =
    (notice.orderId !== null && notice.orderId !== payment.orderId) ||
    (notice.secret !== null && !sameSecret(notice.secret, payment.secret))
  if (forged || !ORDER_ID_PATTERN.test(payment.orderId)) {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
  return {
    action: actionFor(payment.status),
    data: { session_id: payment.orderId, amount: payment.totalAmount },
  }
}
