import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger, ProviderWebhookPayload } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { parseWebhook } from "../providers/toss/webhook"
import { syncTossPayment } from "../lib/sync-toss-payment"

/** `/hooks/payment/toss_toss` arrives as this provider name. */
const TOSS_WEBHOOK_PROVIDER = "toss_toss"

/**
 * Medusa's own webhook handling captures payments; it ignores cancels,
 * expired virtual accounts and reversed deposits. This subscriber brings
 * those over from Toss. A failure here is logged and left to the
 * reconciliation job: Medusa already answered Toss 200, so Toss will not
 * send the event again.
 */
export default async function tossWebhookHandler({ event, container }: SubscriberArgs<ProviderWebhookPayload>) {
  if (event.data.provider !== TOSS_WEBHOOK_PROVIDER) {
    return
  }
  const notice = parseWebhook(event.data.payload)
  if (!notice) {
    return
  }
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  try {
    const outcome = await syncTossPayment(container, notice)
    logger.debug(`Toss ${notice.eventType} for ${notice.paymentKey ?? notice.orderId}: ${outcome}`)
  } catch (error) {
    logger.error(
      `Toss ${notice.eventType} for ${notice.paymentKey ?? notice.orderId} could not be applied (the reconciliation job will retry): ${(error as Error).message}`
    )
  }
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "toss-webhook-sync" },
}
