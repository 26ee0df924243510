import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, OrderWorkflowEvents, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../lib/toss-config"
import { syncTossPaymentWorkflow } from "../workflows/sync-toss-payment"

/**
 * An order cancelled in Medusa closes its unpaid virtual accounts at Toss,
 * so no deposit can arrive for it later (the sync decides and does it; a
 * deposit that arrives anyway is captured on the cancelled order and the
 * operator is told to refund it).
 */
export default async function tossOrderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
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
    .filter((session: Session): session is NonNullable<Session> => !!session && isTossProviderId(session.provider_id) && session.status === PaymentSessionStatus.PENDING_AUTHORIZATION)
  for (const session of waiting) {
    try {
      const { result } = await syncTossPaymentWorkflow(container).run({ input: { orderId: session.id } })
      logger.info(`Order ${event.data.id} was cancelled; its Toss payment ${session.id}: ${result}`)
    } catch (error) {
      logger.error(`Order ${event.data.id} was cancelled, but its Toss virtual account ${session.id} could not be closed yet (the reconciliation job will retry): ${(error as Error).message}`)
    }
  }
}

export const config: SubscriberConfig = {
  event: OrderWorkflowEvents.CANCELED,
  context: { subscriberId: "toss-order-canceled" },
}
