/**
 * One error type for everything the PortOne client can fail with, carrying
 * PortOne's own `type` (its error bodies are `{type, message?}`, and
 * PG_PROVIDER adds the PG's `pgCode` and `pgMessage`) and the HTTP status.
 * Transport failures get types of our own and `status` 0. It never carries
 * the request, so no secret or billing key can leak through it.
 */
export class PortOneApiError extends Error {
  readonly name = "PortOneApiError"

  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
    readonly pg: { pgCode?: string; pgMessage?: string } = {}
  ) {
    super(message)
  }
}

/** Our types for failures that never reached a PortOne answer. */
export const NETWORK_ERROR = "NETWORK_ERROR"
export const TIMEOUT = "TIMEOUT"

/**
 * PortOne answers 409 with this while the first request under the same
 * Idempotency-Key still runs: retry later with the same key (portone-api.md §1).
 */
export const IDEMPOTENCY_OUTSTANDING_REQUEST = "IDEMPOTENCY_OUTSTANDING_REQUEST"

/**
 * Transient failures are retried with the same Idempotency-Key. PG_PROVIDER
 * (502) is not among them: it is the PG's answer (a declined card, a refused
 * cancel), and a replay under the same key would only return it again. When
 * retries run out, PortOne may still have carried the request out: callers
 * settle that by looking the payment up, never by assuming it failed.
 */
export function isTransient(error: PortOneApiError): boolean {
  if (error.type === "PG_PROVIDER") {
    return false
  }
  return (
    error.status >= 500 ||
    error.status === 429 ||
    error.type === IDEMPOTENCY_OUTSTANDING_REQUEST ||
    error.type === NETWORK_ERROR ||
    error.type === TIMEOUT
  )
}
