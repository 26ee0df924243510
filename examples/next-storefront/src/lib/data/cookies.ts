import { cookies as nextCookies } from "next/headers"

// As in the DTC starter (src/lib/data/cookies.ts): the cart id and the
// customer's token live in httpOnly cookies with SameSite=Strict.

export const getAuthHeaders = async (): Promise<
  { authorization: string } | Record<string, never>
> => {
  const cookies = await nextCookies()
  const token = cookies.get("_medusa_jwt")?.value
  return token ? { authorization: `Bearer ${token}` } : {}
}

export const getCacheTag = async (tag: string): Promise<string> => {
  const cacheId = (await nextCookies()).get("_medusa_cache_id")?.value
  return cacheId ? `${tag}-${cacheId}` : ""
}

export const getCartId = async () => {
  const cookies = await nextCookies()
  return cookies.get("_medusa_cart_id")?.value
}

export const setCartId = async (cartId: string) => {
  const cookies = await nextCookies()
  cookies.set("_medusa_cart_id", cartId, {
    maxAge: 60 * 60 * 24 * 7,
    httpOnly: true,
    sameSite: "strict",
    secure: process.env.NODE_ENV === "production",
  })
}

export const removeCartId = async () => {
  const cookies = await nextCookies()
  cookies.set("_medusa_cart_id", "", {
    maxAge: -1,
  })
}
