import type { PaymentProviderContext } from "@medusajs/framework/types"
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { createHmac } from "crypto"
import type { PortOneClient } from "../../portone/client"
import { isTransient, PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { BillingKeyInfo } from "../../portone/types"

/**
 * Saved cards through PortOne billing keys (정기결제; 토스페이's
 * `tosspay_v2` recurring flow): a customer's Medusa account holder is their
 * PortOne customer id, each saved card a billing key PortOne's window issued
 * for that customer id, kept in the plugin's saved-card table
 * (`toss_billing_key`, with the PortOne registration's `provider_id`).
 *
 * The billing key charges without the shopper, so it never goes where
 * Medusa or the store API could show it: not in account holder, session or
 * payment data, not in a payment method's `data`, never in an answer or a
 * log line. The plugin lends the provider the customer's cards for one
 * call, and hands it the key a window issued, through the call context
 * (`savedCards`, see call-context.ts).
 */

/** A saved card as the plugin keeps it, billing key included: never shown to anyone. */
export interface PortOneSavedCardRecord {
  /** The Medusa payment method id (`portonecard_…`), and the row's id. */
  id: string
  /** The PortOne customer id the key was issued for (the account holder's). */
  customerId: string
  billingKey: string
  /** The card issuer's code, or the easy-pay provider (TOSSPAY) when PortOne names no card. */
  issuer: string
  /** As PortOne masks it; empty for a funding source without a card number. */
  number: string
  /** PortOne's card type (CREDIT, DEBIT, GIFT) or the funding source's kind. */
  cardType: string
  ownerType: string
  issuedAt: string
}

/** What the customer sees of a saved card: a payment method's `data`. */
export interface PortOneSavedCardView {
  issuer: string
  number: string
  cardType: string
  ownerType: string
  issuedAt: string
}

/** The saved-card part of PortOne's call context. */
export interface PortOneSavedCardsContext {
  /** The saved cards of the customer the call is for (listing, removing). */
  cards?: PortOneSavedCardRecord[]
  /** Saving: the billing key PortOne's window issued, as the storefront handed it over. */
  offered?: string
  /** Saving: the provider leaves the verified card here, for the plugin's table. */
  issued?: PortOneSavedCardRecord
  /** The provider's own error (Medusa's payment-method calls replace it with a plain Error). */
  refusal?: unknown
}

/** Medusa's ids for PortOne saved cards, as a storefront sends them back. */
export const PORTONE_CARD_ID_PREFIX = "portonecard"
export const PORTONE_CARD_ID_PATTERN = /^portonecard_[0-9A-Z]{26}$/
/** A billing key as a window hands it over: printable ASCII, no spaces. */
export const BILLING_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/
/** The error type of a charge or removal that found the key gone at PortOne. */
export const BILLING_KEY_GONE: readonly string[] = ["BILLING_KEY_NOT_FOUND", "BILLING_KEY_ALREADY_DELETED", "BILLING_KEY_NOT_ISSUED"]

export function savedCardView(card: PortOneSavedCardRecord): PortOneSavedCardView {
  return { issuer: card.issuer, number: card.number, cardType: card.cardType, ownerType: card.ownerType, issuedAt: card.issuedAt }
}

/**
 * A customer's PortOne customer id (what the window's
 * `requestIssueBillingKey` takes as `customer.customerId`, at most 50
 * characters for 토스페이): the same for the same customer every time, and
 * not guessable from the Medusa customer id without the store's API secret.
 */
export function portOneCustomerIdOf(apiSecret: string, customerId: string): string {
  return "cus_" + createHmac("sha256", apiSecret).update(`portone-customer:${customerId}`).digest("base64url").slice(0, 40)
}

/** The PortOne customer id of an account holder made by this provider. */
export function customerIdIn(holder: { data?: Record<string, unknown> } | undefined): string | null {
  const customerId = holder?.data?.customerId
  return typeof customerId === "string" && customerId.length > 0 ? customerId : null
}

/** The customer id of a customer's account holder: the one Medusa passes, else the customer's own. */
export function holderCustomerId(
  apiSecret: string,
  { account_holder, customer }: { account_holder?: { data?: Record<string, unknown> }; customer?: { id?: string } }
): string {
  const existing = customerIdIn(account_holder)
  if (existing) {
    return existing
  }
  if (!customer?.id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A PortOne account holder is made for a customer, and none was given.")
  }
  return portOneCustomerIdOf(apiSecret, customer.id)
}

/** Saved cards asked for in a store whose options name no billing channel. */
export function billingNotEnabled(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "PortOne recurring payments (saved billing keys) are not enabled in this store: set the provider option `billingChannelKey` to the channel that issues them."
  )
}

/** The cards the plugin lent for this call; without them the call did not come through the plugin. */
export function lentCards(savedCards: PortOneSavedCardsContext | undefined, purpose: string): PortOneSavedCardRecord[] {
  if (!savedCards?.cards) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `PortOne saved cards are ${purpose} through the plugin's store routes (/store/portone/billing/…), which read them from the plugin's table.`
    )
  }
  return savedCards.cards
}

