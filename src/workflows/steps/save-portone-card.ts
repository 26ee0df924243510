import type { AccountHolderDTO, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { savedCardRow } from "../../lib/portone-saved-cards"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { portOneCallContext, withPortOneCallContext } from "../../providers/portone/call-context"
import { PortOneSavedCardsContext, PortOneSavedCardView, savedCardView } from "../../providers/portone/saved-cards"

export interface SavePortOneCardInput {
  /** The customer's holder at the PortOne registration the card is saved with (its `provider_id`). */
  account_holder: Pick<AccountHolderDTO, "id" | "provider_id" | "data">
}

/** What the store answers about a saved card (the billing key stays in the plugin's table). */
export interface SavedPortOneCard {
  id: string
  provider_id: string
  data: PortOneSavedCardView
}

/**
 * The billing key the window issued (handed over in the call context) is
 * checked at PortOne by the provider's `savePaymentMethod` and kept in the
 * plugin's table. The same key saved twice (a reloaded page) is one card.
 */
export const savePortOneCardStep = createStep("save-portone-card", async ({ account_holder }: SavePortOneCardInput, { container }) => {
  const providerId = account_holder.provider_id
  const savedCards: PortOneSavedCardsContext = { offered: portOneCallContext().savedCards?.offered }
  await withPortOneCallContext({ savedCards }, () =>
    container.resolve(Modules.PAYMENT).createPaymentMethods({ provider_id: providerId, context: { account_holder }, data: {} })
  ).catch((error) => {
    throw savedCards.refusal ?? error
  })
  const card = savedCards.issued!
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const [kept] = await module.listTossBillingKeys({ billing_key: card.billingKey }, { select: ["id", "provider_id", "customer_key"] })
  if (kept) {
    if (kept.provider_id !== providerId || kept.customer_key !== card.customerId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "카드를 등록하지 못했어요. This billing key is already saved elsewhere: start the registration again.")
    }
    return new StepResponse<SavedPortOneCard>({ id: kept.id, provider_id: providerId, data: savedCardView({ ...card, id: kept.id }) })
  }
  try {
    await module.createTossBillingKeys(savedCardRow(providerId, card))
  } catch (error) {
    // A billing key nobody here knows could never be removed: PortOne forgets it too.
    await withPortOneCallContext({ savedCards: { cards: [card] } }, () =>
      container.resolve(Modules.PAYMENT).deletePaymentMethods({ id: card.id, provider_id: providerId })
    ).catch((cleanup: Error) =>
      container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(`A PortOne billing key for saved card ${card.id} could not be kept nor deleted at PortOne: ${cleanup.message}`)
    )
    throw error
  }
  return new StepResponse<SavedPortOneCard>({ id: card.id, provider_id: providerId, data: savedCardView(card) })
})
