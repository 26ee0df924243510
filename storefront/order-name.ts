import type { CheckoutCart } from "./types"

// Toss's limit for orderName.
const MAX_ORDER_NAME = 100

/** Toss's usual order name: the first item's title, and "외 N건" for the other lines. */
export function orderNameFor(cart: CheckoutCart): string {
  const items = cart.items ?? []
  const suffix = items.length > 1 ? ` 외 ${items.length - 1}건` : ""
  const title = Array.from(items[0]?.title?.trim() || "주문 상품")
  const room = MAX_ORDER_NAME - suffix.length
  // Count code points, not UTF-16 units, so an emoji is never cut in half.
  const shortTitle = title.length > room ? title.slice(0, room - 1).join("") + "…" : title.join("")
  return shortTitle + suffix
}
