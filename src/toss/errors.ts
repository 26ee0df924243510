/**
 * One error type for everything the Toss API client can fail with, carrying
 * Toss's own `code` and `message` and the HTTP status. Transport failures get
 * codes of our own (there is no Toss answer to read) and `status` 0.
 */
export class TossApiError extends Error {
  readonly name = "TossApiError"

  constructor(
    readonly code: string,
    message: string,
    readonly status: number
  ) {
    super(message)
  }
}

/** Our codes for failures that never reached a Toss answer. */
export const NETWORK_ERROR = "NETWORK_ERROR"
export const TIMEOUT = "TIMEOUT"

/**
 * Codes that say "try again later with the same Idempotency-Key"
 * (toss-api.md §5). Every 5xx and 429 counts too, see `isTransient`.
 */
const TRANSIENT_CODES = new Set([
  "PROVIDER_ERROR",
  "FORBIDDEN_CONSECUTIVE_REQUEST",
  "IDEMPOTENT_REQUEST_PROCESSING",
  NETWORK_ERROR,
  TIMEOUT,
])

/**
 * Transient failures are retried with the same Idempotency-Key. When retries
 * run out, Toss may still have carried the request out: callers resolve that
 * by looking the payment up, never by assuming it failed.
 */
export function isTransient(error: TossApiError): boolean {
  return error.status >= 500 || error.status === 429 || TRANSIENT_CODES.has(error.code)
}
