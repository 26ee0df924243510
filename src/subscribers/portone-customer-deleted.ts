import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { portOneAccounts } from "../lib/portone-config"
import { portOneSavedCardsOf } from "../lib/portone-saved-cards"
import { portOneCustomerIdOf } from "../providers/portone/saved-cards"
import { removePortOneCardWorkflow } from "../workflows/remove-portone-card"

/**
 * A customer deleted in Medusa takes their PortOne saved cards along, at
 * every PortOne registration that saves cards: each billing key is deleted
 * at PortOne and forgotten here (the twin of toss-customer-deleted). Their
 * PortOne customer id is derived from the customer id, so it is found
 * without the account holder, whose link may be gone with the customer.
 */
export default async function portOneCustomerDeletedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  for (const { providerId, options } of portOneAccounts(container).filter((account) => account.options.billingChannelKey)) {
    for (const card of await portOneSavedCardsOf(container, providerId, portOneCustomerIdOf(options.apiSecret, event.data.id))) {
      try {
        await removePortOneCardWorkflow(container).run({ input: { id: card.id, reason: "customer" } })
      } catch (error) {
        logger.error(`PortOne saved card ${card.id} of deleted customer ${event.data.id} could not be removed: ${(error as Error).message}`)
      }
    }
  }
}

export const config: SubscriberConfig = {
  event: CustomerWorkflowEvents.DELETED,
  context: { subscriberId: "portone-customer-deleted" },
}
