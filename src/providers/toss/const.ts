import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { TossPayment, TossPaymentStatus } from "../../toss/types"

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

/** What one Toss status means for Medusa (toss-api.md §4). */
export interface TossStatusMeaning {
  /** The Medusa payment session status of a payment in this state. */
  session: PaymentSessionStatus
  /** Toss accepted the confirm: the payment is only ever looked up again, never confirmed. */
  confirmed: boolean
  /** The money is at Toss: Medusa captures it, and refunds are Toss cancels. */
  paid: boolean
  /**
   * Toss holds the shopper's money, or a virtual account that can still
   * receive it: a payment in this state that can have no order is cancelled
   * at Toss.
   */
  holdsMoney: boolean
  /** Toss will never take (more) money for it: nothing is left to watch. */
  final: boolean
  /**
   * A virtual account whose deposit has not arrived (Toss's
   * WAITING_FOR_DEPOSIT), also once it has expired, which `final` tells.
   */
  unpaidAccount: boolean
}

/**
 * Toss status → its meaning for Medusa: the one table the provider, the
 * webhook sync and the reconciliation read. Toss's confirm is the capture,
 * so a confirmed card payment is `captured`; a virtual account waiting for
 * its deposit is `pending_authorization`, which lets Medusa create the order
 * now and the payment when the deposit arrives.
 */
export const TOSS_STATUS: Readonly<Record<TossPaymentStatus, TossStatusMeaning>> = {
  READY: { session: PaymentSessionStatus.PENDING, confirmed: false, paid: false, holdsMoney: false, final: false, unpaidAccount: false },
  IN_PROGRESS: { session: PaymentSessionStatus.PENDING, confirmed: false, paid: false, holdsMoney: false, final: false, unpaidAccount: false },
  WAITING_FOR_DEPOSIT: {
    session: PaymentSessionStatus.PENDING_AUTHORIZATION,
    confirmed: true,
    paid: false,
    holdsMoney: true,
    final: false,
    unpaidAccount: true,
  },
  DONE: { session: PaymentSessionStatus.CAPTURED, confirmed: true, paid: true, holdsMoney: true, final: false, unpaidAccount: false },
  PARTIAL_CANCELED: { session: PaymentSessionStatus.CAPTURED, confirmed: true, paid: true, holdsMoney: true, final: false, unpaidAccount: false },
  CANCELED: { session: PaymentSessionStatus.CANCELED, confirmed: true, paid: false, holdsMoney: false, final: true, unpaidAccount: false },
  ABORTED: { session: PaymentSessionStatus.ERROR, confirmed: false, paid: false, holdsMoney: false, final: true, unpaidAccount: false },
  EXPIRED: { session: PaymentSessionStatus.CANCELED, confirmed: false, paid: false, holdsMoney: false, final: true, unpaidAccount: false },
}

/**
 * A virtual account past its due date keeps the status WAITING_FOR_DEPOSIT
 * (and Toss sends no webhook); only `virtualAccount.expired` says it will
 * never be paid.
 */
export function meaningOf(payment: { status: TossPaymentStatus; virtualAccount?: Pick<NonNullable<TossPayment["virtualAccount"]>, "expired"> | null }): TossStatusMeaning {
  const meaning = TOSS_STATUS[payment.status]
  if (payment.status === "WAITING_FOR_DEPOSIT" && payment.virtualAccount?.expired) {
    return { ...meaning, session: PaymentSessionStatus.CANCELED, holdsMoney: false, final: true }
  }
  return meaning
}

/** Toss's cancel reason when a payment Toss took has no order to belong to and is given back. */
export const GIVE_BACK_REASON = "주문이 만들어지지 않아 자동 취소 (no order was created for this payment)"

/**
 * The code of a confirm whose outcome Toss could not tell (no answer, and no
 * lookup either): the shopper may have been charged, so the payment stays
 * watched. Every other decline code is Toss's own, given for certain.
 */
export const OUTCOME_UNKNOWN = "TOSS_OUTCOME_UNKNOWN"

/** Medusa session ids (`payses_` + ULID) double as Toss orderIds. */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/

/**
 * Toss refusing our key: the store's configuration is wrong, not the
 * shopper's card. The operator is told in the log; the shopper sees a
 * message that does not blame them.
 */
export const KEY_ERROR_CODES = new Set(["UNAUTHORIZED_KEY", "INVALID_API_KEY", "INCORRECT_BASIC_AUTH_FORMAT"])
