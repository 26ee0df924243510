import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { idempotencyKey } from "../../../../../../../portone/idempotency-key"
import { portOneFailure } from "../../../../portone-error"
import { portOnePaymentPanel } from "../../route"
import { cashReceiptPayment } from "../route"

/** Cancels the payment's cash receipt at PortOne. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { payment, client } = await cashReceiptPayment(req.scope, req.params.id)
  try {
    await client.cancelCashReceipt(payment.paymentSessionId, idempotencyKey("cash-receipt-cancel", payment.paymentSessionId))
  } catch (error) {
    throw portOneFailure(error, "cancel the cash receipt")
  }
  res.json({ portone_payment: await portOnePaymentPanel(req.scope, payment.id) })
}
