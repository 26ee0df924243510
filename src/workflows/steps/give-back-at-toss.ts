import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { reportToOperator } from "../../lib/report-to-operator"
import { tellOperator } from "../../lib/tell-operator"
import { isTransient, TossApiError } from "../../toss/errors"
import type { TossIntegration } from "../../providers/toss/options"
import { cancelShare } from "../../providers/toss/cancel"
import { tossIdempotencyKey } from "../../toss/idempotency-key"
import { tossClient } from "../../lib/toss-config"
import type { TossPayment } from "../../toss/types"

export interface GiveBackAtTossInput {
  /** Toss's answer just now: what is left to cancel, and its tax-free part. */
  toss: TossPayment
  /** The Toss account whose merchant holds the payment. */
  providerId: string
  integration: TossIntegration
  cancelReason: string
}

/**
 * Gives back all that Toss holds for a payment that can have no order (or
 * whose order was cancelled): a full cancel at Toss. The Idempotency-Key is the same on every
 * attempt, so a sync retried after a lost answer replays the first cancel;
 * a failure fails the sync, and the payment stays due for the next run.
 */
export const giveBackAtTossStep = createStep(
  "give-back-at-toss",
  async ({ toss, providerId, integration, cancelReason }: GiveBackAtTossInput, { container }) => {
    try {
      const payment = await tossClient(container, providerId, integration).cancel(
        toss.paymentKey,
        { cancelReason, ...cancelShare(toss) },
        tossIdempotencyKey.giveBack(toss.paymentKey)
      )
      return new StepResponse(payment)
    } catch (error) {
      if (error instanceof TossApiError && !isTransient(error)) {
        reportToOperator(container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), {
          orderId: toss.orderId,
          paymentKey: toss.paymentKey,
          message: `Toss refused to give back payment ${toss.paymentKey} (${toss.balanceAmount} KRW), which can have no order: ${error.message} (${error.code}). The reconciliation job tries again every 5 minutes; if this repeats, cancel it in the Toss dashboard.`,
        })
        // The Toss page's "Needs attention" list; the sync resolves it once Toss holds nothing.
        await tellOperator(container, [
          {
            kind: "give-back-refused",
            payment_session_id: toss.orderId,
            payment_key: toss.paymentKey,
            order_id: null,
            amount: toss.balanceAmount,
            // The paymentKey is what the operator looks up in the Toss dashboard: the item has no order to show.
            message: `Toss refused to give back payment ${toss.paymentKey}, which can have no order: ${error.message} (${error.code}). Cancel it in the Toss dashboard.`,
          },
        ])
      }
      throw error
    }
  }
)
