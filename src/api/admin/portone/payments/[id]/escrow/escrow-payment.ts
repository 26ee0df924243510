import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { portOneClient } from "../../../../../../lib/portone-config"
import { PortOneClient } from "../../../../../../portone/client"
import type { Payment } from "../../../../../../portone/types"
import { retrievePortOnePayment, PortOneMedusaPayment } from "../../../medusa-payment"
import { portOneFailure } from "../../../portone-error"

/** The payment, PortOne's answer and the client for an escrow call: 400 when PortOne holds no paid escrow payment by its id. */
export async function escrowPayment(
  container: MedusaContainer,
  paymentId: string
): Promise<{ payment: PortOneMedusaPayment; escrowStatus: string; client: PortOneClient }> {
  const payment = await retrievePortOnePayment(container, paymentId)
  const client = portOneClient(container, payment.providerId)
  let live: Payment | null
  try {
    live = await client.findPayment(payment.paymentSessionId)
  } catch (error) {
    throw portOneFailure(error, "look the payment up")
  }
  if (!live || !("escrow" in live) || !live.escrow) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Payment ${paymentId} was not made with escrow (에스크로), so it has no delivery to register or purchase to confirm.`)
  }
  return { payment, escrowStatus: String(live.escrow.status), client }
}
