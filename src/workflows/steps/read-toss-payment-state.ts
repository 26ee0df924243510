import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import type { TossIntegration } from "../../providers/toss/options"
import type { TossSessionData } from "../../providers/toss/session-data"
import { findTossPayment, isTossProviderId, tossAccounts } from "../../lib/toss-config"
import type { TossPayment } from "../../toss/types"
import type { TossPaymentState } from "../../lib/sync-plan"

export interface ReadTossPaymentStateInput {
  orderId: string
  /**
   * When the caller learnt that something changed (a webhook's arrival). If
   * Toss was asked about this payment since, its answer already covers the
   * change and Toss is not asked again: one lookup per payment per burst.
   */
  requestedAt?: number | null
  /** Ask Toss now: no answer the client remembers from before is taken (the refund cancels on this one). */
  fresh?: boolean
}

export interface TossPaymentReading {
  state: TossPaymentState
  /** The Toss account (`pp_toss_<id>`) whose merchant holds the payment; null: none of them knows it. */
  providerId: string | null
  /** Toss's answer; null: Toss knows no such payment; undefined: not asked (see `skipped`) or unreachable. */
  toss?: TossPayment | null
  /** Toss was not asked: a lookup since `requestedAt` already answered. */
  skipped: boolean
  checkedAt: string
}

export const readTossPaymentStateStepId = "read-toss-payment-state"

/** Medusa's view of the payment (read under its lock), then Toss's. */
export const readTossPaymentStateStep = createStep(
  readTossPaymentStateStepId,
  async ({ orderId, requestedAt, fresh }: ReadTossPaymentStateInput, { container }) => {
    const { providerId: sessionProviderId, trackedRow, ...state } = await readTossPaymentState(container, orderId)
    const lastChecked = trackedRow?.last_checked_at ? new Date(trackedRow.last_checked_at).getTime() : 0
    const checkedAt = new Date()
    // A payment tracked before the store had several accounts names none: each account is asked.
    const known = trackedRow?.provider_id ?? sessionProviderId
    const providerIds = known ? [known] : trackedRow ? tossAccounts(container).map((account) => account.providerId) : []
    if (requestedAt && lastChecked >= requestedAt) {
      return new StepResponse<TossPaymentReading>({ state, providerId: known, skipped: true, checkedAt: checkedAt.toISOString() })
    }
    const paymentKey = trackedRow?.payment_key ?? state.session?.data.paymentKey ?? state.payment?.data.paymentKey
    const integration = (trackedRow?.integration ?? state.session?.data.integration ?? state.payment?.data.integration) as TossIntegration | undefined
    let toss: TossPayment | null | undefined = null
    let providerId: string | null = known
    try {
      for (const candidate of providerIds) {
        // What the ledger flagged changed at Toss after any answer this process remembers.
        toss = await findTossPayment(container, candidate, { paymentKey, orderId }, integration, { fresh: Boolean(fresh || trackedRow?.ledger_changed_at) })
        if (toss) {
          providerId = candidate
          break
        }
      }
    } catch {
      toss = undefined
    }
    return new StepResponse<TossPaymentReading>({ state, providerId, toss, skipped: false, checkedAt: checkedAt.toISOString() })
  }
)

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
 * Medusa's view of the payment, the Toss account of its session (null: no
 * Toss session has this id) and the plugin's tracked row, read once.
 */
export async function readTossPaymentState(
  container: MedusaContainer,
  orderId: string
): Promise<TossPaymentState & { providerId: string | null; trackedRow: TrackedRow | null }> {
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
      filters: { id: orderId },
    }),
    toss.listTossTrackedPayments({ payment_session_id: orderId }),
  ])
  const found = sessions[0] as unknown as SessionRow | undefined
  const session = found && isTossProviderId(found.provider_id) ? found : null
  const payment = session?.payment ?? null
  const paymentKey = tracked[0]?.payment_key ?? session?.data.paymentKey
  const recordedCancelKeys = paymentKey ? [...(await toss.recordedCancelKeys([paymentKey]))] : []
  return {
    orderId,
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
