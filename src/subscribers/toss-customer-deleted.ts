import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, CustomerWorkflowEvents } from "@medusajs/framework/utils"
import { tossAccounts } from "../lib/toss-config"
import { customerKeyOf } from "../providers/toss/billing"
import { removeTossCardWorkflow } from "../workflows/remove-toss-card"
import { savedCardsOf } from "../lib/saved-cards"

/**
 * A customer deleted in Medusa takes their saved cards along, at every Toss
 * account: each billing key is deleted at Toss and forgotten here. (Their customerKey is derived
 * from the customer id, so it is found without the account holder, whose
 * link may be gone with the customer.)
 */
export default async function tossCustomerDeletedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  for (const { providerId, options } of tossAccounts(container).filter((account) => account.options.billing)) {
    for (const card of await savedCardsOf(container, providerId, customerKeyOf(options.secretKey, event.data.id))) {
      try {
        await removeTossCardWorkflow(container).run({ input: { id: card.id, reason: "customer" } })
      } catch (error) {
        logger.error(`Saved card ${card.id} of deleted customer ${event.data.id} could not be removed: ${(error as Error).message}`)
      }
    }
  }
}

export const config: SubscriberConfig = {
  event: CustomerWorkflowEvents.DELETED,
  context: { subscriberId: "toss-customer-deleted" },
}
