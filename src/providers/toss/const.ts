import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { TossPaymentStatus } from "../../toss/types"

/** Toss takes Korean won only, in whole won (toss-api.md §8). */
export const TOSS_CURRENCY = "KRW"

/** The payment methods of the Toss payment window, in the SDK's own names. */
export const TOSS_METHODS = [
  "CARD",
  "TRANSFER",
  "VIRTUAL_ACCOUNT",
  "MOBILE_PHONE",
  "CULTURE_GIFT_CERTIFICATE",
  "BOOK_GIFT_CERTIFICATE",
  "GAME_GIFT_CERTIFICATE",
] as const
export type TossMethod = (typeof TOSS_METHODS)[number]

/**
 * Smallest amount per method, in won. Easy pay (Toss Pay, Kakao Pay …) goes
 * through the card window, so it has the card minimum.
 */
export const MINIMUM_AMOUNT: Record<TossMethod, number> = {
  CARD: 100,
  TRANSFER: 200,
  VIRTUAL_ACCOUNT: 1,
  MOBILE_PHONE: 300,
  CULTURE_GIFT_CERTIFICATE: 100,
  BOOK_GIFT_CERTIFICATE: 100,
  GAME_GIFT_CERTIFICATE: 100,
}

/**
 * Toss status → Medusa session status. Toss's confirm is the capture, so a
 * confirmed payment is `captured`; a virtual account waiting for its deposit
 * is `pending_authorization`, which lets Medusa create the order now and the
 * payment when the deposit arrives.
 */
export function toSessionStatus(status: TossPaymentStatus): PaymentSessionStatus {
  switch (status) {
    case "READY":
    case "IN_PROGRESS":
      return PaymentSessionStatus.PENDING
    case "WAITING_FOR_DEPOSIT":
      return PaymentSessionStatus.PENDING_AUTHORIZATION
    case "DONE":
    case "PARTIAL_CANCELED":
      return PaymentSessionStatus.CAPTURED
    case "CANCELED":
    case "EXPIRED":
      return PaymentSessionStatus.CANCELED
    case "ABORTED":
      return PaymentSessionStatus.ERROR
  }
}

/** Statuses in which Toss holds the shopper's money (or the promise of it). */
export const CONFIRMED_STATUSES: readonly TossPaymentStatus[] = [
  "WAITING_FOR_DEPOSIT",
  "DONE",
  "PARTIAL_CANCELED",
  "CANCELED",
]

/** Cancel codes that mean "nothing left to cancel": treated as success after a lookup. */
export const ALREADY_CANCELED_CODES = new Set(["ALREADY_CANCELED_PAYMENT"])

/** Medusa session ids (`payses_` + ULID) double as Toss orderIds. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/

/**
 * Toss refusing our key: the store's configuration is wrong, not the
 * shopper's card. The operator is told in the log; the shopper sees a
 * message that does not blame them.
 */
export const KEY_ERROR_CODES = new Set(["UNAUTHORIZED_KEY", "INVALID_API_KEY", "INCORRECT_BASIC_AUTH_FORMAT"])
