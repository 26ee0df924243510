import type { PaymentProviderContext } from "@medusajs/framework/types"
import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { createHmac } from "crypto"
import type { TossClient } from "../../toss/client"
import { isTransient, TossApiError } from "../../toss/errors"
import { tossIdempotencyKey } from "../../toss/idempotency-key"
import type { TossIntegration } from "./options"

/**
 * Saved cards (Toss billing, 자동결제) as Medusa's saved payment methods: a
 * customer's Medusa account holder is their Toss `customerKey`, each saved
 * card a billing key kept in the plugin's module (`toss_billing_key`).
 *
 * The billing key charges the card without the shopper, so it never goes
 * where Medusa or the store API could show it: not in account holder data
 * (Medusa copies the holder into every payment session's `context`, which
 * `GET /store/carts/:id` returns), not in session or payment data, not in a
 * payment method's `data`. The plugin's workflows lend the provider the
 * customer's cards for one call, and take back a card Toss issued, through
 * the call context (`savedCards`, see call-context.ts).
 */

/** A saved card as the plugin's module keeps it, billing key included: never shown to anyone. */
export interface SavedCardRecord {
  /** The Medusa payment method id, and the row's id in `toss_billing_key`. */
  id: string
  customerKey: string
  billingKey: string
  issuerCode: string
  cardNumber: string
  cardType: string
  ownerType: string
  authenticatedAt: string
}

/** What the customer sees of a saved card: a payment method's `data`. */
export interface SavedCardView {
  /** Toss's card company code, e.g. "71" (롯데카드). */
  issuerCode: string
  /** Masked by Toss: "43301234****123*". */
  number: string
  cardType: string
  ownerType: string
  authenticatedAt: string
}

/** The saved-card part of the call context (call-context.ts). */
export interface SavedCardsContext {
  /** The saved cards of the customer the call is for (listing, charging, removing). */
  cards?: SavedCardRecord[]
  /** Saving a card: the provider leaves the card Toss issued here, for the module. */
  issued?: SavedCardRecord
  /**
   * The provider's own error when saving or removing failed: Medusa's
   * payment-method calls replace it with a plain Error (its `promiseAll`),
   * which would reach the customer as a 500.
   */
  refusal?: unknown
}

export function savedCardView(card: SavedCardRecord): SavedCardView {
  return {
    issuerCode: card.issuerCode,
    number: card.cardNumber,
    cardType: card.cardType,
    ownerType: card.ownerType,
    authenticatedAt: card.authenticatedAt,
  }
}

/**
 * A customer's Toss customerKey: the same for the same customer every time
 * (so creating their account holder twice gives one holder), and not
 * guessable from the customer id, which the store API shows, without the
 * store's secret key. 44 characters of Toss's alphabet `[A-Za-z0-9-_=.@]`.
 */
export function customerKeyOf(secretKey: string, customerId: string): string {
  return "cus_" + createHmac("sha256", secretKey).update(`toss-customer:${customerId}`).digest("base64url").slice(0, 40)
}

/** The customerKey of a Medusa account holder made by this provider. */
export function customerKeyIn(holder: { data?: Record<string, unknown> } | undefined): string | null {
  const customerKey = holder?.data?.customerKey
  return typeof customerKey === "string" && customerKey.length > 0 ? customerKey : null
}

/** The customerKey of a customer's account holder: the one Medusa passes, else the customer's own. */
export function holderCustomerKey(
  secretKey: string,
  { account_holder, customer }: { account_holder?: { data?: Record<string, unknown> }; customer?: { id?: string } }
): string {
  const existing = customerKeyIn(account_holder)
  if (existing) {
    return existing
  }
  if (!customer?.id) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A Toss account holder is made for a customer, and none was given.")
  }
  return customerKeyOf(secretKey, customer.id)
}

/** Saved cards asked for in a store whose options leave them off. */
export function billingNotEnabled(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "Toss billing (saved cards, 자동결제) is not enabled in this store: it needs a billing contract with Toss and the provider option `billing: true`."
  )
}

/** Medusa's ids for saved cards (the module's `tosscard` prefix) and Toss's authKey, as they may arrive from a storefront. */
export const PAYMENT_METHOD_ID_PATTERN = /^tosscard_[0-9A-Z]{26}$/
export const AUTH_KEY_PATTERN = /^[A-Za-z0-9_=.-]{1,200}$/

/** The code of a saved-card session authorised without its card: nothing was charged. */
export const SAVED_CARD_NOT_CHARGED = "SAVED_CARD_NOT_CHARGED"

