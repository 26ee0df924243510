import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { savedCard } from "../../lib/saved-cards"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { withTossCallContext } from "../../providers/toss/call-context"

export interface RemoveTossCardInput {
  /** The saved card's id (the Medusa payment method id). */
  id: string
  /**
   * Why: the customer removed it (forgotten here in any case: it must never
   * be charged again), or Toss said it deleted it (BILLING_DELETED, or a
   * charge answered NOT_FOUND_BILLING: forgotten once Toss confirms, since
   * the event's word alone is not proof).
   */
  reason: "customer" | "deleted-at-toss"
}

export type RemoveTossCardOutcome = "forgotten" | "kept" | "unknown-card"

/**
 * Toss's DELETE through the provider's `deletePaymentMethod`: Toss answering
 * that the key is gone, or deleting it now, confirms it; then the billing
 * key is deleted from the module.
 */
export const removeTossCardStep = createStep("remove-toss-card", async ({ id, reason }: RemoveTossCardInput, { container }) => {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  // Deleted through the account that issued it, the only one Toss lets delete it.
  const [row] = await container.resolve<TossModuleService>(TOSS_MODULE).listTossBillingKeys({ id }, { select: ["provider_id"] })
  const providerId = row?.provider_id
  const card = providerId ? await savedCard(container, providerId, id) : null
  if (!card || !providerId) {
    return new StepResponse<RemoveTossCardOutcome>("unknown-card")
  }
  let confirmed = true
  try {
    await withTossCallContext({ savedCards: { cards: [card] } }, () => container.resolve(Modules.PAYMENT).deletePaymentMethods({ id, provider_id: providerId }))
  } catch (error) {
    confirmed = false
    logger.warn(`Toss did not confirm the deletion of saved card ${id}: ${(error as Error).message}`)
  }
  if (!confirmed && reason === "deleted-at-toss") {
    // Kept for now: its next charge asks Toss again (NOT_FOUND_BILLING forgets it).
    return new StepResponse<RemoveTossCardOutcome>("kept")
  }
  await container.resolve<TossModuleService>(TOSS_MODULE).deleteTossBillingKeys(id)
  return new StepResponse<RemoveTossCardOutcome>("forgotten")
})
