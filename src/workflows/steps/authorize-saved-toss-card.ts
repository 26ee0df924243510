import type { PaymentDTO } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isTossProviderId } from "../../lib/toss-config"
import type { TossSessionData } from "../../providers/toss/session-data"
import { chargeSavedCard } from "../../lib/charge-saved-card"

export interface AuthorizeSavedTossCardStepInput {
  /** A Toss payment session (any registration) created with `data: {payment_method}` for the card's customer. */
  id: string
}

export const authorizeSavedTossCardStepId = "authorize-saved-toss-card"

/**
 * Medusa's `authorizePaymentSessionStep` for a saved Toss card, without the
 * shopper (a subscription's next order, a scheduled job): the card is
 * charged with the session's amount, and Toss's charge is its capture, so
 * the returned payment is captured already. If a later step of the workflow
 * fails, the charge is given back at Toss (a full cancel).
 */
export const authorizeSavedTossCardStep = createStep(
  authorizeSavedTossCardStepId,
  async ({ id }: AuthorizeSavedTossCardStepInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const session = await paymentModule.retrievePaymentSession(id, { select: ["id", "provider_id", "amount", "currency_code", "data"] })
    if (!isTossProviderId(session.provider_id)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Payment session ${id} is not a Toss session (${session.provider_id}).`)
    }
    const data = session.data as unknown as TossSessionData
    const { error } = await chargeSavedCard(container, { cartId: null, session: { ...session, data }, caller: null }, () =>
      paymentModule.authorizePaymentSession(id, {}).then(
        () => ({ error: null }),
        (caught: Error & { code?: string; type?: string }) => ({ error: caught })
      )
    )
    if (error) {
      throw error
    }
    const { payment } = await paymentModule.retrievePaymentSession(id, { relations: ["payment", "payment.captures"] })
    return new StepResponse<PaymentDTO, string>(payment!, payment!.id)
  },
  async (paymentId, { container }) => {
    if (paymentId) {
      // The provider's cancel: all that Toss took for it is given back.
      await container.resolve(Modules.PAYMENT).cancelPayment(paymentId)
    }
  }
)
