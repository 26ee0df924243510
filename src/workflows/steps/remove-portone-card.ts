import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { portOneSavedCard } from "../../lib/portone-saved-cards"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { withPortOneCallContext } from "../../providers/portone/call-context"

export interface RemovePortOneCardInput {
  /** The saved card's id (the Medusa payment method id, `portonecard_…`). */
  id: string
  /**
   * Why: the customer removed it (forgotten here in any case: it must never
   * be charged again), or PortOne said the key is gone (BillingKey.Deleted,
   * or a charge answered BILLING_KEY_NOT_FOUND: forgotten once PortOne's
   * DELETE confirms, since the word alone is not proof).
   */
  reason: "customer" | "deleted-at-portone"
}

export type RemovePortOneCardOutcome = "forgotten" | "kept" | "unknown-card"

/**
 * PortOne's DELETE through the provider's `deletePaymentMethod` (a key
 * PortOne no longer has counts as deleted); then the key is deleted from
 * the plugin's table.
 */
export const removePortOneCardStep = createStep("remove-portone-card", async ({ id, reason }: RemovePortOneCardInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  // Deleted through the registration that saved it, the only one whose PortOne store has it.
  const [row] = await module.listTossBillingKeys({ id }, { select: ["provider_id"] })
  const providerId = row?.provider_id
  const card = providerId ? await portOneSavedCard(container, providerId, id) : null
  if (!card || !providerId) {
    return new StepResponse<RemovePortOneCardOutcome>("unknown-card")
  }
  let confirmed = true
  try {
    await withPortOneCallContext({ savedCards: { cards: [card] } }, () => container.resolve(Modules.PAYMENT).deletePaymentMethods({ id, provider_id: providerId }))
  } catch (error) {
    confirmed = false
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`PortOne did not confirm the deletion of saved card ${id}: ${(error as Error).message}`)
  }
  if (!confirmed && reason === "deleted-at-portone") {
    // Kept for now: its next charge or removal asks PortOne again.
    return new StepResponse<RemovePortOneCardOutcome>("kept")
  }
  await module.deleteTossBillingKeys(id)
  return new StepResponse<RemovePortOneCardOutcome>("forgotten")
})
