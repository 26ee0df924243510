import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { updatePaymentData } from "../../../../../../lib/payment-data"
import { paymentLockKey } from "../../../../../../lib/sync-toss-payment"
import { retrieveTossPayment } from "../../../medusa-payment"
import { AdminTossRefundAccountResponse, refundAccountView } from "../../../operator-view"
import type { AdminTossRefundAccountBody } from "./validators"

/**
 * Stores the shopper's bank account in the payment's data, where the
 * provider's `refundPayment` picks it up for Toss's `refundReceiveAccount`.
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
  const refundReceiveAccount = req.validatedBody
  // Under the payment's lock: a refund or webhook sync writing the same data waits.
  await req.scope
    .resolve(Modules.LOCKING)
    .execute(paymentLockKey(payment.id), () => updatePaymentData(req.scope, payment.id, { refundReceiveAccount }), { timeout: 30 })
  res.json({ refundAccount: refundAccountView(refundReceiveAccount) })
}
