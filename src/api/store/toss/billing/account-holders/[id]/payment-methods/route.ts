import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { withTossCallContext } from "../../../../../../../providers/toss/call-context"
import { saveTossCardWorkflow } from "../../../../../../../workflows/save-toss-card"
import { savedCardsOf } from "../../../../../../../lib/saved-cards"
import { ownAccountHolder } from "../../../account-holder"
import type { TossSaveCardBody } from "../../../validators"

/** The customer's saved cards: card company, masked number, kind; never the billing key. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const holder = await ownAccountHolder(req)
  const cards = await savedCardsOf(req.scope, holder.provider_id, holder.data.customerKey)
  const methods = await withTossCallContext({ savedCards: { cards } }, () =>
    req.scope.resolve(Modules.PAYMENT).listPaymentMethods({ provider_id: holder.provider_id, context: { account_holder: holder } })
  )
  res.json({ payment_methods: methods })
}

/** Toss's card registration redirect (`authKey`, `customerKey`) becomes a saved card. */
export const POST = async (req: AuthenticatedMedusaRequest<TossSaveCardBody>, res: MedusaResponse) => {
  const holder = await ownAccountHolder(req)
  const { result } = await saveTossCardWorkflow(req.scope).run({ input: { account_holder: holder, ...req.validatedBody } })
  res.json({ payment_method: result })
}
