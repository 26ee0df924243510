import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { portOneSavedCardsOf } from "../../../../../../../lib/portone-saved-cards"
import { withPortOneCallContext } from "../../../../../../../providers/portone/call-context"
import { savePortOneCardWorkflow } from "../../../../../../../workflows/save-portone-card"
import { ownPortOneAccountHolder } from "../../../account-holder"
import type { PortOneSaveCardBody } from "../../../validators"

/** The customer's saved cards: issuer, masked number, kind; never the billing key. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const holder = await ownPortOneAccountHolder(req)
  const cards = await portOneSavedCardsOf(req.scope, holder.provider_id, holder.data.customerId)
  const methods = await withPortOneCallContext({ savedCards: { cards } }, () =>
    req.scope.resolve(Modules.PAYMENT).listPaymentMethods({ provider_id: holder.provider_id, context: { account_holder: holder } })
  )
  res.json({ payment_methods: methods })
}

/** The billing key PortOne's window issued becomes a saved card, once PortOne confirms it is this customer's. */
export const POST = async (req: AuthenticatedMedusaRequest<PortOneSaveCardBody>, res: MedusaResponse) => {
  const holder = await ownPortOneAccountHolder(req)
  const { result } = await withPortOneCallContext({ savedCards: { offered: req.validatedBody.billingKey } }, () =>
    savePortOneCardWorkflow(req.scope).run({ input: { account_holder: holder } })
  )
  res.json({ payment_method: result })
}
