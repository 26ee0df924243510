import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { tossOptions } from "./toss-config"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { customerKeyOf, SavedCardRecord } from "../providers/toss/billing"
import type { TossSessionData } from "../providers/toss/session-data"

type BillingKeyRow = Awaited<ReturnType<TossModuleService["listTossBillingKeys"]>>[number]

function toSavedCard(row: BillingKeyRow): SavedCardRecord {
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

/**
 * The cards a Toss account (`providerId`) saved under a customerKey, oldest
 * first. A card belongs to the account that issued its billing key: only
 * that merchant can charge or delete it.
 */
export async function savedCardsOf(container: MedusaContainer, providerId: string, customerKey: string): Promise<SavedCardRecord[]> {
  const rows = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ provider_id: providerId, customer_key: customerKey }, { order: { created_at: "ASC" } })
  return rows.map(toSavedCard)
}

/** One saved card of the account `providerId`, by its payment method id; null when it has no such card. */
export async function savedCard(container: MedusaContainer, providerId: string, id: string): Promise<SavedCardRecord | null> {
  const [row] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ id, provider_id: providerId })
  return row ? toSavedCard(row) : null
}

/**
 * The card a saved-card session is charged with: the session's
 * `payment_method`, and only if its account saved it under the session's
 * customerKey (the account holder of the customer who opened the session).
 * Another customer's card id, or another account's, finds nothing.
 */
export async function savedCardOfSession(container: MedusaContainer, session: { provider_id: string; data: TossSessionData }): Promise<SavedCardRecord | null> {
  const { data } = session
  if (!data.payment_method || !data.customerKey) {
    return null
  }
  const card = await savedCard(container, session.provider_id, data.payment_method)
  return card?.customerKey === data.customerKey ? card : null
}

/**
 * The customer a payment session's money is for: the customer of the cart
 * (or order) its payment collection belongs to, read now; undefined for a
 * collection of neither (one a workflow makes for an order it creates after
 * the charge), null for a cart or order without a customer.
 */
export async function payingCustomerOf(container: MedusaContainer, sessionId: string): Promise<string | null | undefined> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [session],
  } = await query.graph({
    entity: "payment_session",
    fields: ["id", "payment_collection.cart.customer_id", "payment_collection.order.customer_id"],
    filters: { id: sessionId },
  })
  const collection = session?.payment_collection as { cart?: { customer_id?: string | null } | null; order?: { customer_id?: string | null } | null } | null
  const owner = collection?.order ?? collection?.cart
  return owner ? owner.customer_id ?? null : undefined
}

/**
 * The card a saved-card session may be charged with at this moment: the
 * session's card, saved by the customer the session was opened for, who is
 * also the customer of the cart (or order) being paid and, when a shopper
 * presses the button, the logged-in caller (`caller`; null off-session).
 * A cart that changed hands since the session was opened finds nothing.
 */
export async function savedCardForCharge(
  container: MedusaContainer,
  session: { id: string; provider_id: string; data: TossSessionData },
  caller: string | null
): Promise<SavedCardRecord | null> {
  const card = await savedCardOfSession(container, session)
  if (!card) {
    return null
  }
  const payer = await payingCustomerOf(container, session.id)
  if (payer === null || (payer === undefined && caller !== null)) {
    return null
  }
  if (caller !== null && caller !== payer) {
    return null
  }
  // Without a cart or order, the session's own customer (its customerKey) is the payer.
  return payer === undefined || card.customerKey === customerKeyOf(tossOptions(container, session.provider_id).secretKey, payer) ? card : null
}
