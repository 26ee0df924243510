"use server"

import { sdk } from "@lib/config"
import { HttpTypes } from "@medusajs/types"
import { revalidatePath } from "next/cache"
import { redirect } from "next/navigation"
import { getAuthHeaders, getCartId, setCartId } from "./cookies"

// The DTC starter's address step, filled in for the shopper: this storefront
// exists to show the payment step.
const SHOPPER = {
  email: "shopper@example.com",
  address: {
    first_name: "길동",
    last_name: "홍",
    address_1: "테헤란로 131",
    city: "서울특별시 강남구",
    postal_code: "06133",
    country_code: "kr",
    phone: "010-1234-5678",
  },
}

export async function retrieveCart(): Promise<HttpTypes.StoreCart | null> {
  const id = await getCartId()
  if (!id) {
    return null
  }
  return sdk.store.cart
    .retrieve(
      id,
      { fields: "*items, +shipping_methods.name" },
      await getAuthHeaders()
    )
    .then(({ cart }) => (cart.completed_at ? null : cart))
    .catch(() => null)
}

/** Adds one of the variant, creating the cart (with the shopper's address and the first delivery option) if there is none. */
export async function addToCart(countryCode: string, variantId: string) {
  const headers = await getAuthHeaders()
  let cart = await retrieveCart()
  if (!cart) {
    const region = await regionFor(countryCode, headers)
    if (!region) {
      throw new Error(`No region ships to ${countryCode}`)
    }
    const { address, email } = SHOPPER
    cart = (
      await sdk.store.cart.create(
        {
          region_id: region.id,
          email,
          shipping_address: address,
          billing_address: address,
        },
        {},
        headers
      )
    ).cart
    await setCartId(cart.id)
  }
  await sdk.store.cart.createLineItem(
    cart.id,
    { variant_id: variantId, quantity: 1 },
    {},
    headers
  )
  if (!cart.shipping_methods?.length) {
    const { shipping_options } = await sdk.store.fulfillment.listCartOptions(
      { cart_id: cart.id },
      headers
    )
    await sdk.store.cart.addShippingMethod(
      cart.id,
      { option_id: shipping_options[0].id },
      {},
      headers
    )
  }
  redirect(`/${countryCode}/checkout?step=payment`)
}

export async function initiatePaymentSession(
  cart: HttpTypes.StoreCart,
  data: HttpTypes.StoreInitializePaymentSession
) {
  const resp = await sdk.store.payment.initiatePaymentSession(
    cart,
    data,
    {},
    await getAuthHeaders()
  )
  revalidatePath("/", "layout")
  return resp
}

export async function listCartPaymentMethods(regionId: string) {
  const { payment_providers } =
    await sdk.client.fetch<HttpTypes.StorePaymentProviderListResponse>(
      "/store/payment-providers",
      {
        query: { region_id: regionId },
        headers: await getAuthHeaders(),
      }
    )
  return payment_providers
}

/** The region's products with their prices, or null for a country no region ships to. */
export async function listProducts(countryCode: string) {
  const headers = await getAuthHeaders()
  const region = await regionFor(countryCode, headers)
  if (!region) {
    return null
  }
  const { products } = await sdk.store.product.list(
    { region_id: region.id, fields: "*variants.calculated_price" },
    headers
  )
  return products
}

async function regionFor(countryCode: string, headers: Record<string, string>) {
  const { regions } = await sdk.store.region.list({}, headers)
  return regions.find((r) => r.countries?.some((c) => c.iso_2 === countryCode))
}