/**
 * The saved card a new session pays with (Medusa's `data.payment_method`):
 * for a logged-in customer, whose holder Medusa passes in the context, with
 * the API key pair. Which customer the card belongs to is checked when it
 * is charged, by the plugin, against the saved cards of this customerKey.
 * Null for a session without one.
 */
export function readSavedCard(
  { paymentMethod, method, integration }: { paymentMethod: unknown; method: unknown; integration: TossIntegration },
  context: PaymentProviderContext | undefined,
  billing: boolean | undefined
): { payment_method: string; customerKey: string } | null {
  if (paymentMethod === undefined || paymentMethod === null) {
    return null
  }
  if (!billing) {
    throw billingNotEnabled()
  }
  if (typeof paymentMethod !== "string" || !PAYMENT_METHOD_ID_PATTERN.test(paymentMethod)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment_method must be the id of a saved Toss card (tosscard_…).")
  }
  if ((method !== undefined && method !== null && method !== "CARD") || integration !== "payment") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, 'A saved card pays as method "CARD" through the "payment" integration; leave method and integration out.')
  }
  const customerKey = customerKeyIn(context?.account_holder)
  if (!customerKey) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "Paying with a saved card needs a logged-in customer: log in first.")
  }
  return { payment_method: paymentMethod, customerKey }
}

/** The cards the plugin lent for this call; without them the call did not come through the plugin. */
export function lentCards(savedCards: SavedCardsContext | undefined, purpose: string): SavedCardRecord[] {
  if (!savedCards?.cards) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Toss saved cards are ${purpose} through the plugin's store routes (/store/toss/billing/…), which read them from the plugin's module.`
    )
  }
  return savedCards.cards
}

/**
 * Turns the authKey of Toss's card registration into a saved card of
 * `customerKey`. The same registration asked again (a double-submitted
 * page, a lost answer) replays Toss's first answer: one billing key per
 * authKey.
 */
export async function issueSavedCard(client: TossClient, customerKey: string, authKey: unknown): Promise<SavedCardRecord> {
  if (typeof authKey !== "string" || !AUTH_KEY_PATTERN.test(authKey)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "authKey (from Toss's card registration redirect) is missing or malformed.")
  }
  let billing
  try {
    billing = await client.issueBillingKey({ authKey, customerKey }, tossIdempotencyKey.savedCardIssue(authKey))
  } catch (error) {
    throw billingRefusal(error, "카드를 등록하지 못했어요. The card could not be saved")
  }
  if (billing.customerKey !== customerKey || !billing.billingKey) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Toss issued a billing key for another customerKey: the card was not saved.")
  }
  return {
    id: generateEntityId(undefined, "tosscard"),
    customerKey,
    billingKey: billing.billingKey,
    issuerCode: billing.card?.issuerCode ?? "",
    cardNumber: billing.card?.number ?? "",
    cardType: billing.card?.cardType ?? "",
    ownerType: billing.card?.ownerType ?? "",
    authenticatedAt: billing.authenticatedAt,
  }
}

/**
 * Toss forgets the billing key (`DELETE /v1/billing/{billingKey}`); one it
 * no longer knows (deleted already, by its card company or an earlier
 * removal) counts as deleted. Anything else is reported, so the caller
 * knows Toss did not confirm.
 */
export async function deleteSavedCard(client: TossClient, card: SavedCardRecord): Promise<void> {
  try {
    await client.deleteBillingKey(card.billingKey)
  } catch (error) {
    if (!(error instanceof TossApiError && error.code === "NOT_FOUND_BILLING")) {
      throw billingRefusal(error, "Toss did not confirm the card's deletion")
    }
  }
}

/** Runs `run`, leaving its error for the plugin as well (see `SavedCardsContext.refusal`). */
export async function reportingRefusal<T>(savedCards: SavedCardsContext | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (savedCards) {
      savedCards.refusal = error
    }
    throw error
  }
}

/** A billing call Toss refused, as the customer should read it; the billing key is never in it. */
function billingRefusal(error: unknown, what: string): unknown {
  if (!(error instanceof TossApiError)) {
    return error
  }
  return isTransient(error)
    ? new MedusaError(MedusaError.Types.NOT_ALLOWED, `${what}: Toss did not answer (${error.code}). Please try again in a moment.`)
    : new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: ${error.message} (${error.code})`)
}

/** The lent card a saved-card session is charged with: its own card, of its own customer. */
export function lentCardOf(
  savedCards: SavedCardsContext | undefined,
  { payment_method, customerKey }: { payment_method?: string | null; customerKey?: string | null }
): SavedCardRecord | undefined {
  return savedCards?.cards?.find((candidate) => candidate.id === payment_method && candidate.customerKey === customerKey)
}
