import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger, MedusaContainer, ProviderWebhookPayload } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { portOneAccounts } from "../lib/portone-config"
import { forgetDeletedPortOneBillingKey } from "../lib/portone-saved-card-deleted"
import { trackUntrackedPortOnePayments } from "../lib/portone-untracked"
import { RECHECK_SOON_MS } from "../lib/sync-plan"
import { webhookArrivalOf } from "../lib/webhook-arrival"
import { recordWebhookDelivery } from "../lib/webhook-deliveries"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { readWebhook } from "../providers/portone/webhook"
import { syncPortOnePaymentWorkflow } from "../workflows/sync-portone-payment"

/**
 * The body exactly as PortOne sent it: Medusa's route hands it over as a
 * Buffer, which an event bus that serialises events (Redis) turns into
 * `{ type: "Buffer", data }`.
 */
function rawBodyOf(rawData: unknown): string | Buffer | null {
  if (typeof rawData === "string" || Buffer.isBuffer(rawData)) {
    return rawData
  }
  const serialised = rawData as { type?: unknown; data?: unknown } | null
  return serialised?.type === "Buffer" && Array.isArray(serialised.data) ? Buffer.from(serialised.data as number[]) : null
}

/**
 * Every PortOne registration has its own webhook URL,
 * `/hooks/payment/portone_<id>`, which Medusa emits as provider
 * `portone_<id>`. A webhook is verified with PortOne's SDK over the raw
 * body FIRST: unsigned, forged or stale (older than PortOne's five
 * minutes) it costs no PortOne request and changes nothing. A verified
 * payment event about a payment this store handed to PortOne becomes one
 * run of `syncPortOnePaymentWorkflow`, which looks the payment up (the
 * webhook is only a pointer); a burst of deliveries about one payment costs
 * one lookup (the arrival stamp). A failure is logged and left to the
 * reconciliation: PortOne already had its 200.
 */
const BILLING_KEY_DELETED = "BillingKey.Deleted"

export default async function portOneWebhookHandler({ event, container }: SubscriberArgs<ProviderWebhookPayload>) {
  const account = portOneAccounts(container).find((candidate) => candidate.webhookProvider === event.data.provider)
  if (!account) {
    return
  }
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const { rawData, headers } = event.data.payload
  const rawBody = rawBodyOf(rawData)
  const reading = rawBody
    ? await readWebhook(account.options, rawBody, headers as Record<string, string | string[] | undefined>)
    : ({ kind: "refused", reason: "NO_RAW_BODY" } as const)
  if (reading.kind === "refused") {
    logger.warn(`PortOne webhook to ${event.data.provider} refused (${reading.reason}): not signed with the store's webhook secret, or older than five minutes`)
    await recordWebhookDelivery(container, "UNVERIFIED", "unknown")
    return
  }
  if (reading.kind === "billing-key") {
    await billingKeyEvent(container, account.providerId, reading.type, reading.billingKey, logger)
    return
  }
  if (reading.kind !== "payment") {
    logger.debug(`PortOne ${reading.type}: nothing to sync`)
    return
  }
  // A replay of a delivery received before (PortOne's five minutes let a captured one be sent again) costs nothing.
  if (!(await container.resolve<TossModuleService>(TOSS_MODULE).claimWebhookDelivery(reading.webhookId, reading.type))) {
    logger.debug(`PortOne ${reading.type} for ${reading.paymentId}: delivery ${reading.webhookId} received before, dropped`)
    return
  }
  // The delivery's arrival at the server: a worker may take the event up well after.
  const requestedAt = webhookArrivalOf(container, headers) ?? Date.now()
  let outcome: "applied" | "unknown" | "failed" = "applied"
  try {
    if (!(await holdsPayment(container, account.providerId, reading.paymentId, requestedAt))) {
      outcome = "unknown"
      logger.debug(`PortOne ${reading.type} for ${reading.paymentId}: no such payment in this store, ignored`)
      return
    }
    const { result } = await syncPortOnePaymentWorkflow(container).run({ input: { paymentSessionId: reading.paymentId, requestedAt } })
    if (result === "unknown-payment" || result === "forged") {
      outcome = "unknown"
    }
    logger.debug(`PortOne ${reading.type} for ${reading.paymentId}: ${result}`)
  } catch (error) {
    outcome = "failed"
    logger.error(`PortOne ${reading.type} for ${reading.paymentId} could not be applied (the reconciliation job will retry): ${(error as Error).message}`)
  } finally {
    await recordWebhookDelivery(container, reading.type, outcome, reading.webhookId)
  }
}

/**
 * `BillingKey.Deleted` about a key this registration saved: forgotten once
 * PortOne's DELETE confirms it is gone (the event's word alone is not
 * proof); a key the store does not hold asks PortOne nothing. Other
 * billing-key events change nothing the store keeps.
 */
async function billingKeyEvent(container: MedusaContainer, providerId: string, type: string, billingKey: string, logger: Logger): Promise<void> {
  if (type !== BILLING_KEY_DELETED) {
    logger.debug(`PortOne ${type}: nothing to sync`)
    return
  }
  let outcome: "applied" | "unknown" | "failed" = "applied"
  try {
    const result = await forgetDeletedPortOneBillingKey(container, providerId, billingKey)
    if (result === "unknown-card") {
      outcome = "unknown"
    }
    logger.debug(`PortOne ${type} for a saved card of ${providerId}: ${result}`)
  } catch (error) {
    outcome = "failed"
    logger.error(`PortOne ${type} for a saved card of ${providerId} could not be applied: ${(error as Error).message}`)
  } finally {
    await recordWebhookDelivery(container, type, outcome)
  }
}

/**
 * Whether this registration tracks the payment, or has a session by its id,
 * or it is a payment of this store Medusa lost sight of (tracked now, so an
 * answer PortOne does not give is asked again): else the event is not this
 * store's business.
 */
async function holdsPayment(container: MedusaContainer, providerId: string, paymentSessionId: string, requestedAt: number): Promise<boolean> {
  const [tracked] = await container
    .resolve<TossModuleService>(TOSS_MODULE)
    .listTossTrackedPayments({ payment_session_id: paymentSessionId, provider_id: providerId }, { select: ["id"] })
  if (tracked) {
    return true
  }
  const { data } = await container
    .resolve(ContainerRegistrationKeys.QUERY)
    .graph({ entity: "payment_session", fields: ["id"], filters: { id: paymentSessionId, provider_id: providerId } })
  if (data.length > 0) {
    return true
  }
  const trackedNow = await trackUntrackedPortOnePayments(container, providerId, [paymentSessionId], { dueAt: new Date(requestedAt + RECHECK_SOON_MS) })
  return trackedNow.length > 0
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "portone-webhook-sync" },
}
