import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { isTransient, TossApiError } from "../../../../../toss/errors"
import type { TossPayment } from "../../../../../toss/types"
import { tossClient } from "../../../../../lib/toss-config"
import { retrieveRefundAccount } from "../../../../../lib/refund-account"
import { retrieveTossPayment, TossMedusaPayment } from "../../medusa-payment"
import { AdminTossPaymentResponse, kstTime, operatorView } from "../../operator-view"

/**
 * Everything about one Toss payment for the order page: Toss's live view of
 * it (the last saved one when Toss cannot be asked), what a refund takes,
 * and what Medusa has recorded.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossPaymentResponse>) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  let live: TossPayment | null = null
  let error: string | undefined
  try {
    live = await lookUp(req, payment)
  } catch (caught) {
    error = lookupFailure(caught, payment)
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).warn(`Toss lookup for payment ${payment.id} failed: ${error}`)
  }
  const { amount, captured, refunded } = payment
  const refundAccount = await retrieveRefundAccount(req.scope, payment.id)
  res.json(operatorView({ data: payment.data, refundAccount, live, error, medusa: { amount, captured, refunded }, now: new Date() }))
}

async function lookUp(req: AuthenticatedMedusaRequest, payment: TossMedusaPayment): Promise<TossPayment> {
  const { paymentKey, integration } = payment.data
  if (!paymentKey) {
    throw new Error("this payment has no Toss paymentKey")
  }
  return tossClient(req.scope, payment.providerId, integration).getPayment(paymentKey)
}

function lookupFailure(error: unknown, payment: TossMedusaPayment): string {
  const since = `showing the data from ${kstTime(payment.updatedAt)}`
  if (error instanceof TossApiError && isTransient(error)) {
    return `Toss could not be reached; ${since}.`
  }
  const reason = error instanceof TossApiError ? `${error.message} (${error.code})` : (error as Error).message
  return `Toss did not return this payment: ${reason}; ${since}.`
}
