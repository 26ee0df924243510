import { sdk } from "@lib/config"
import { getAuthHeaders, removeCartId } from "@lib/data/cookies"
import { completeTossPayment } from "medusa-payment-toss/storefront"
import { redirect } from "next/navigation"
import { NextRequest } from "next/server"

type Params = { params: Promise<{ countryCode: string }> }

// Toss's redirect brings no SameSite=Strict cookie: the orderId names the cart.
export async function GET(request: NextRequest, { params }: Params) {
  const { countryCode } = await params
  const { searchParams } = request.nextUrl
  const headers = await getAuthHeaders()
  const result = await completeTossPayment({ sdk, searchParams, headers })
  if (result.type === "failure") {
    const query = new URLSearchParams({ code: result.failure.code })
    redirect(`/${countryCode}/checkout/toss/fail?${query}`)
  }
  await removeCartId()
  redirect(`/${countryCode}/order/${result.order.id}/confirmed`)
}
