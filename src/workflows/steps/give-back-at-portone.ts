import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { portOneClient } from "../../lib/portone-config"
import { reportToOperator } from "../../lib/report-to-operator"
import { tellOperator } from "../../lib/tell-operator"
import { isTransient, PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { Payment } from "../../portone/types"
import { balanceOf, cancelRequest } from "../../providers/portone/cancel"

export interface GiveBackAtPortOneInput {
  /** PortOne's answer just now: what is left to cancel, and its tax-free part. */
  payment: Extract<Payment, { amount: unknown }>
  /** The PortOne registration (`pp_portone_<id>`) whose store holds the payment. */
  providerId: string
  reason: string
}

/**
 * Gives back all that PortOne holds for a payment that can have no order
 * (or whose order was cancelled): a full cancel with its tax-free share and
 * `currentCancellableAmount`, or, for a virtual account still waiting, its
 * account closed. The key is built from the balance, so a sync retried
 * after a lost answer is the same request, and a cancel that already went
 * through is refused by PortOne instead of made twice. A failure fails the
 * sync, and the payment stays due for the next run.
 */
export const giveBackAtPortOneStep = createStep(
  "give-back-at-portone",
  async ({ payment, providerId, reason }: GiveBackAtPortOneInput, { container }) => {
    const client = portOneClient(container, providerId)
    try {
      if (payment.status === "VIRTUAL_ACCOUNT_ISSUED") {
        await client.closeVirtualAccount(payment.id, idempotencyKey("close-account", payment.id))
      } else {
        const { input, key } = cancelRequest(payment, { cancelAmount: balanceOf(payment).cancellable, reason })
        await client.cancelPayment(payment.id, input, key)
      }
      return new StepResponse(payment.id)
    } catch (error) {
      if (error instanceof PortOneApiError && !isTransient(error)) {
        const { cancellable } = balanceOf(payment)
        const message = `PortOne refused to give back payment ${payment.id} (${cancellable} KRW), which can have no order: ${error.message} (${error.type}).`
        reportToOperator(container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), {
          orderId: payment.id,
          paymentKey: payment.id,
          message: `${message} The reconciliation job tries again every 5 minutes; if this repeats, cancel it in PortOne's console.`,
        })
        await tellOperator(container, [
          {
            kind: "give-back-refused",
            payment_session_id: payment.id,
            payment_key: payment.id,
            order_id: null,
            amount: cancellable,
            message: `${message} Cancel it in PortOne's console.`,
          },
        ])
      }
      throw error
    }
  }
)
