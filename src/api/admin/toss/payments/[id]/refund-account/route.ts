import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { setTossRefundAccountWorkflow } from "../../../../../../workflows/set-toss-refund-account"
import { retrieveTossPayment } from "../../../medusa-payment"
import { AdminTossRefundAccountResponse, refundAccountView } from "../../../operator-view"
import type { AdminTossRefundAccountBody } from "./validators"

/**
 * Keeps the shopper's bank account in the plugin's module (linked to the
 * payment, never in payment data), where the refund picks it up for Toss's
 * `refundReceiveAccount`. Answers with the account masked.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminTossRefundAccountBody>,
  res: MedusaResponse<AdminTossRefundAccountResponse>
) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  if (!payment.data.payment?.virtualAccount) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Only a Toss virtual-account (가상계좌) payment is refunded into a bank account; this payment is refunded to the way the shopper paid."
    )
  }
  const account = req.validatedBody
  await setTossRefundAccountWorkflow(req.scope).run({ input: { paymentId: payment.id, orderId: payment.orderId, account } })
  res.json({ refundAccount: refundAccountView(account) })
}
