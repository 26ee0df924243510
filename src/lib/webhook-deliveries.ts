import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"

/**
 * For the health view: the webhooks received in the last hour (whichever
 * PSP sent them), and how many were about nothing of this store. A failure
 * to write it never fails the webhook's handling.
 */
export async function recordWebhookDelivery(
  container: MedusaContainer,
  eventType: string,
  outcome: "applied" | "unknown" | "failed",
  /** A delivery already remembered by its id (`claimWebhookDelivery`): its row takes the outcome. */
  webhookId?: string | null
): Promise<void> {
  try {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const [claimed] = webhookId ? await module.listTossWebhookDeliveries({ webhook_id: webhookId }, { select: ["id"], take: 1 }) : []
    if (claimed) {
      await module.updateTossWebhookDeliveries({ id: claimed.id, outcome })
    } else {
      await module.createTossWebhookDeliveries({ event_type: eventType, outcome })
    }
  } catch (error) {
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).debug(`Webhook delivery not recorded: ${(error as Error).message}`)
  }
}
