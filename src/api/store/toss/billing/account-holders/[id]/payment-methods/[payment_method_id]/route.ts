import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { removeTossCardWorkflow } from "../../../../../../../../workflows/remove-toss-card"
import { savedCardsOf } from "../../../../../../../../lib/saved-cards"
import { ownAccountHolder } from "../../../../account-holder"

/** Removes one of the customer's saved cards: deleted at Toss, forgotten here in any case. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const holder = await ownAccountHolder(req)
  const id = req.params.payment_method_id
  const cards = await savedCardsOf(req.scope, holder.provider_id, holder.data.customerKey)
  if (!cards.some((card) => card.id === id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${id} was not found.`)
  }
  await removeTossCardWorkflow(req.scope).run({ input: { id, reason: "customer" } })
  res.json({ id, object: "payment_method", deleted: true })
}
