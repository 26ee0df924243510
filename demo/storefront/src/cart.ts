import type { HttpTypes } from "@medusajs/types"
import { sdk } from "./config"

const CART_ID_KEY = "demo-shop:cart-id"
// The cart fields the pages show, besides Medusa's defaults.
const CART_FIELDS = "+shipping_methods.name"

let regionPromise: Promise<HttpTypes.StoreRegion> | undefined

/** The shop sells in won: the first region whose currency is KRW. */
export function krwRegion(): Promise<HttpTypes.StoreRegion> {
  regionPromise ??= sdk.store.region.list({ fields: "id,name,currency_code" }).then(({ regions }) => {
    const region = regions.find((r) => r.currency_code === "krw")
    if (!region) throw new Error("No region with currency KRW: run the demo seed")
    return region
  })
  return regionPromise
}

export function storedCartId(): string | null {
  return localStorage.getItem(CART_ID_KEY)
}

export function forgetCart(): void {
  localStorage.removeItem(CART_ID_KEY)
}

/** The shopper's open cart, or null if there is none (or it already became an order). */
export async function currentCart(): Promise<HttpTypes.StoreCart | null> {
  const id = storedCartId()
  if (!id) return null
  try {
    const { cart } = await sdk.store.cart.retrieve(id, { fields: CART_FIELDS })
    if (!cart.completed_at) return cart
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error
  }
  forgetCart()
  return null
}

export async function addToCart(variantId: string): Promise<HttpTypes.StoreCart> {
  let cart = await currentCart()
  if (!cart) {
    const region = await krwRegion()
    cart = (await sdk.store.cart.create({ region_id: region.id }, { fields: CART_FIELDS })).cart
    localStorage.setItem(CART_ID_KEY, cart.id)
  }
  return (await sdk.store.cart.createLineItem(cart.id, { variant_id: variantId, quantity: 1 }, { fields: CART_FIELDS })).cart
}

export function itemCount(cart: HttpTypes.StoreCart | null): number {
  return (cart?.items ?? []).reduce((sum, item) => sum + item.quantity, 0)
}
