import type { HttpTypes } from "@medusajs/types"
import { cardCompany } from "../../../src/admin/lib/toss-labels"
import type { SavedCard } from "../../../storefront"
import { sdk } from "./config"

/** The logged-in customer (js-sdk keeps the login's token), or null. */
export async function loggedInCustomer(): Promise<HttpTypes.StoreCustomer | null> {
  try {
    return (await sdk.store.customer.retrieve()).customer
  } catch {
    return null
  }
}

export async function logIn(email: string, password: string): Promise<void> {
  const answer = await sdk.auth.login("customer", "emailpass", { email, password })
  if (typeof answer !== "string") throw new Error("This login needs another step, which the demo does not have.")
}

/** "롯데카드 4330-12**-****-123*": how a saved card is named to the customer (the one table of Toss's card companies). */
export function savedCardLabel(card: SavedCard): string {
  const digits = card.data.number.replace(/(.{4})(?=.)/g, "$1-")
  return `${cardCompany(card.data.issuerCode)} ${digits}`
}
