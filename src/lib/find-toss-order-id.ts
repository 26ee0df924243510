import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { TOSS_PROVIDER_ID } from "./toss-config"

/**
 * The orderId of a Toss payment this store handed to Toss (tracked since its
 * hand-off), or of one of its Toss sessions; null for anything else. Read
 * from the database only: deciding that an event is not ours costs Toss
 * nothing.
 */
export async function findTossOrderId(
  container: MedusaContainer,
  { paymentKey, orderId }: { paymentKey?: string | null; orderId?: string | null }
): Promise<string | null> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const filters = [orderId ? { payment_session_id: orderId } : null, paymentKey ? { payment_key: paymentKey } : null].filter(Boolean)
  if (!filters.length) {
    return null
  }
  const [tracked] = await module.listTossTrackedPayments({ $or: filters } as never, { select: ["payment_session_id"], take: 1 })
  if (tracked) {
    return tracked.payment_session_id
  }
  if (!orderId) {
    return null
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment_session", fields: ["id"], filters: { id: orderId, provider_id: TOSS_PROVIDER_ID } })
  return data[0]?.id ?? null
}
