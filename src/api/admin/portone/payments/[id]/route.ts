import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { lookUpPortOnePaymentWorkflow } from "../../../../../workflows/look-up-portone-payment"
import { adminPortOneView, AdminPortOnePayment } from "../../admin-view"
import { retrievePortOnePayment } from "../../medusa-payment"

export interface AdminPortOnePaymentResponse {
  portone_payment: AdminPortOnePayment
}

/**
 * One PortOne payment for the order page: what PortOne says now, taken by
 * the sync under the payment's lock (so a console cancel is already a
 * Medusa refund when the panel shows it), and what Medusa has recorded.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminPortOnePaymentResponse>) => {
  res.json({ portone_payment: await portOnePaymentPanel(req.scope, req.params.id) })
}

export async function portOnePaymentPanel(container: MedusaContainer, paymentId: string): Promise<AdminPortOnePayment> {
  const { paymentSessionId } = await retrievePortOnePayment(container, paymentId)
  let error: string | undefined
  let live = null
  try {
    const { result } = await lookUpPortOnePaymentWorkflow(container).run({ input: { paymentSessionId } })
    live = result.payment
    error = live ? undefined : "PortOne could not be reached, or has no such payment; try again in a moment."
  } catch (caught) {
    error = `The payment could not be synced with PortOne: ${(caught as Error).message}`
    container.resolve(ContainerRegistrationKeys.LOGGER).warn(`PortOne look-up of payment ${paymentId} failed: ${(caught as Error).message}`)
  }
  // Read after the sync, which may have recorded refunds.
  const { amount, captured, refunded } = await retrievePortOnePayment(container, paymentId)
  return {
    payment_id: paymentId,
    portone_payment_id: paymentSessionId,
    portone: live ? adminPortOneView(live) : null,
    ...(error && { error }),
    medusa: { amount, captured, refunded },
  }
}
