import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { customerIdIn, portOneCustomerIdOf, PortOneSavedCardRecord } from "../providers/portone/saved-cards"
import { isPortOneProviderId, PortOneAccount, portOneAccount, portOneAccounts } from "./portone-config"
import { payingCustomerOf } from "./saved-cards"

type BillingKeyRow = Awaited<ReturnType<TossModuleService["listTossBillingKeys"]>>[number]

/**
 * PortOne's saved cards live in the plugin's saved-card table
 * (`toss_billing_key`) beside Toss's, told apart by `provider_id`
 * (`pp_portone_<id>`): `customer_key` holds the PortOne customer id,
 * `issuer_code` / `card_number` / `card_type` / `owner_type` what PortOne
 * shows of the funding source, `authenticated_at` when PortOne issued it.
 */
function toSavedCard(row: BillingKeyRow): PortOneSavedCardRecord {
  return {
    id: row.id,
    customerId: row.customer_key,
    billingKey: row.billing_key,
    issuer: row.issuer_code,
    number: row.card_number,
    cardType: row.card_type,
    ownerType: row.owner_type,
    issuedAt: new Date(row.authenticated_at).toISOString(),
  }
}

/** The row of a saved card, for `createTossBillingKeys`. */
export function savedCardRow(providerId: string, card: PortOneSavedCardRecord) {
  return {
    id: card.id,
    provider_id: providerId,
    customer_key: card.customerId,
    billing_key: card.billingKey,
    issuer_code: card.issuer,
    card_number: card.number,
    card_type: card.cardType,
    owner_type: card.ownerType,
    authenticated_at: new Date(card.issuedAt),
  }
}

/** The PortOne registration saved cards are kept with: `providerId` if given, else the one with a billing channel (a clear 4xx otherwise). */
export function portOneBillingAccount(container: MedusaContainer, providerId?: unknown): PortOneAccount {
  if (providerId !== undefined && providerId !== null) {
    const account = portOneAccount(container, typeof providerId === "string" ? providerId : String(providerId))
    if (!account.options.billingChannelKey) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${account.providerId} has no billingChannelKey: it saves no cards.`)
    }
    return account
  }
  const billing = portOneAccounts(container).filter((account) => account.options.billingChannelKey)
  if (billing.length !== 1) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      billing.length
        ? `More than one PortOne registration saves cards (${billing.map((account) => account.providerId).join(", ")}): name one as provider_id.`
        : "PortOne recurring payments are not enabled in this store: no PortOne registration has a billingChannelKey."
    )
  }
  return billing[0]
}

/** The cards a PortOne registration saved for a PortOne customer id, oldest first. */
export async function portOneSavedCardsOf(container: MedusaContainer, providerId: string, customerId: string): Promise<PortOneSavedCardRecord[]> {
  const rows = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ provider_id: providerId, customer_key: customerId }, { order: { created_at: "ASC" } })
  return rows.map(toSavedCard)
}

/** One saved card of the registration `providerId`; null when it has no such card. */
export async function portOneSavedCard(container: MedusaContainer, providerId: string, id: string): Promise<PortOneSavedCardRecord | null> {
  if (!isPortOneProviderId(providerId)) {
    return null
  }
  const [row] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ id, provider_id: providerId })
  return row ? toSavedCard(row) : null
}

/** A customer's PortOne customer id at a registration: their account holder's, else the one it would be made with. */
export async function portOneCustomerIdOfCustomer(container: MedusaContainer, providerId: string, customerId: string): Promise<string> {
  const {
    data: [customer],
  } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "customer",
    fields: ["id", "account_holders.provider_id", "account_holders.data"],
    filters: { id: customerId },
  })
  const holder = (customer?.account_holders ?? []).find((candidate: { provider_id?: string } | null) => candidate?.provider_id === providerId)
  return customerIdIn(holder ?? undefined) ?? portOneCustomerIdOf(portOneAccount(container, providerId).options.apiSecret, customerId)
}

/**
 * The saved card a payment session may be charged with at this moment, read
 * now: the card `paymentMethodId` of the session's PortOne registration,
 * whose key was issued for the PortOne customer id of the customer whose
 * cart (or order) is being paid, who is also the logged-in `caller` when a
 * shopper presses the button (null off-session). Another customer's card, a
 * cart that changed hands, or a guest cart finds nothing.
 */
export async function portOneSavedCardForCharge(
  container: MedusaContainer,
  { paymentSessionId, providerId, paymentMethodId, caller }: { paymentSessionId: string; providerId: string; paymentMethodId: string; caller: string | null }
): Promise<PortOneSavedCardRecord | null> {
  const card = await portOneSavedCard(container, providerId, paymentMethodId)
  if (!card) {
    return null
  }
  const payer = await payingCustomerOf(container, paymentSessionId)
  if (typeof payer !== "string" || (caller !== null && caller !== payer)) {
    return null
  }
  return card.customerId === (await portOneCustomerIdOfCustomer(container, providerId, payer)) ? card : null
}

/** What a charge refused before PortOne is asked says. */
export function savedCardNotFound(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_FOUND,
    "저장된 카드를 찾을 수 없어요. This saved card was not found (it may have been removed): choose another card or payment method."
  )
}
