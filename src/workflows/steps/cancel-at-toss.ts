import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TossIntegration } from "../../providers/toss/options"
import { tossClient } from "../../lib/toss-config"

export interface CancelAtTossInput {
  paymentKey: string
  integration: TossIntegration
  cancelReason: string
}

/**
 * Cancels all that Toss holds for a payment that can have no order (or
 * whose order was cancelled). The Idempotency-Key is the same on every
 * attempt, so a sync retried after a lost answer replays the first cancel;
 * a failure fails the sync, and the payment stays due for the next run.
 */
export const cancelAtTossStep = createStep(
  "cancel-at-toss",
  async ({ paymentKey, integration, cancelReason }: CancelAtTossInput, { container }) => {
    const payment = await tossClient(container, integration).cancel(paymentKey, { cancelReason }, `void-${paymentKey}`)
    return new StepResponse(payment)
  }
)
