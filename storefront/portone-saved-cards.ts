import * as PortOne from "@portone/browser-sdk/v2"
import { completeCart } from "./complete"
import { checkoutError, TossCheckoutError } from "./failure"
import { portOneFailure } from "./portone-failure"
import { absoluteUrl, readSearchParam, type SearchParamsInput } from "./search-params"
import type { CompletedOrder, MedusaStoreSdk } from "./types"

const BILLING_PATH = "/store/portone/billing"

/** A card (or easy-pay account) the customer saved at PortOne: what the store shows of it. The billing key never leaves the server. */
export interface PortOneSavedCard {
  /** The Medusa payment method id (`portonecard_…`), to pay with. */
  id: string
  provider_id?: string
  data: {
    /** The card's issuer, or the easy pay (e.g. "TOSSPAY") where PortOne names no card. */
    issuer: string
    /** Masked by PortOne; empty where the easy pay shows none. */
    number: string
    cardType: string
    ownerType: string
    issuedAt: string
  }
}

export interface SavePortOneCardOptions {
  /** How the shopper registers: 토스페이's channel takes `EASY_PAY` only. Default `EASY_PAY`. */
  billingKeyMethod?: "CARD" | "EASY_PAY"
  /** Shown in PortOne's window, e.g. "정기결제 카드 등록". */
  issueName?: string
  /**
   * Where PortOne sends the customer back where it cannot answer in the page
   * (mobile browsers always; 토스페이 requires it there); may be relative.
   * That page calls `handleCardSaved`.
   */
  redirectUrl?: string
  /** Always leave for `redirectUrl`, on computers too. */
  forceRedirect?: boolean
}

/** Saved cards for the logged-in customer (PortOne billing keys); part of `createPortOneCheckout`'s checkout. */
export interface PortOneSavedCards {
  /**
   * Opens PortOne's billing-key window for the logged-in customer and saves
   * the card the store verified at PortOne; null when PortOne is
   * redirecting the page to `redirectUrl` (whose page calls
   * `handleCardSaved`). Throws `TossCheckoutError`, with `canceledByShopper`
   * when the shopper closed the window.
   */
  saveCard(options?: SavePortOneCardOptions): Promise<PortOneSavedCard | null>
  /** On PortOne's redirect back (`?billingKey=…`, or `code` on a failure): the store verifies the key and saves the card. */
  handleCardSaved(searchParams: SearchParamsInput | Promise<SearchParamsInput>): Promise<PortOneSavedCard>
  /** Throws `TossCheckoutError` (`CARD_NOT_SAVED` when no customer is logged in). */
  listSavedCards(): Promise<PortOneSavedCard[]>
  /** Deletes the key at PortOne and forgets the card; throws `TossCheckoutError`. */
  removeSavedCard(paymentMethodId: string): Promise<void>
  /** One click: the cart's PortOne payment is charged to the saved card and the cart becomes an order. */
  payWithSavedCard(cartId: string, paymentMethodId: string): Promise<CompletedOrder>
}

interface AccountHolderAnswer {
  account_holder: { id: string; data: { customerId: string } }
  storeId: string
  /** The store's billing channel; absent when the store saves no cards. */
  channelKey?: string
}

