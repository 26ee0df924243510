import type { AccountHolderDTO, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { SavedCardsContext, savedCardView, SavedCardView } from "../../providers/toss/billing"
import { withTossCallContext } from "../../providers/toss/call-context"

export interface SaveTossCardInput {
  /** The customer's holder at the Toss account the card is saved with (its `provider_id`). */
  account_holder: Pick<AccountHolderDTO, "id" | "provider_id" | "data">
  /** From Toss's card registration redirect (`requestBillingAuth`'s successUrl). */
  authKey: string
  customerKey: string
}

/** What the store answers about a saved card (the billing key stays in the module). */
export interface SavedPaymentMethod {
  id: string
  provider_id: string
  data: SavedCardView
}

/**
 * Issues the billing key through the provider's `savePaymentMethod` and
 * keeps it in the plugin's module. The same registration saved twice (a
 * reloaded success page) is one card: Toss replays its first answer, and
 * the billing key is unique here.
 */
export const saveTossCardStep = createStep("save-toss-card", async ({ account_holder, authKey, customerKey }: SaveTossCardInput, { container }) => {
  if (customerKey !== account_holder.data?.customerKey) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "이 카드 등록은 다른 고객의 것이에요. This card registration was made for another customer: start the registration again."
    )
  }
  const providerId = account_holder.provider_id
  const savedCards: SavedCardsContext = {}
  await withTossCallContext({ savedCards }, () =>
    container.resolve(Modules.PAYMENT).createPaymentMethods({ provider_id: providerId, context: { account_holder }, data: { authKey } })
  ).catch((error) => {
    throw savedCards.refusal ?? error
  })
  const card = savedCards.issued!
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const [kept] = await module.listTossBillingKeys({ billing_key: card.billingKey }, { select: ["id"] })
  if (kept) {
    return new StepResponse<SavedPaymentMethod>({ id: kept.id, provider_id: providerId, data: savedCardView({ ...card, id: kept.id }) })
  }
  try {
    await module.createTossBillingKeys({
      id: card.id,
      provider_id: providerId,
      customer_key: card.customerKey,
      billing_key: card.billingKey,
      issuer_code: card.issuerCode,
      card_number: card.cardNumber,
      card_type: card.cardType,
      owner_type: card.ownerType,
      authenticated_at: new Date(card.authenticatedAt),
    })
  } catch (error) {
    // A billing key nobody here knows could never be removed: Toss forgets it too.
    await withTossCallContext({ savedCards: { cards: [card] } }, () =>
      container.resolve(Modules.PAYMENT).deletePaymentMethods({ id: card.id, provider_id: providerId })
    ).catch((cleanup: Error) =>
      container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(`A Toss billing key issued for saved card ${card.id} could not be kept nor deleted at Toss: ${cleanup.message}`)
    )
    throw error
  }
  return new StepResponse<SavedPaymentMethod>({ id: card.id, provider_id: providerId, data: savedCardView(card) })
})
