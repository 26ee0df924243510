import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { SavedCard } from "../providers/toss/billing"
import type { TossSessionData } from "../providers/toss/session-data"
import { removeTossCardWorkflow } from "./remove-toss-card"
import { savedCardForCharge } from "./saved-cards"
import { finishTossHandOffWorkflow, startTossHandOffWorkflow } from "./toss-hand-off"

/**
 * A saved card's charge, the same at checkout (one click) and off-session:
 * the card is the session's, its owner is the customer paying now (the
 * cart's or order's, and the logged-in `caller` at checkout; null
 * off-session), and the payment is tracked
 * before Toss is asked, so a charge whose answer is lost is settled by the
 * reconciliation asking Toss. The caller then authorises the session with
 * the card lent to the provider (`withTossBilling`), and ends with
 * `finishSavedCardCharge`.
 */
export async function startSavedCardCharge(
  container: MedusaContainer,
  {
    cartId,
    session,
    caller,
  }: { cartId: string | null; session: { id: string; provider_id: string; amount: unknown; currency_code: string; data: TossSessionData }; caller: string | null }
): Promise<SavedCard> {
  const card = await savedCardForCharge(container, session, caller)
  if (!card) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      "저장된 카드를 찾을 수 없어요. This saved card was not found (it may have been removed): choose another card or payment method."
    )
  }
  await startTossHandOffWorkflow(container).run({ input: { cartId, session, paymentKey: null } })
  return card
}

/** What the charge's answer settled is written down; a card Toss no longer knows is forgotten (once Toss confirms). */
export async function finishSavedCardCharge(
  container: MedusaContainer,
  { orderId, card, error }: { orderId: string; card: SavedCard; error: { code?: string; type?: string } | null }
): Promise<void> {
  await finishTossHandOffWorkflow(container).run({ input: { orderId, error } })
  if (error?.code === "NOT_FOUND_BILLING") {
    await removeTossCardWorkflow(container).run({ input: { id: card.id, reason: "deleted-at-toss" } })
  }
}
