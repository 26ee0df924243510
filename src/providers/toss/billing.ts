import { MedusaError } from "@medusajs/framework/utils"
import { createHmac } from "crypto"
import { callContext } from "./call-context"

/**
 * Toss billing (자동결제) as Medusa's saved payment methods: a customer's
 * Medusa account holder is their Toss `customerKey`, each saved card a
 * billing key kept in the plugin's module (`toss_billing_key`).
 *
 * The billing key charges the card without the shopper, so it never goes
 * where Medusa or the store API could show it: not in account holder data
 * (Medusa copies the holder into every payment session's `context`, which
 * `GET /store/carts/:id` returns), not in session or payment data, not in a
 * payment method's `data`. A provider cannot read another module, so the
 * plugin's workflows read the customer's cards from the module and lend them
 * to the provider for the one call (AsyncLocalStorage, as the refund
 * instructions do); a card Toss issues comes back the same way. The key is
 * never a workflow step's input or output, which Medusa's workflow engine may
 * store.
 */

/** A saved card as the plugin's module keeps it, billing key included. */
export interface SavedCard {
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

export function savedCardView(card: SavedCard): SavedCardView {
  return {
    issuerCode: card.issuerCode,
    number: card.cardNumber,
    cardType: card.cardType,
    ownerType: card.ownerType,
    authenticatedAt: card.authenticatedAt,
  }
}

export interface TossBillingInstructions {
  /** The saved cards of the customer the call is for (listing, charging, removing). */
  cards?: SavedCard[]
  /** Saving a card: the provider hands the card Toss issued back here, for the module. */
  issued?: SavedCard
  /**
   * The provider's own error when saving or removing failed: Medusa's
   * payment-method calls replace it with a plain Error (its `promiseAll`),
   * which would reach the customer as a 500.
   */
  refusal?: unknown
}

const billing = callContext<TossBillingInstructions>("billing-instructions")

export function withTossBilling<T>(instructions: TossBillingInstructions, run: () => Promise<T>): Promise<T> {
  return billing.run(instructions, run)
}

export function tossBilling(): TossBillingInstructions | undefined {
  return billing.get()
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

/** Billing asked for in a store whose options leave it off. */
export function billingNotEnabled(): MedusaError {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    "Toss billing (saved cards, 자동결제) is not enabled in this store: it needs a billing contract with Toss and the provider option `billing: true`."
  )
}

/** Medusa's ids for saved cards (the module's `tosscard` prefix) and Toss's authKey, as they may arrive from a storefront. */
export const PAYMENT_METHOD_ID_PATTERN = /^tosscard_[0-9A-Z]{26}$/
export const AUTH_KEY_PATTERN = /^[A-Za-z0-9_=.-]{1,200}$/
