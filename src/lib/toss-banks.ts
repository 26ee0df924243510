/**
 * Toss Payments bank codes → the bank's Korean name: the table lives with the
 * storefront module (storefront/banks.ts), which shows a virtual account's
 * bank to the shopper and is built on its own; this is the server's door to it.
 */
import { TOSS_BANKS } from "../../storefront/banks"

export { TOSS_BANKS }

export function isTossBankCode(code: unknown): code is string {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(TOSS_BANKS, code)
}

/** The bank's name, or the code itself for a bank this list does not know. */
export function bankName(code: string | null | undefined): string {
  return code && isTossBankCode(code) ? TOSS_BANKS[code] : code ?? ""
}

/** Toss's rule for `refundReceiveAccount.accountNumber`: digits only, 6 to 20 of them. */
export const ACCOUNT_NUMBER_PATTERN = /^[0-9]{6,20}$/

/** The longest account holder name the admin accepts. */
export const HOLDER_NAME_MAX = 60

/** Account numbers as banks print them ("110-123-456789"): hyphens and spaces are dropped. */
export function normalizeAccountNumber(input: string): string {
  return input.replace(/[\s-]/g, "")
}
