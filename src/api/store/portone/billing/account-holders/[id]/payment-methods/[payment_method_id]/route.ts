import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { portOneSavedCardsOf } from "../../../../../../../../lib/portone-saved-cards"
import { removePortOneCardWorkflow } from "../../../../../../../../workflows/remove-portone-card"
import { ownPortOneAccountHolder } from "../../../../account-holder"

/** Removes one of the customer's saved cards: deleted at PortOne, forgotten here in any case. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const holder = await ownPortOneAccountHolder(req)
  const id = req.params.payment_method_id
  const cards = await portOneSavedCardsOf(req.scope, holder.provider_id, holder.data.customerId)
  if (!cards.some((card) => card.id === id)) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${id} was not found.`)
  }
  await removePortOneCardWorkflow(req.scope).run({ input: { id, reason: "customer" } })
  res.json({ id, object: "payment_method", deleted: true })
}
