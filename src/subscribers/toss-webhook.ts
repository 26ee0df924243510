import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger, ProviderWebhookPayload } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { webhookArrivalOf } from "../lib/webhook-arrival"
import { recordWebhookDelivery } from "../lib/webhook-deliveries"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { tossAccounts } from "../lib/toss-config"
import { parseWebhook } from "../providers/toss/webhook"
import { findTossOrderId } from "../lib/find-toss-order-id"
import { removeTossCardWorkflow } from "../workflows/remove-toss-card"
import { syncTossPaymentWorkflow } from "../workflows/sync-toss-payment"

/**
 * Every Toss account has its own webhook URL, `/hooks/payment/toss_<id>`,
 * which Medusa emits as provider `toss_<id>`; an event is about that
 * account's payments and saved cards only.
 * Every Toss payment event becomes one run of the sync workflow, the one owner of
 * what Toss's events change (Medusa's own webhook handling is told there is
 * nothing to do). An event about an orderId or paymentKey this store never
 * handed to Toss is dropped without asking Toss: forged events cost nothing.
 * A failure is logged and left to the reconciliation job: Medusa already
 * answered Toss 200, so Toss will not send the event again.
 */
export default async function tossWebhookHandler({ event, container }: SubscriberArgs<ProviderWebhookPayload>) {
  const account = tossAccounts(container).find((candidate) => candidate.webhookProvider === event.data.provider)
  if (!account) {
    return
  }
  const notice = parseWebhook(event.data.payload)
  if (!notice) {
    await recordWebhookDelivery(container, "UNREADABLE", "unknown")
    return
  }
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  if (notice.eventType === "BILLING_DELETED") {
    // A billing key this store does not hold is dropped without asking Toss;
    // one it holds is forgotten once Toss confirms. The key itself is never logged.
    const [card] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ billing_key: notice.billingKey, provider_id: account.providerId }, { select: ["id"] })
    if (!card) {
      logger.debug("Toss BILLING_DELETED for a billing key this store does not hold, ignored")
      await recordWebhookDelivery(container, notice.eventType, "unknown")
      return
    }
    let removed: "applied" | "failed" = "applied"
    try {
      const { result } = await removeTossCardWorkflow(container).run({ input: { id: card.id, reason: "deleted-at-toss" } })
      logger.info(`Toss BILLING_DELETED for saved card ${card.id}: ${result}`)
    } catch (error) {
      removed = "failed"
      logger.error(`Toss BILLING_DELETED for saved card ${card.id} could not be applied: ${(error as Error).message}`)
    }
    await recordWebhookDelivery(container, notice.eventType, removed)
    return
  }
  // The delivery's arrival at the server: a worker may take the event up well after.
  const requestedAt = webhookArrivalOf(container, event.data.payload.headers) ?? Date.now()
  const about = notice.paymentKey ?? notice.orderId
  let outcome: "applied" | "unknown" | "failed" = "applied"
  try {
    const orderId = await findTossOrderId(container, account.providerId, notice)
    if (!orderId) {
      outcome = "unknown"
      logger.debug(`Toss ${notice.eventType} for ${about}: no such payment in this store, ignored`)
      return
    }
    const { result } = await syncTossPaymentWorkflow(container).run({ input: { orderId, requestedAt, secret: notice.secret } })
    if (result === "unknown-payment" || result === "forged") {
      outcome = "unknown"
    }
    logger.debug(`Toss ${notice.eventType} for ${about}: ${result}`)
  } catch (error) {
    outcome = "failed"
    logger.error(`Toss ${notice.eventType} for ${about} could not be applied (the reconciliation job will retry): ${(error as Error).message}`)
  } finally {
    await recordWebhookDelivery(container, notice.eventType, outcome)
  }
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "toss-webhook-sync" },
}
