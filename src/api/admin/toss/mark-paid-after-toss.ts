import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, PaymentCollectionStatus, PaymentSessionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../lib/toss-config"
import { syncTossPaymentWorkflow } from "../../../workflows/sync-toss-payment"

type CollectionRow = {
  id: string
  status: string
  payment_sessions?: ({ id: string; provider_id: string; status: string } | null)[]
}

async function readCollection(req: MedusaRequest, id: string): Promise<CollectionRow | undefined> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [collection],
  } = await query.graph({
    entity: "payment_collection",
    fields: ["id", "status", "payment_sessions.id", "payment_sessions.provider_id", "payment_sessions.status"],
    filters: { id },
  })
  return collection as CollectionRow | undefined
}

/**
 * Before Medusa's `POST /admin/payment-collections/:id/mark-as-paid`
 * (the admin's answer to an outstanding amount, medusajs/medusa#16727):
 * Medusa would record a manual payment and delete the collection's Toss
 * session, whose payment the plugin tracks; a payment Toss took for that
 * session would then be given back (it can have no order), or a virtual account left
 * open to a second payment. So Toss is asked first (the sync the webhook
 * runs): what Toss took is captured as the Toss payment and nothing is
 * marked; a virtual account still waiting, or a Toss that cannot be asked,
 * is refused with what to do. Toss itself cannot be the provider of a
 * mark-as-paid: a Toss payment is made by the shopper at Toss.
 */
export async function askTossBeforeMarkingPaid(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    if (isTossProviderId((req.body as { provider_id?: unknown } | undefined)?.provider_id)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "A Toss payment is made by the shopper at Toss, so a collection cannot be marked paid with Toss. Send the shopper the payment link, or mark it paid without a provider for money taken outside Toss."
      )
    }
    const before = await readCollection(req, req.params.id)
    const tossSessions = (before?.payment_sessions ?? []).filter(
      (session): session is NonNullable<typeof session> => !!session && isTossProviderId(session.provider_id) && session.status !== PaymentSessionStatus.CANCELED
    )
    if (!before || !tossSessions.length) {
      return next()
    }
    for (const session of tossSessions) {
      const { result } = await syncTossPaymentWorkflow(req.scope).run({ input: { orderId: session.id } })
      if (result === "unreachable") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "Toss could not be asked whether the shopper has paid this balance, so it was not marked paid. Try again in a few minutes."
        )
      }
    }
    const after = await readCollection(req, req.params.id)
    if (after && after.status !== PaymentCollectionStatus.NOT_PAID && after.status !== PaymentCollectionStatus.AWAITING) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Toss has received the shopper's payment for this balance: it is now recorded as the Toss payment and the collection is paid. Nothing was marked paid."
      )
    }
    const waiting = (after?.payment_sessions ?? []).some(
      (session) => !!session && isTossProviderId(session.provider_id) && session.status === PaymentSessionStatus.PENDING_AUTHORIZATION
    )
    if (waiting) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "A Toss virtual account was issued for this balance and is waiting for the shopper's deposit: it is captured when the deposit arrives. Marking it paid now would leave the account open to a second payment; wait for the deposit or for the account to expire."
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}
