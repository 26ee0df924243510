import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { idempotencyKey } from "../../../../../../../portone/idempotency-key"
import { portOneFailure } from "../../../../portone-error"
import { portOnePaymentPanel } from "../../route"
import { escrowPayment } from "../escrow-payment"

/** Confirms an escrow payment's purchase at PortOne (구매확정), once its delivery is registered. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { payment, escrowStatus: status, client } = await escrowPayment(req.scope, req.params.id)
  if (status !== "REGISTERED" && status !== "DELIVERED") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Register the delivery first: a purchase is confirmed after its delivery (the escrow is ${status}).`)
  }
  try {
    await client.confirmEscrow(payment.paymentSessionId, {}, idempotencyKey("escrow-complete", payment.paymentSessionId))
  } catch (error) {
    throw portOneFailure(error, "confirm the purchase")
  }
  res.json({ portone_payment: await portOnePaymentPanel(req.scope, payment.id) })
}
