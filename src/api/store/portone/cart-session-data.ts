import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
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

/** What `portOneSessionMismatch` reads of the cart. */
export const CART_CHECK_FIELDS = ["total", ...SESSION_DATA_FIELDS]

/**
 * How the cart's PortOne session no longer describes the cart, or null: the
 * session's amount is not what PortOne was told, the cart's total moved, or
 * its tax-free share did (Medusa keeps a session while the total is the
 * same, so a taxed item swapped for a tax-free one of the same price keeps
 * the old share, which PortOne would be told again).
 */
export function portOneSessionMismatch(
  session: { amount: unknown; data?: Record<string, unknown> | null },
  cart: { total: unknown } & Parameters<typeof cartSessionData>[0]
): "registered-amount" | "total" | "tax-free" | null {
  const stored = new BigNumber(session.amount as number).numeric
  const portone = (session.data as { portone?: { totalAmount?: number; taxFreeAmount?: number } } | null)?.portone
  if (stored !== portone?.totalAmount) {
    return "registered-amount"
  }
  if (stored !== new BigNumber(cart.total as number).numeric) {
    return "total"
  }
  return cartSessionData(cart, { escrow: false }).taxFreeAmount !== (portone.taxFreeAmount ?? 0) ? "tax-free" : null
}
