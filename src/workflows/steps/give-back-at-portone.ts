import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { portOneClient } from "../../lib/portone-config"
import { reportToOperator } from "../../lib/report-to-operator"
import { tellOperator } from "../../lib/tell-operator"
import type { Payment } from "../../portone/types"
import { balanceOf } from "../../providers/portone/cancel"
import { giveBack } from "../../providers/portone/refund"

export interface GiveBackAtPortOneInput {
  /** PortOne's answer just now: what is left to cancel, and its tax-free part. */
  payment: Extract<Payment, { amount: unknown }>
  /** The PortOne registration (`pp_portone_<id>`) whose store holds the payment. */
  providerId: string
}

/**
 * Gives back all that PortOne holds for a payment that can have no order
 * (or whose order was cancelled), as the provider does (`giveBack`): a full
 * cancel with its tax-free share and `currentCancellableAmount`, with a key
 * built from the balance, or, for a virtual account still waiting, its
 * account closed. A sync retried after a lost answer is the same request; a
 * failure fails the sync, and the payment stays due for the next run.
 */
export const giveBackAtPortOneStep = createStep(
  "give-back-at-portone",
  async ({ payment, providerId }: GiveBackAtPortOneInput, { container }) => {
    try {
      const after = await giveBack(portOneClient(container, providerId), payment)
      return new StepResponse(String(after.status))
    } catch (error) {
      // Only PortOne's refusal needs a person; an answer that did not come is the next run's.
      if (!(error instanceof MedusaError && error.type === MedusaError.Types.NOT_ALLOWED)) {
        throw error
      }
      const message = `PortOne refused to give back payment ${payment.id} (${balanceOf(payment).cancellable} KRW), which can have no order: ${(error as Error).message}`
      reportToOperator(container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), {
        message: `${message} The reconciliation job tries again every 5 minutes; if this repeats, cancel it in PortOne's console.`,
      })
      // The Toss page's "Needs attention" list; the sync resolves it once PortOne holds nothing.
      await tellOperator(container, [
        {
          kind: "give-back-refused",
          payment_session_id: payment.id,
          payment_key: payment.id,
          order_id: null,
          amount: balanceOf(payment).cancellable,
          message: `${message}. Cancel it in PortOne's console.`,
        },
      ])
      throw error
    }
  }
)
