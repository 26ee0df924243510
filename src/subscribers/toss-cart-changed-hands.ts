import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { CartWorkflowEvents, ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isTossProviderId, tossAccounts, tossOptions } from "../lib/toss-config"
import { customerKeyOf } from "../providers/toss/billing"

/**
 * A cart that changes hands (Medusa's `POST /store/carts/:id/customer`, or
 * an update that gives it another customer, such as a guest cart's new
 * email) loses the saved-card sessions opened for someone else: nothing of
 * one customer's cards stays attached to another's cart. The charge itself
 * checks the card's owner again (`savedCardForCharge`), so a payment
 * pressed before this runs is refused all the same. (A subscriber, not the
 * workflows' hooks: a hook takes one handler, which a store may need.)
 */
export default async function tossCartChangedHandsHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  if (!tossAccounts(container).some((account) => account.options.billing)) {
    return
  }
  const {
    data: [cart],
  } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id", "customer_id", "payment_collection.payment_sessions.id", "payment_collection.payment_sessions.provider_id", "payment_collection.payment_sessions.data"],
    filters: { id: event.data.id },
  })
  // The owner's customerKey at each session's own Toss account.
  const ownersKey = (providerId: string) => (cart?.customer_id ? customerKeyOf(tossOptions(container, providerId).secretKey, cart.customer_id) : null)
  const foreign = (cart?.payment_collection?.payment_sessions ?? []).filter(
    (session: { provider_id?: string; data?: Record<string, unknown> } | null) =>
      !!session && isTossProviderId(session.provider_id) && session.data?.payment_method && session.data.customerKey !== ownersKey(session.provider_id)
  )
  const paymentModule = container.resolve(Modules.PAYMENT)
  for (const session of foreign) {
    try {
      await paymentModule.deletePaymentSession(session.id)
    } catch (error) {
      // Harmless if it stays: the charge refuses a card that is not the payer's.
      container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`Saved-card session ${session.id} of cart ${cart.id} (now another customer's) could not be removed: ${(error as Error).message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: [CartWorkflowEvents.CUSTOMER_TRANSFERRED, CartWorkflowEvents.UPDATED],
  context: { subscriberId: "toss-cart-changed-hands" },
}
