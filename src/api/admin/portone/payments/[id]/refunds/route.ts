import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { RefundAccount } from "../../../../../../providers/portone/cancel"
import { withPortOneCallContext } from "../../../../../../providers/portone/call-context"
import { refundPortOnePaymentWorkflow } from "../../../../../../workflows/refund-portone-payment"
import { retrievePortOnePayment } from "../../../medusa-payment"
import { portOneFailure } from "../../../portone-error"
import type { AdminPortOneRefundBody } from "./validators"

/**
 * Refunds `amount` of a PortOne payment (`refund-portone-payment`: PortOne's
 * unrecorded cancels are recorded first, then the cancel, under one lock).
 * A deposited virtual account's refund account travels in this request's
 * call context to the provider, and to PortOne only.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPortOneRefundBody>, res: MedusaResponse) => {
  const payment = await retrievePortOnePayment(req.scope, req.params.id)
  const { amount, note, refund_reason_id, refund_account } = req.validatedBody
  const refundAccount: RefundAccount | null = refund_account
    ? {
        bank: refund_account.bank as RefundAccount["bank"],
        number: refund_account.number,
        holderName: refund_account.holder_name,
        ...(refund_account.holder_phone_number && { holderPhoneNumber: refund_account.holder_phone_number }),
      }
    : null
  let refunded: boolean
  try {
    ;({
      result: { refunded },
    } = await withPortOneCallContext({ refund: { refundAccount } }, () =>
      refundPortOnePaymentWorkflow(req.scope).run({
        input: { payment_id: payment.id, amount, note, refund_reason_id, created_by: req.auth_context?.actor_id },
      })
    ))
  } catch (error) {
    throw portOneFailure(error, "refund")
  }
  if (!refunded) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "PortOne had already cancelled money on this payment that Medusa had not recorded (in PortOne's console, or an earlier refund whose answer was lost). It is recorded now, in the payment's refunds; nothing more was refunded. Refund again if more is due."
    )
  }
  const recorded = await retrievePortOnePayment(req.scope, payment.id)
  res.json({ payment: { id: payment.id, amount: recorded.amount, captured: recorded.captured, refunded: recorded.refunded } })
}