/** The customer id of the account holder Medusa passes (billing checked by the caller). */
export function requireHolderCustomerId(context: PaymentProviderContext | undefined): string {
  const customerId = customerIdIn(context?.account_holder)
  if (!customerId) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Saved cards belong to a customer's PortOne account holder, and none was given.")
  }
  return customerId
}

export interface BillingKeyOwner {
  customerId: string
  storeId: string
  /** The store's billing channel: a key issued through another channel is not this store's to charge. */
  channelKey: string
}

/**
 * A billing key a window issued becomes a saved card only once PortOne
 * says it is issued, for this store, through its billing channel, for this
 * very customer (`GET /billing-keys/{key}`): the storefront's word is never
 * taken. The key is named in no message.
 */
export async function verifyIssuedKey(client: Pick<PortOneClient, "getBillingKey">, billingKey: unknown, owner: BillingKeyOwner): Promise<PortOneSavedCardRecord> {
  if (typeof billingKey !== "string" || !BILLING_KEY_PATTERN.test(billingKey)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "billingKey (from PortOne's requestIssueBillingKey) is missing or malformed.")
  }
  let info: BillingKeyInfo
  try {
    info = await client.getBillingKey(billingKey)
  } catch (error) {
    throw billingRefusal(error, "카드를 등록하지 못했어요. The billing key could not be checked at PortOne")
  }
  return savedCardOf(info, billingKey, owner)
}

/** The saved card of PortOne's answer about a key, or the reason it cannot be one (pure). */
export function savedCardOf(info: BillingKeyInfo, billingKey: string, owner: BillingKeyOwner): PortOneSavedCardRecord {
  const refuse = (why: string) => new MedusaError(MedusaError.Types.INVALID_DATA, `카드를 등록하지 못했어요. ${why}: start the registration again.`)
  if (!("billingKey" in info) || info.billingKey !== billingKey || info.status !== "ISSUED") {
    throw refuse("PortOne has no issued billing key of that value (it may have been deleted)")
  }
  if (info.storeId !== owner.storeId) {
    throw refuse("The billing key was issued for another PortOne store")
  }
  if (info.customer?.id !== owner.customerId) {
    throw refuse("이 카드 등록은 다른 고객의 것이에요. The billing key was issued for another customer")
  }
  if (!info.channels.some((channel) => channel.key === owner.channelKey)) {
    throw refuse("The billing key was issued through another channel than the store's billing channel")
  }
  return {
    id: generateEntityId(undefined, PORTONE_CARD_ID_PREFIX),
    customerId: owner.customerId,
    billingKey,
    ...fundingOf(info),
    issuedAt: info.issuedAt,
  }
}

type Method = NonNullable<Extract<BillingKeyInfo, { billingKey: string }>["methods"]>[number]

/** What may be shown of the key's funding source: a card's issuer, masked number and kind, or the easy-pay provider. */
function fundingOf(info: Extract<BillingKeyInfo, { billingKey: string }>): Pick<PortOneSavedCardRecord, "issuer" | "number" | "cardType" | "ownerType"> {
  const method: Method | undefined = info.methods?.[0]
  const easyPay = method?.type === "BillingKeyPaymentMethodEasyPay" ? method : undefined
  const inner = easyPay ? easyPay.method : method
  const card = inner?.type === "BillingKeyPaymentMethodCard" ? inner.card : undefined
  return {
    issuer: card?.issuer ?? card?.publisher ?? (easyPay?.provider ? String(easyPay.provider) : ""),
    number: card?.number ?? "",
    cardType: card?.type ? String(card.type) : inner && typeof inner.type === "string" ? inner.type.replace(/^BillingKeyPaymentMethod/, "").toUpperCase() : "",
    ownerType: card?.ownerType ? String(card.ownerType) : "",
  }
}

/**
 * PortOne forgets the billing key (`DELETE /billing-keys/{key}`); one it
 * no longer has (deleted already, or never issued) counts as deleted.
 * Anything else is reported, so the caller knows PortOne did not confirm.
 */
export async function deleteIssuedKey(client: Pick<PortOneClient, "deleteBillingKey">, card: PortOneSavedCardRecord): Promise<void> {
  try {
    await client.deleteBillingKey(card.billingKey, {}, idempotencyKey("delete-billing-key", card.id))
  } catch (error) {
    if (!(error instanceof PortOneApiError && BILLING_KEY_GONE.includes(error.type))) {
      throw billingRefusal(error, "PortOne did not confirm the card's deletion")
    }
  }
}

/** Runs `run`, leaving its error for the plugin as well (see `PortOneSavedCardsContext.refusal`). */
export async function reportingRefusal<T>(savedCards: PortOneSavedCardsContext | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (savedCards) {
      savedCards.refusal = error
    }
    throw error
  }
}

/** A billing-key call PortOne refused, as the customer should read it; the key is never in it. */
function billingRefusal(error: unknown, what: string): unknown {
  if (!(error instanceof PortOneApiError)) {
    return error
  }
  if (isTransient(error) || error.status === 0) {
    return new MedusaError(MedusaError.Types.NOT_ALLOWED, `${what}: PortOne did not answer (${error.type}). Please try again in a moment.`)
  }
  return BILLING_KEY_GONE.includes(error.type)
    ? new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: PortOne has no issued billing key of that value (${error.type}).`)
    : new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: PortOne refused (${error.type}).`)
}
