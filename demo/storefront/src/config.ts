import Medusa from "@medusajs/js-sdk"
import { createTossCheckout } from "../../../storefront"
import { createPortOneCheckout, setPortOneJsSdkUrl } from "../../../storefront/portone"

/** Served by the demo runner as /config.js. */
export interface DemoConfig {
  backendUrl: string
  publishableKey: string
  /** The local sandbox's `/v2/standard` script, or null for Toss's real SDK. */
  sdkSrc: string | null
  /** The local Toss sandbox, or null when the demo talks to Toss itself. */
  sandboxUrl: string | null
  portOne: {
    /** The local PortOne sandbox's browser SDK stand-in, or null for PortOne's own. */
    sdkUrl: string | null
    /** The local PortOne sandbox (its bank page), or null when the demo talks to PortOne itself. */
    sandboxUrl: string | null
    /** The store's 토스페이 (tosspay_v2) channel. */
    tossPayChannelKey: string
    /** The store's card PG channel. */
    cardChannelKey: string
  }
}

declare global {
  interface Window {
    __DEMO__?: DemoConfig
  }
}

function readConfig(): DemoConfig {
  const config = window.__DEMO__
  if (!config?.backendUrl || !config.publishableKey) {
    throw new Error("window.__DEMO__ needs backendUrl and publishableKey (served as /config.js by the demo runner)")
  }
  return config
}

export const config = readConfig()

export const sdk = new Medusa({ baseUrl: config.backendUrl, publishableKey: config.publishableKey })

if (config.portOne.sdkUrl) setPortOneJsSdkUrl(config.portOne.sdkUrl)

/**
 * The success URL carries the cart id, so the confirmation works even when the
 * browser lost localStorage on the way (a payment app opening a new tab).
 * Toss appends its own parameters to the query.
 */
export function checkoutFor(cartId: string) {
  return createTossCheckout({
    sdk,
    successUrl: `/checkout/success?cart_id=${encodeURIComponent(cartId)}`,
    failUrl: "/checkout/fail",
    sdkSrc: config.sdkSrc,
  })
}

/** The account page's checkout: saved cards only (their registration URLs are given per call). */
export function accountCheckout() {
  return createTossCheckout({ sdk, sdkSrc: config.sdkSrc })
}

/**
 * The PortOne road: its window answers in the page on a computer; a phone
 * leaves for the return page (/checkout/portone), which completes the cart.
 */
export function portOneCheckout() {
  return createPortOneCheckout({ sdk, redirectUrl: "/checkout/portone" })
}
