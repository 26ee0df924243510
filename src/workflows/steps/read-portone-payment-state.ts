import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { readMedusaPaymentState } from "../../lib/medusa-payment-state"
import { isPortOneProviderId, portOneClient } from "../../lib/portone-config"
import type { MedusaPaymentState } from "../../lib/sync-plan"
import type { Payment } from "../../portone/types"
import { paymentForSteps } from "../../providers/portone/payment-view"

export interface ReadPortOnePaymentStateInput {
  /** PortOne's paymentId: the Medusa payment session id. */
  paymentSessionId: string
  /** When the caller learnt that something changed (a webhook's arrival): PortOne is not asked again if it was asked since. */
  requestedAt?: number | null
}

export interface PortOnePaymentReading {
  state: MedusaPaymentState<Record<string, unknown>>
  /** The PortOne registration (`pp_portone_<id>`) of the payment; null: this store has no PortOne payment by this id. */
  providerId: string | null
  /**
   * PortOne's answer, as much of it as the sync reads (`paymentForSteps`: no
   * customer, no billing key); null: PortOne knows no such payment;
   * undefined: not asked (see `skipped`) or unreachable.
   */
  payment?: Payment | null
  skipped: boolean
  checkedAt: string
}

/** Medusa's view of the payment (read under its lock, as Toss's sync reads it), then PortOne's. */
export const readPortOnePaymentStateStep = createStep(
  "read-portone-payment-state",
  async ({ paymentSessionId, requestedAt }: ReadPortOnePaymentStateInput, { container }) => {
    const { providerId: sessionProviderId, trackedRow, ...state } = await readMedusaPaymentState(container, paymentSessionId, isPortOneProviderId)
    const checkedAt = new Date().toISOString()
    const providerId = trackedRow?.provider_id ?? sessionProviderId
    const reading = { state: state as PortOnePaymentReading["state"], providerId, checkedAt }
    const lastChecked = trackedRow?.last_checked_at ? new Date(trackedRow.last_checked_at).getTime() : 0
    // Another road's payment (Toss's, tracked in the same table): PortOne is never asked about it.
    const foreign = trackedRow && !isPortOneProviderId(trackedRow.provider_id)
    if (foreign || (requestedAt && lastChecked >= requestedAt)) {
      return new StepResponse<PortOnePaymentReading>({ ...reading, skipped: true })
    }
    if (!providerId) {
      // Neither a PortOne session nor a PortOne row: nothing of this store's to ask PortOne about.
      return new StepResponse<PortOnePaymentReading>({ ...reading, payment: null, skipped: false })
    }
    let payment: Payment | null | undefined
    try {
      const found = await portOneClient(container, providerId).findPayment(paymentSessionId)
      payment = found && paymentForSteps(found)
    } catch {
      payment = undefined
    }
    return new StepResponse<PortOnePaymentReading>({ ...reading, payment, skipped: false })
  }
)
