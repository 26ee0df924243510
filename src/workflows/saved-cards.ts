import type { MedusaContainer } from "@medusajs/framework/types"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import type { SavedCard } from "../providers/toss/billing"
import type { TossSessionData } from "../providers/toss/session-data"

type BillingKeyRow = Awaited<ReturnType<TossModuleService["listTossBillingKeys"]>>[number]

function toSavedCard(row: BillingKeyRow): SavedCard {
  return {
    id: row.id,
    customerKey: row.customer_key,
    billingKey: row.billing_key,
    issuerCode: row.issuer_code,
    cardNumber: row.card_number,
    cardType: row.card_type,
    ownerType: row.owner_type,
    authenticatedAt: new Date(row.authenticated_at).toISOString(),
  }
}

/** The cards saved under a Toss customerKey, oldest first. */
export async function savedCardsOf(container: MedusaContainer, customerKey: string): Promise<SavedCard[]> {
  const rows = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ customer_key: customerKey }, { order: { created_at: "ASC" } })
  return rows.map(toSavedCard)
}

/** One saved card, by its payment method id; null when there is no such card. */
export async function savedCard(container: MedusaContainer, id: string): Promise<SavedCard | null> {
  const [row] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ id })
  return row ? toSavedCard(row) : null
}

/**
 * The card a saved-card session is charged with: the session's
 * `payment_method`, and only if it is saved under the session's customerKey
 * (the account holder of the customer who opened the session). Another
 * customer's card id finds nothing.
 */
export async function savedCardOfSession(container: MedusaContainer, data: TossSessionData): Promise<SavedCard | null> {
  if (!data.payment_method || !data.customerKey) {
    return null
  }
  const card = await savedCard(container, data.payment_method)
  return card?.customerKey === data.customerKey ? card : null
}
