import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { withTossCallContext } from "../providers/toss/call-context"
import type { TossSessionData } from "../providers/toss/session-data"
import { removeTossCardWorkflow } from "../workflows/remove-toss-card"
import { savedCardForCharge } from "./saved-cards"
import { Completion, handOffToToss } from "./toss-hand-off"

/**
 * A saved card's charge, the same at checkout (one click) and off-session:
 * the card is the session's, its owner is the customer paying now (the
 * cart's or order's, and the logged-in `caller` at checkout; null
 * off-session). The charge is a hand-off (`handOffToToss`): the payment is
 * tracked before Toss is asked, so a charge whose answer is lost is settled
 * by the reconciliation asking Toss. `charge` runs Medusa's authorisation
 * with the card lent to the provider; a card Toss no longer knows is
 * forgotten afterwards (once Toss confirms).
 */
export async function chargeSavedCard<T>(
  container: MedusaContainer,
  {
    cartId,
    session,
    caller,
  }: { cartId: string | null; session: { id: string; provider_id: string; amount: unknown; currency_code: string; data: TossSessionData }; caller: string | null },
  charge: () => Promise<Completion<T>>
): Promise<Completion<T>> {
  const card = await savedCardForCharge(container, session, caller)
  if (!card) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      "저장된 카드를 찾을 수 없어요. This saved card was not found (it may have been removed): choose another card or payment method."
    )
  }
  const completion = await handOffToToss(container, { cartId, session, paymentKey: null }, () => withTossCallContext({ savedCards: { cards: [card] } }, charge))
  if (completion.error?.code === "NOT_FOUND_BILLING") {
    await removeTossCardWorkflow(container).run({ input: { id: card.id, reason: "deleted-at-toss" } })
  }
  return completion
}
