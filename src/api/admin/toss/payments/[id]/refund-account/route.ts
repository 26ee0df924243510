import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { UpdatePaymentDTO } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { TossSessionData } from "../../../../../../providers/toss/session-data"
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
  const data: TossSessionData = { ...payment.data, refundReceiveAccount }
  // UpdatePaymentDTO does not declare `data`, but the payment module stores it.
  await req.scope.resolve(Modules.PAYMENT).updatePayment({ id: payment.id, data } as UpdatePaymentDTO)
  res.json({ refundAccount: refundAccountView(refundReceiveAccount) })
}
