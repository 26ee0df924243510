import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { portOneClient } from "../../lib/portone-config"
import { portOneBillingAccount, portOneSavedCardForCharge, savedCardNotFound } from "../../lib/portone-saved-cards"
import { chargeBillingKey } from "../../providers/portone/billing"
import { savedCardChargeOutcome, SavedCardChargeOutcome } from "../../providers/portone/saved-card-charge"
import { expectedPayment, PORTONE_CURRENCY, readSession } from "../../providers/portone/session"

export interface ChargePortOneCardInput {
  cartId: string
  /** The cart's PortOne payment session, whose id is PortOne's paymentId. */
  paymentSessionId: string
  providerId: string
  /** The saved card (`portonecard_…`). */
  paymentMethodId: string
  /** The logged-in customer pressing the button; null off-session. */
  caller: string | null
}

/** Another customer's card, or a cart that is not the caller's, is refused before PortOne hears of it. */
export const checkPortOneCardStep = createStep("check-portone-card", async (input: ChargePortOneCardInput, { container }) => {
  if (!(await portOneSavedCardForCharge(container, input))) {
    throw savedCardNotFound()
  }
  return new StepResponse(input.paymentMethodId)
})

/**
 * Charges the card with the amount the server stored in the session, under
 * a key built from the session and that amount (chargeBillingKey), through
 * the store's billing channel; the session then expects that channel, so
 * Medusa's authorisation of it accepts the payment. The billing key is read
 * here and leaves in no output.
 */
export const chargePortOneCardStep = createStep("charge-portone-card", async (input: ChargePortOneCardInput, { container }) => {
  const card = await portOneSavedCardForCharge(container, input)
  if (!card) {
    throw savedCardNotFound()
  }
  const { options } = portOneBillingAccount(container, input.providerId)
  const channelKey = options.billingChannelKey!
  const paymentModule = container.resolve(Modules.PAYMENT)
  const stored = await paymentModule.retrievePaymentSession(input.paymentSessionId, { select: ["id", "amount", "currency_code", "data"] })
  let session = readSession(stored.data ?? {})
  if (session.portone.channelKeys.length !== 1 || session.portone.channelKeys[0] !== channelKey) {
    const updated = await paymentModule.updatePaymentSession({
      id: stored.id,
      data: { ...session, portone: { ...session.portone, channelKeys: [channelKey] } },
      amount: stored.amount,
      currency_code: stored.currency_code,
    })
    session = readSession(updated.data ?? {})
  }
  const expected = expectedPayment(session)
  const result = await chargeBillingKey(
    portOneClient(container, input.providerId),
    {
      paymentId: expected.paymentId,
      billingKey: card.billingKey,
      cardId: input.paymentMethodId,
      orderName: session.portone.orderName,
      amount: expected.amount,
      taxFreeAmount: expected.taxFreeAmount,
      currency: PORTONE_CURRENCY,
      customerId: card.customerId,
      channelKey,
    },
    { storeId: options.storeId, channelKeys: [channelKey] }
  )
  return new StepResponse<SavedCardChargeOutcome>(savedCardChargeOutcome(result))
})
