import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import type { TossIntegration } from "../providers/toss/options"
import type { TossSessionData } from "../providers/toss/session-data"
import type { MedusaPaymentState } from "./sync-plan"

interface SessionRow {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  data: TossSessionData
  payment_collection: { order?: { id: string; status: string } | null; cart?: { id: string } | null } | null
  payment: { id: string; data: TossSessionData; refunds?: ({ amount: unknown } | null)[] | null } | null
}

type TrackedRow = Awaited<ReturnType<TossModuleService["listTossTrackedPayments"]>>[number]

/**
 * Medusa's view of a PSP payment (the sync's first read, under the
 * payment's lock, whatever the road), the registration of its session (null:
 * no session of this road has this id) and the plugin's tracked row, read
 * once. `isRoadProviderId` says which sessions are the road's
 * (`isTossProviderId`, `isPortOneProviderId`): another road's session with
 * this id is none of its business.
 */
export async function readMedusaPaymentState(
  container: MedusaContainer,
  paymentSessionId: string,
  isRoadProviderId: (providerId: unknown) => boolean
): Promise<MedusaPaymentState & { providerId: string | null; trackedRow: TrackedRow | null }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const toss = container.resolve<TossModuleService>(TOSS_MODULE)
  const [{ data: sessions }, tracked] = await Promise.all([
    query.graph({
      entity: "payment_session",
      fields: [
        "id",
        "provider_id",
        "status",
        "amount",
        "currency_code",
        "data",
        "payment_collection.order.id",
        "payment_collection.order.status",
        "payment_collection.cart.id",
        "payment.id",
        "payment.data",
        "payment.refunds.amount",
      ],
      filters: { id: paymentSessionId },
    }),
    toss.listTossTrackedPayments({ payment_session_id: paymentSessionId }),
  ])
  const found = sessions[0] as unknown as SessionRow | undefined
  const session = found && isRoadProviderId(found.provider_id) ? found : null
  const payment = session?.payment ?? null
  const paymentKey = tracked[0]?.payment_key ?? session?.data.paymentKey
  const recordedCancelKeys = paymentKey ? [...(await toss.recordedCancelKeys([paymentKey]))] : []
  return {
    paymentSessionId,
    providerId: session?.provider_id ?? null,
    trackedRow: tracked[0] ?? null,
    tracked: tracked[0]
      ? { id: tracked[0].id, created_at: tracked[0].created_at, integration: tracked[0].integration as TossIntegration }
      : null,
    session: session && {
      id: session.id,
      status: session.status,
      amount: new BigNumber(session.amount as number).numeric,
      currency_code: session.currency_code,
      data: session.data,
    },
    order: session?.payment_collection?.order ?? null,
    balance: Boolean(session?.payment_collection?.order && !session.payment_collection.cart),
    payment: payment && {
      id: payment.id,
      data: payment.data,
      refunded: (payment.refunds ?? []).reduce((sum, refund) => sum + (refund ? new BigNumber(refund.amount as number).numeric : 0), 0),
    },
    recordedCancelKeys,
  }
}
