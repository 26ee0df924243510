import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isTossProviderId, tossOptions } from "../../lib/toss-config"
import { ensureTossAccountHolderWorkflow } from "../../workflows/ensure-toss-account-holder"
import { savedCard } from "../../lib/saved-cards"

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions` for
 * Toss, when billing is on: a logged-in customer's account holder is made
 * (or found again) and linked first, so Medusa's own session creation finds
 * it instead of failing with "Account holder … already exists" (Medusa issue
 * 15593); and a session that pays with a saved card (`data.payment_method`)
 * is only opened by the card's own customer, logged in, for their own cart,
 * through the Toss account that saved it. Another customer's card, or
 * another account's, is answered as one that does not exist.
 */
export async function guardTossSavedCards(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = (req.body ?? {}) as { provider_id?: unknown; data?: { payment_method?: unknown } | null }
    if (!isTossProviderId(body.provider_id) || !tossOptions(req.scope, body.provider_id).billing) {
      return next()
    }
    // Medusa's store authentication (logged-in customers optional) ran before this.
    const auth = (req as Partial<AuthenticatedMedusaRequest>).auth_context
    const customerId = auth?.actor_type === "customer" ? auth.actor_id : null
    const paymentMethod = body.data?.payment_method
    if (!customerId) {
      if (paymentMethod !== undefined) {
        throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "Paying with a saved card needs a logged-in customer: log in first.")
      }
      return next()
    }
    const { result: holder } = await ensureTossAccountHolderWorkflow(req.scope).run({ input: { customer_id: customerId, provider_id: body.provider_id } })
    if (paymentMethod !== undefined) {
      const card = typeof paymentMethod === "string" ? await savedCard(req.scope, body.provider_id, paymentMethod) : null
      if (!card || card.customerKey !== holder.data.customerKey) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, "This saved card was not found: choose another card or payment method.")
      }
      if (!(await isCustomersCart(req, customerId))) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "A saved card pays only for its owner's own cart: log in as the cart's customer, or choose another payment method.")
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}

/** Whether the payment collection of the request (`:id`) is the cart of this customer. */
async function isCustomersCart(req: MedusaRequest, customerId: string): Promise<boolean> {
  const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart_payment_collection",
    fields: ["cart.customer_id"],
    filters: { payment_collection_id: req.params.id },
  })
  return data.length > 0 && data.every((link: { cart?: { customer_id?: string | null } | null }) => link.cart?.customer_id === customerId)
}
