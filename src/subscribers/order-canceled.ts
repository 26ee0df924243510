import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, OrderWorkflowEvents, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../lib/portone-provider-id"
import { syncTrackedPayment } from "../lib/sync-payment"
import { isTossProviderId } from "../lib/toss-config"

/**
 * An order cancelled in Medusa closes its unpaid virtual accounts at Toss
 * or PortOne (each through its road's sync), so no deposit can arrive for it later (the sync decides and does it; a
 * deposit that arrives anyway is captured on the cancelled order and the
 * operator is told to refund it).
 */
export default async function orderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id", "payment_collections.payment_sessions.id", "payment_collections.payment_sessions.provider_id", "payment_collections.payment_sessions.status"],
    filters: { id: event.data.id },
  })
  type Session = { id: string; provider_id: string; status: string } | null
  const waiting = (orders[0]?.payment_collections ?? [])
    .flatMap((collection: { payment_sessions?: Session[] | null } | null) => collection?.payment_sessions ?? [])
    .filter(
      (session: Session): session is NonNullable<Session> =>
        !!session && (isTossProviderId(session.provider_id) || isPortOneProviderId(session.provider_id)) && session.status === PaymentSessionStatus.PENDING_AUTHORIZATION
    )
  for (const session of waiting) {
    try {
      const result = await syncTrackedPayment(container, session.id, session.provider_id)
      logger.info(`Order ${event.data.id} was cancelled; its payment ${session.id} (${session.provider_id}): ${result}`)
    } catch (error) {
      logger.error(`Order ${event.data.id} was cancelled, but its virtual account ${session.id} (${session.provider_id}) could not be closed yet (the reconciliation job will retry): ${(error as Error).message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.CANCELED,
  context: { subscriberId: "psp-order-canceled" },
}
