import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createPaymentSessionsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { tossAccount, tossAccounts } from "../../../../../../lib/toss-config"
import { balanceTaxFree, dueCollection, readOrderBalance } from "../../order-balance"
import type { TossOrderSessionBody } from "../../validators"

/**
 * Opens a Toss session for what an order still waits for after it was
 * changed (Medusa's collection for the order's pending difference), as
 * Medusa's `POST /store/payment-collections/:id/payment-sessions` does for
 * a cart, with what the server decides written over the storefront's
 * choices: the amount is the collection's, the tax-free share the order's
 * (`balanceTaxFree`). Answers `{payment_collection}` with the session, whose
 * data the storefront opens Toss's window with.
 */
export const POST = async (req: MedusaRequest<TossOrderSessionBody>, res: MedusaResponse) => {
  // The checkout charges a saved card only inside cart completion, where its
  // owner is checked at the charge; an order's balance has no such path yet.
  const asked = (req.body as { data?: unknown } | undefined)?.data
  if (asked && typeof asked === "object" && "payment_method" in asked) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "A balance after the order cannot be paid with a saved card yet: leave payment_method out and pay in the Toss payment window (card, transfer, virtual account, easy pay)."
    )
  }
  const balance = await readOrderBalance(req, { escrow: true })
  const account = tossAccount(req.scope, req.validatedBody.provider_id ?? balance.tossProviderId ?? tossAccounts(req.scope)[0]?.providerId)
  const escrow = (account.options.escrow ?? "off") !== "off"
  const collection = dueCollection(balance)
  // A virtual account issued for this balance may still be paid: it is not replaced.
  const waiting = collection.payment_sessions.find((session) => session?.status === PaymentSessionStatus.PENDING_AUTHORIZATION)
  if (waiting) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "A virtual account was issued for this balance and is waiting for its deposit: pay into it, or wait until it expires to pay another way."
    )
  }
  const data = {
    ...(req.validatedBody.data ?? {}),
    taxFreeAmount: balanceTaxFree(balance, balance.pendingDifference),
    ...(escrow && balance.escrowProducts ? { escrowProducts: balance.escrowProducts } : {}),
  }
  await createPaymentSessionsWorkflow(req.scope).run({
    input: { payment_collection_id: collection.id, provider_id: account.providerId, data, context: {} },
  })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [paymentCollection],
  } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "amount", "currency_code", "payment_sessions.*"],
    filters: { id: collection.id },
  })
  res.json({ payment_collection: paymentCollection })
}
