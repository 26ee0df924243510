import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { cancelTossCashReceipt } from "../../../../../../../../lib/toss-cash-receipts"
import { retrieveTossPayment } from "../../../../../medusa-payment"
import type { AdminTossCashReceiptsResponse } from "../../../../../desk-types"
import { cashReceiptsOf, tossKeysOf } from "../../route"

/** `POST /admin/toss/payments/:id/cash-receipts/:receiptKey/cancel`: cancels a cash receipt issued for this payment, in full. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossCashReceiptsResponse>) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  await cancelTossCashReceipt(req.scope, {
    paymentId: payment.id,
    orderId: payment.orderId,
    receiptKey: req.params.receiptKey,
    providerId: payment.providerId,
    integration: tossKeysOf(payment).integration,
  })
  res.json({ cash_receipts: await cashReceiptsOf(req.scope, payment.id) })
}
