import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TossIntegration } from "../../providers/toss/options"
import { findTossPayment, isTossProviderId, tossAccounts } from "../../lib/toss-config"
import { readMedusaPaymentState } from "../../lib/medusa-payment-state"
import type { TossPayment } from "../../toss/types"
import type { MedusaPaymentState } from "../../lib/sync-plan"

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
  state: MedusaPaymentState
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
    const { providerId: sessionProviderId, trackedRow, ...state } = await readMedusaPaymentState(container, orderId, isTossProviderId)
    const lastChecked = trackedRow?.last_checked_at ? new Date(trackedRow.last_checked_at).getTime() : 0
    const checkedAt = new Date()
    // A payment tracked before the store had several accounts names none: each account is asked.
    const known = trackedRow?.provider_id ?? sessionProviderId
    const providerIds = known ? [known] : trackedRow ? tossAccounts(container).map((account) => account.providerId) : []
    // Another road's payment (PortOne's, tracked in the same table): Toss is never asked about it.
    const foreign = trackedRow?.provider_id != null && !isTossProviderId(trackedRow.provider_id)
    if (foreign || (requestedAt && lastChecked >= requestedAt)) {
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
