import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { IPaymentModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../../../lib/portone-provider-id"
import { UNCONFIRMED_WATCH_MS } from "../../../lib/sync-plan"
import { TOSS_MODULE, TossModuleService } from "../../../modules/toss"
import { PORTONE_INTEGRATION } from "../../../workflows/steps/start-portone-hand-off"

/**
 * Around Medusa's `POST /store/payment-collections/:id/payment-sessions`
 * for PortOne: once Medusa has made the session (and the provider has
 * pre-registered its amount at PortOne, whose window then takes it), the
 * payment is tracked before the storefront hears of it, due within the
 * hour. PortOne takes the money when its window finishes, whatever becomes
 * of the session: a shopper who changes the cart in another tab (Medusa
 * deletes the session) and pays in the window still open is caught by the
 * webhook, PortOne's payment events or this row's own look, and given back.
 * A session that cannot be tracked is not handed to the storefront.
 */
export function trackPortOneSessions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const providerId = (req.body as { provider_id?: unknown } | undefined)?.provider_id
  if (!isPortOneProviderId(providerId)) {
    return next()
  }
  const answer = res.json.bind(res)
  res.json = ((body: unknown) => {
    if (res.statusCode >= 400) {
      return answer(body)
    }
    trackSessions(req, providerId as string).then(
      () => answer(body),
      (error: Error) => {
        req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(`PortOne session of payment collection ${req.params.id} could not be tracked: ${error.message}`)
        res.status(503)
        answer({ type: "unexpected_state", message: "결제를 준비하지 못했어요. The payment could not be prepared; please try again in a moment." })
      }
    )
    return res
  }) as typeof res.json
  next()
}

async function trackSessions(req: MedusaRequest, providerId: string): Promise<void> {
  const collectionId = req.params.id
  const sessions = await req.scope
    .resolve<IPaymentModuleService>(Modules.PAYMENT)
    .listPaymentSessions({ payment_collection_id: collectionId, provider_id: providerId }, { select: ["id"] })
  if (!sessions.length) {
    return
  }
  const { data: links } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: collectionId },
  })
  const dueAt = new Date(Date.now() + UNCONFIRMED_WATCH_MS)
  await req.scope.resolve<TossModuleService>(TOSS_MODULE).trackUntracked(
    sessions.map((session) => ({
      payment_session_id: session.id,
      provider_id: providerId,
      payment_key: session.id,
      integration: PORTONE_INTEGRATION,
      cart_id: links[0]?.cart_id ?? null,
      next_check_at: dueAt,
    }))
  )
}