export function portOneSavedCards({
  sdk,
  providerId,
  locale,
  preparePayment,
}: {
  sdk: MedusaStoreSdk
  /** The checkout's PortOne registration (`pp_portone_<id>`): its account holder, its saved cards, its sessions. */
  providerId: string
  locale: "ko" | "en"
  /** The checkout's: the cart's PortOne session, the one the store charges the card for. */
  preparePayment: (cartId: string) => Promise<unknown>
}): PortOneSavedCards {
  /** The logged-in customer's PortOne account holder (made on first use, the same afterwards). Not kept: whoever is logged in now. */
  const accountHolder = () =>
    sdk.client.fetch<AccountHolderAnswer>(`${BILLING_PATH}/account-holders`, { method: "POST", body: { provider_id: providerId } }).catch((error: unknown) => {
      throw checkoutError("CARD_NOT_SAVED", undefined, error)
    })

  const methodsPath = (holder: AccountHolderAnswer) => `${BILLING_PATH}/account-holders/${encodeURIComponent(holder.account_holder.id)}/payment-methods`

  async function keep(holder: AccountHolderAnswer, billingKey: string): Promise<PortOneSavedCard> {
    try {
      return (await sdk.client.fetch<{ payment_method: PortOneSavedCard }>(methodsPath(holder), { method: "POST", body: { billingKey } })).payment_method
    } catch (error) {
      throw checkoutError("CARD_NOT_SAVED", undefined, error)
    }
  }

  async function saveCard(options: SavePortOneCardOptions = {}): Promise<PortOneSavedCard | null> {
    if (options.forceRedirect && !options.redirectUrl) {
      throw new TypeError("saveCard: forceRedirect needs redirectUrl")
    }
    const holder = await accountHolder()
    if (!holder.channelKey) {
      throw checkoutError("CARD_NOT_SAVED", undefined, new Error("The store names no PortOne billing channel (billingChannelKey)."))
    }
    let response: PortOne.IssueBillingKeyResponse | undefined
    try {
      response = await PortOne.requestIssueBillingKey({
        storeId: holder.storeId,
        channelKey: holder.channelKey,
        billingKeyMethod: options.billingKeyMethod ?? "EASY_PAY",
        ...(options.issueName && { issueName: options.issueName }),
        customer: { customerId: holder.account_holder.data.customerId },
        ...(options.redirectUrl && { redirectUrl: absoluteUrl(options.redirectUrl), ...(options.forceRedirect && { forceRedirect: true }) }),
        ...(locale === "en" && { locale: "EN_US" as const }),
      })
    } catch (error) {
      throw new TossCheckoutError(portOneFailure("PORTONE_SDK_LOAD_FAILED"), { cause: error })
    }
    // The page is leaving for redirectUrl, whose page saves the card.
    if (!response) return null
    if (response.code) {
      throw new TossCheckoutError(portOneFailure(response.code, response.pgCode, response.message || response.pgMessage))
    }
    return keep(holder, response.billingKey)
  }

  async function handleCardSaved(searchParams: SearchParamsInput | Promise<SearchParamsInput>): Promise<PortOneSavedCard> {
    const query = await searchParams
    const code = readSearchParam(query, "code")
    if (code) {
      // Anyone can write this URL: its message is not shown, only the text for a known code.
      throw new TossCheckoutError(portOneFailure(code, readSearchParam(query, "pgCode")))
    }
    const billingKey = readSearchParam(query, "billingKey")
    if (!billingKey) {
      throw checkoutError("CARD_NOT_SAVED")
    }
    // Whoever wrote the URL, the store keeps the key only if PortOne issued it for this customer.
    return keep(await accountHolder(), billingKey)
  }

  async function listSavedCards(): Promise<PortOneSavedCard[]> {
    const path = methodsPath(await accountHolder())
    try {
      return (await sdk.client.fetch<{ payment_methods: PortOneSavedCard[] }>(path)).payment_methods
    } catch (error) {
      throw checkoutError("UNKNOWN", undefined, error)
    }
  }

  async function removeSavedCard(paymentMethodId: string): Promise<void> {
    const path = `${methodsPath(await accountHolder())}/${encodeURIComponent(paymentMethodId)}`
    try {
      await sdk.client.fetch(path, { method: "DELETE" })
    } catch (error) {
      throw checkoutError("UNKNOWN", undefined, error)
    }
  }

  async function payWithSavedCard(cartId: string, paymentMethodId: string): Promise<CompletedOrder> {
    // The session is not marked attempted: a press again after a decline or
    // an unknown outcome must be the same charge (same paymentId), never a second one.
    await preparePayment(cartId)
    return completeCart(sdk, `${BILLING_PATH}/complete`, { cart_id: cartId, payment_method_id: paymentMethodId })
  }

  return { saveCard, handleCardSaved, listSavedCards, removeSavedCard, payWithSavedCard }
}
