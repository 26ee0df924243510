import type { MedusaContainer } from "@medusajs/framework/types"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { removePortOneCardWorkflow } from "../workflows/remove-portone-card"
import type { RemovePortOneCardOutcome } from "../workflows/steps/remove-portone-card"

/**
 * PortOne's `BillingKey.Deleted` (a verified webhook) about a key the
 * registration `providerId` saved: the card is forgotten once PortOne's
 * DELETE confirms the key is gone, since the event's word alone is not
 * proof (removePortOneCardWorkflow). An event about a key the store does
 * not hold asks PortOne nothing.
 */
export async function forgetDeletedPortOneBillingKey(container: MedusaContainer, providerId: string, billingKey: string): Promise<RemovePortOneCardOutcome> {
  const [row] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ billing_key: billingKey, provider_id: providerId }, { select: ["id"] })
  if (!row) {
    return "unknown-card"
  }
  const { result } = await removePortOneCardWorkflow(container).run({ input: { id: row.id, reason: "deleted-at-portone" } })
  return result
}
