import { DEFAULT_MESSAGE, FAIL_CODES, UNKNOWN_FAILURE, type FailureText } from "./fail-codes"
import { readSearchParam, type SearchParamsInput } from "./search-params"

/** A failed or canceled payment, worded for the shopper. */
export interface TossFailure {
  code: string
  /** The shopper closed the window: not an error, the cart is untouched. */
  canceledByShopper: boolean
  title: string
  message: string
  titleEn: string
  messageEn: string
  retryable: boolean
}

/**
 * Describes the failure on Toss's fail URL (`?code=…&message=…&orderId=…`), or
 * any `{code}`. The URL's `message` is never shown: anyone can write a fail
 * URL, so a code this module does not know gets its own generic text, not
 * words a link could put in the store's mouth.
 */
export function describeFailure(input: SearchParamsInput, { locale = "ko" }: { locale?: "ko" | "en" } = {}): TossFailure {
  return inLocale(failureFor(readSearchParam(input, "code") || "UNKNOWN"), locale)
}

/** `title` and `message` in the storefront's language (`titleEn` and `messageEn` stay English). */
export function inLocale(failure: TossFailure, locale: "ko" | "en"): TossFailure {
  return locale === "en" ? { ...failure, title: failure.titleEn, message: failure.messageEn } : failure
}

/**
 * The failure for `code`, worded by `text` (default: the table's entry);
 * `trustedMessage` (from the store's API or the PSP's SDK in this page) words an unknown one.
 */
export function failureFor(code: string, trustedMessage?: string, text: FailureText = FAIL_CODES[code] ?? UNKNOWN_FAILURE): TossFailure {
  const givenMessage = trustedMessage || undefined
  return {
    code,
    canceledByShopper: text.canceledByShopper === true,
    title: text.title,
    message: text.message ?? givenMessage ?? DEFAULT_MESSAGE.message,
    titleEn: text.titleEn,
    messageEn: text.messageEn ?? DEFAULT_MESSAGE.messageEn,
    retryable: text.retryable,
  }
}

/**
 * Thrown by the checkout for anything a shopper should be told about. It
 * carries the same fields as `describeFailure`, so error pages render both alike;
 * `message` is the Korean text.
 */
export class TossCheckoutError extends Error implements TossFailure {
  readonly code: string
  readonly canceledByShopper: boolean
  readonly title: string
  readonly titleEn: string
  readonly messageEn: string
  readonly retryable: boolean

  constructor(failure: TossFailure, options?: { cause?: unknown }) {
    super(failure.message, options)
    this.name = "TossCheckoutError"
    this.code = failure.code
    this.canceledByShopper = failure.canceledByShopper
    this.title = failure.title
    this.titleEn = failure.titleEn
    this.messageEn = failure.messageEn
    this.retryable = failure.retryable
  }
}

export function checkoutError(code: string, givenMessage?: string, cause?: unknown): TossCheckoutError {
  return new TossCheckoutError(failureFor(code, givenMessage), { cause })
}

/** The HTTP status of a js-sdk `FetchError`, if the error is one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === "number" ? status : undefined
}

/** Toss's SDK rejects with `{code, message}`; closing the window gives USER_CANCEL. */
export function tossSdkError(error: unknown): TossCheckoutError {
  if (error instanceof TossCheckoutError) {
    return error
  }
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === "string"
    ? checkoutError(code, (error as Error).message, error)
    : checkoutError("UNKNOWN", undefined, error)
}

/** The store's reason for refusing a session (a 4xx, e.g. below the method's minimum); other errors mean nothing to a shopper. */
export function storeRefusal(error: unknown): string | undefined {
  const status = statusOf(error)
  return status !== undefined && status >= 400 && status < 500 ? (error as Error).message : undefined
}
