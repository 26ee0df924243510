import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { HAND_OFF_RECHECK_MS } from "../../lib/sync-plan"

/** The integration name of PortOne's rows in the plugin's tracked payments. */
export const PORTONE_INTEGRATION = "portone"

export interface StartPortOneHandOffInput {
  /** The cart being completed. */
  cartId: string
  /** The Medusa payment session, whose id is PortOne's paymentId. */
  paymentSessionId: string
  providerId: string
}

/**
 * Before PortOne is asked: the payment is tracked, so that whatever happens
 * to the lookup, to this process or to the session, the reconciliation asks
 * PortOne about it. Run under the payment's lock (`startPortOneHandOffWorkflow`).
 */
export const startPortOneHandOffStep = createStep(
  "start-portone-hand-off",
  async ({ cartId, paymentSessionId, providerId }: StartPortOneHandOffInput, { container }) => {
    await container.resolve<TossModuleService>(TOSS_MODULE).trackHandOff({
      payment_session_id: paymentSessionId,
      provider_id: providerId,
      payment_key: paymentSessionId,
      integration: PORTONE_INTEGRATION,
      cart_id: cartId,
      next_check_at: new Date(Date.now() + HAND_OFF_RECHECK_MS),
    })
    return new StepResponse(paymentSessionId)
  }
)
