import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../../../lib/portone-provider-id"
import { cartSessionData, SESSION_DATA_FIELDS } from "../toss-cart-session-data"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`
 * for PortOne: the cart's tax-free share, as the server computes it, goes
 * into the session's data over whatever the storefront sent (the provider
 * pre-registers it at PortOne with the amount).
 */
export async function addPortOneCartSessionData(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = req.body as { provider_id?: unknown; data?: unknown } | undefined
    const sent = body?.data ?? {}
    if (!body || !isPortOneProviderId(body.provider_id) || typeof sent !== "object" || Array.isArray(sent)) {
      return next()
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: links } = await query.graph({
      entity: "cart_payment_collection",
      fields: ["cart_id"],
      filters: { payment_collection_id: req.params.id },
    })
    const { data: carts } = links[0]
      ? await query.graph({ entity: "cart", fields: ["total", ...SESSION_DATA_FIELDS], filters: { id: links[0].cart_id } })
      : { data: [] }
    const { taxFreeAmount } = cartSessionData(carts[0] ?? {}, { escrow: false })
    body.data = { ...sent, taxFreeAmount }
    const validated = (req as { validatedBody?: { data?: Record<string, unknown> } }).validatedBody
    if (validated) {
      validated.data = { ...(validated.data ?? {}), taxFreeAmount }
    }
    next()
  } catch (error) {
    next(error)
  }
}
