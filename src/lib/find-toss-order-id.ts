import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { tossAccounts } from "./toss-config"

/**
 * The orderId of a Toss payment this store handed to the Toss account
 * `providerId` (tracked since its hand-off), or of one of that account's
 * sessions; null for anything else, another account's payments included.
 * Read from the database only: deciding that an event is not ours costs
 * Toss nothing.
 */
export async function findTossOrderId(
  container: MedusaContainer,
  providerId: string,
  { paymentKey, orderId }: { paymentKey?: string | null; orderId?: string | null }
): Promise<string | null> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const filters = [orderId ? { payment_session_id: orderId } : null, paymentKey ? { payment_key: paymentKey } : null].filter(Boolean)
  if (!filters.length) {
    return null
  }
  // A payment tracked before the store had several accounts names none: it is the only account's.
  const accounts = tossAccounts(container).length > 1 ? [{ provider_id: providerId }] : [{ provider_id: providerId }, { provider_id: null }]
  const [tracked] = await module.listTossTrackedPayments({ $and: [{ $or: filters }, { $or: accounts }] } as never, { select: ["payment_session_id"], take: 1 })
  if (tracked) {
    return tracked.payment_session_id
  }
  if (!orderId) {
    return null
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment_session", fields: ["id"], filters: { id: orderId, provider_id: providerId } })
  return data[0]?.id ?? null
}
