import type { TossPaymentsSDK } from "@tosspayments/tosspayments-sdk"
import { completeCart } from "./complete"
import { checkoutError, storeRefusal, tossSdkError } from "./failure"
import { absoluteUrl, readSearchParam, type SearchParamsInput } from "./search-params"
import type { CompletedOrder, MedusaStoreSdk } from "./types"

const BILLING_PATH = "/store/toss/billing"

/** A card the customer saved (Toss billing, 자동결제): what the store shows of it. The billing key never leaves the server. */
export interface SavedCard {
  /** The Medusa payment method id, to pay with. */
  id: string
  provider_id: string
  data: {
    /** Toss's card company code, e.g. "41" (신한카드). */
    issuerCode: string
    /** Masked by Toss: "43301234****123*". */
    number: string
    cardType: string
    ownerType: string
    authenticatedAt: string
  }
}

export interface SaveCardOptions {
  /** Where Toss sends the customer after registering the card (it adds `customerKey` and `authKey`); may be relative. */
  successUrl: string
  /** Where Toss sends the customer when the registration fails or is closed (`code`, `message`). */
  failUrl: string
  /** Shown in Toss's card registration window. */
  customerName?: string
  customerEmail?: string
}

/** Saved cards for the logged-in customer; part of `createTossCheckout`'s checkout. */
export interface TossBillingCheckout {
  /** Opens Toss's card registration for the logged-in customer. */
  saveCard(options: SaveCardOptions): Promise<void>
  /** On the registration's success URL: the store issues the billing key and saves the card. */
  handleCardSaved(searchParams: SearchParamsInput): Promise<SavedCard>
  listSavedCards(): Promise<SavedCard[]>
  removeSavedCard(paymentMethodId: string): Promise<void>
  /** One click: the cart is paid with the saved card and becomes an order. */
  payWithSavedCard(cartId: string, paymentMethodId: string): Promise<CompletedOrder>
}

interface AccountHolderAnswer {
  account_holder: { id: string; data: { customerKey: string } }
  clientKey: string
}

export function billingCheckout({
  sdk,
  loadToss,
  providerId,
}: {
  sdk: MedusaStoreSdk
  loadToss: (clientKey: string) => Promise<TossPaymentsSDK>
  /** The checkout's Toss registration (`pp_toss_<id>`): its account holder, its saved cards, its sessions. */
  providerId: string
}): TossBillingCheckout {
  /**
   * The logged-in customer's Toss account holder at the checkout's Toss
   * account (made on first use, the same afterwards). Not kept: whoever is
   * logged in now.
   */
  const accountHolder = () =>
    sdk.client.fetch<AccountHolderAnswer>(`${BILLING_PATH}/account-holders`, { method: "POST", body: { provider_id: providerId } }).catch((error: unknown) => {
      throw checkoutError("CARD_NOT_SAVED", undefined, error)
    })

  const methodsPath = async () => `${BILLING_PATH}/account-holders/${(await accountHolder()).account_holder.id}/payment-methods`

  async function saveCard(options: SaveCardOptions) {
    const { account_holder, clientKey } = await accountHolder()
    const toss = await loadToss(clientKey)
    try {
      await toss.payment({ customerKey: account_holder.data.customerKey }).requestBillingAuth({
        ...options,
        method: "CARD",
        successUrl: absoluteUrl(options.successUrl),
        failUrl: absoluteUrl(options.failUrl),
      })
    } catch (error) {
      throw tossSdkError(error)
    }
  }

  async function handleCardSaved(searchParams: SearchParamsInput) {
    const authKey = readSearchParam(searchParams, "authKey")
    const customerKey = readSearchParam(searchParams, "customerKey")
    if (!authKey || !customerKey) {
      throw checkoutError("CARD_NOT_SAVED")
    }
    const path = await methodsPath()
    try {
      return (await sdk.client.fetch<{ payment_method: SavedCard }>(path, { method: "POST", body: { authKey, customerKey } })).payment_method
    } catch (error) {
      throw checkoutError("CARD_NOT_SAVED", undefined, error)
    }
  }

  async function listSavedCards() {
    return (await sdk.client.fetch<{ payment_methods: SavedCard[] }>(await methodsPath())).payment_methods
  }

  async function removeSavedCard(paymentMethodId: string) {
    await sdk.client.fetch(`${await methodsPath()}/${encodeURIComponent(paymentMethodId)}`, { method: "DELETE" })
  }

  async function payWithSavedCard(cartId: string, paymentMethodId: string) {
    try {
      // Every attempt is a new session: Toss never takes an orderId twice.
      const { cart } = await sdk.store.cart.retrieve(cartId)
      await sdk.store.payment.initiatePaymentSession(cart, { provider_id: providerId, data: { payment_method: paymentMethodId } })
    } catch (error) {
      throw checkoutError("PAYMENT_PREPARATION_FAILED", storeRefusal(error), error)
    }
    return completeCart(sdk, `${BILLING_PATH}/complete`, { cart_id: cartId })
  }

  return { saveCard, handleCardSaved, listSavedCards, removeSavedCard, payWithSavedCard }
}
