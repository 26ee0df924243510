import { createHash } from "crypto"

/**
 * PortOne takes an Idempotency-Key of 16 to 256 ASCII characters, sent as
 * an RFC 8941 string (in double quotes), on POST, PUT, PATCH and DELETE
 * (portone-api.md §1). What a string may hold: printable ASCII without `"`
 * and `\`, which would need escaping.
 */
const PLAIN_KEY = /^[\x20\x21\x23-\x5b\x5d-\x7e]{16,256}$/

/**
 * The one way this project names a PortOne request: the same parts give the
 * same key, so a retry, a second worker or a rerun after a crash is the same
 * request to PortOne. Parts that would not make a valid key (too short, too
 * long, not ASCII) are hashed, which keeps the key stable.
 */
export function idempotencyKey(...parts: Array<string | number>): string {
  const joined = parts.join(":")
  return PLAIN_KEY.test(joined) ? joined : `sha256:${createHash("sha256").update(joined).digest("hex")}`
}

/** The header value, or an error for a key that PortOne would refuse (a programming error, never sent). */
export function idempotencyHeader(key: string): string {
  if (!PLAIN_KEY.test(key)) {
    throw new TypeError("A PortOne Idempotency-Key is 16 to 256 printable ASCII characters without quotes or backslashes: build it with idempotencyKey().")
  }
  return `"${key}"`
}
