import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"

/**
 * For the health view: the webhooks received in the last hour (whichever
 * PSP sent them), and how many were about nothing of this store. A failure
 * to write it never fails the webhook's handling.
 */
export async function recordWebhookDelivery(container: MedusaContainer, eventType: string, outcome: "applied" | "unknown" | "failed"): Promise<void> {
  try {
    await container.resolve<TossModuleService>(TOSS_MODULE).createTossWebhookDeliveries({ event_type: eventType, outcome })
  } catch (error) {
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).debug(`Webhook delivery not recorded: ${(error as Error).message}`)
  }
}
