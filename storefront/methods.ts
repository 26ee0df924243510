import { isTossProviderId, type TossLocale } from "./checkout"
import type { CheckoutCart, TossPaymentMethod } from "./types"

/** A method Toss's payment window opens by itself (easy pay is chosen inside the card window). */
export type TossWindowMethod = Exclude<TossPaymentMethod, "EASY_PAY">

/**
 * The methods a checkout's payment step offers, in the shopper's language.
 * Toss's card window lists the easy-pay apps (토스페이, 카카오페이, 네이버페이 …)
 * beside the cards, so one choice covers both.
 */
const METHODS: [TossWindowMethod, string, string][] = [
  ["CARD", "카드 · 간편결제", "Card or easy pay"],
  ["TRANSFER", "계좌이체", "Bank transfer"],
  ["VIRTUAL_ACCOUNT", "가상계좌 (무통장입금)", "Virtual account (bank deposit)"],
  ["MOBILE_PHONE", "휴대폰", "Mobile phone"],
]

export function tossMethods(locale: TossLocale = "ko"): { method: TossWindowMethod; title: string }[] {
  return METHODS.map(([method, ko, en]) => ({ method, title: locale === "en" ? en : ko }))
}

/** The storefront's language for this module's texts from its country code: Korean for `kr`, English otherwise. */
export function tossLocale(countryCode?: string | string[] | null): TossLocale {
  return countryCode === "kr" ? "ko" : "en"
}

/** The method of the cart's Toss session: what its payment step chose, for "Place order" to open. */
export function tossSessionMethod(cart: Pick<CheckoutCart, "payment_collection">): TossWindowMethod | undefined {
  const session = cart.payment_collection?.payment_sessions?.find((s) => isTossProviderId(s.provider_id))
  const method = session?.data?.method
  return METHODS.some(([known]) => known === method) ? (method as TossWindowMethod) : undefined
}
