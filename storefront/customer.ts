import { ANONYMOUS } from "@tosspayments/tosspayments-sdk"
import type { CheckoutAddress, CheckoutCart, TossCustomer } from "./types"

/** The customer fields of Toss's `requestPayment`. */
export interface TossCustomerFields {
  customerName?: string
  customerEmail?: string
  customerMobilePhone?: string
}

const KOREAN_MOBILE = /^01[016789]\d{7,8}$/
const HANGUL = /^[\uAC00-\uD7A3]+$/
// Toss limits customerName and customerEmail to 100 characters.
const MAX_FIELD = 100

/**
 * Toss wants a Korean mobile number as digits only (`01012345678`). A number it
 * would refuse is dropped instead: the phone is optional, the payment is not.
 */
export function normalizeMobilePhone(phone: string | null | undefined): string | undefined {
  let digits = (phone ?? "").replace(/\D/g, "")
  if (/^(00)?82/.test(digits)) {
    // +82 10-…, 0082 10-… and the common slip +82 010-…
    digits = "0" + digits.replace(/^(00)?820?/, "")
  }
  return KOREAN_MOBILE.test(digits) ? digits : undefined
}

/** Korean names read family name first without a space (홍 + 길동 = 홍길동). */
export function fullName(address: CheckoutAddress | null | undefined): string | undefined {
  const first = address?.first_name?.trim() ?? ""
  const last = address?.last_name?.trim() ?? ""
  if (HANGUL.test(first) && HANGUL.test(last)) {
    return last + first
  }
  return [first, last].filter(Boolean).join(" ") || undefined
}

/**
 * Toss's customerKey identifies a returning customer (2–50 of `[A-Za-z0-9-_=.@]`).
 * Guests, whose Medusa customer exists only for this cart, pay as ANONYMOUS.
 */
export function customerKeyFor(cart: CheckoutCart): string {
  const key = cart.customer?.has_account ? cart.customer.id.replace(/[^A-Za-z0-9\-_=.@]/g, "").slice(0, 50) : ""
  return key.length >= 2 ? key : ANONYMOUS
}

/** Name, e-mail and phone from what the shopper gave, else from the cart. */
export function customerFields(cart: CheckoutCart, given: TossCustomer = {}): TossCustomerFields {
  const addresses = [cart.billing_address, cart.shipping_address, cart.customer]
  const name = given.name?.trim() || addresses.map(fullName).find(Boolean)
  const email = given.email?.trim() || cart.email || cart.customer?.email || undefined
  const phone = [given.mobilePhone, ...addresses.map((a) => a?.phone)].map(normalizeMobilePhone).find(Boolean)
  return {
    customerName: name?.slice(0, MAX_FIELD),
    customerEmail: email && email.length <= MAX_FIELD ? email : undefined,
    customerMobilePhone: phone,
  }
}
