import type { AuthenticatedMedusaRequest, MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { refetchPayment } from "@medusajs/medusa/api/admin/payments/helpers"
import { defaultAdminPaymentFields } from "@medusajs/medusa/api/admin/payments/query-config"
import { AdminCreatePaymentRefund } from "@medusajs/medusa/api/admin/payments/validators"
import { isTossProviderId } from "../../../lib/toss-config"
import { refundTossPaymentWorkflow } from "../../../workflows/refund-toss-payment"

/**
 * Medusa's own `POST /admin/payments/:id/refund`, for a Toss payment run as
 * `refundTossPaymentWorkflow` (same body, same answer): Medusa's route
 * would not pass the operator's note or the refund account to the provider,
 * nor record what Toss did first. Other payments go on to Medusa's route.
 */
export async function refundThroughToss(request: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  // Admin routes are authenticated before any middleware of theirs runs.
  const req = request as AuthenticatedMedusaRequest
  try {
    const [payment] = await req.scope.resolve(Modules.PAYMENT).listPayments({ id: req.params.id }, { select: ["id", "provider_id"] })
    if (!isTossProviderId(payment?.provider_id)) {
      return next()
    }
    const parsed = AdminCreatePaymentRefund.safeParse(req.validatedBody ?? req.body ?? {})
    if (!parsed.success) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "))
    }
    const body = parsed.data
    const { result } = await refundTossPaymentWorkflow(req.scope).run({
      input: { payment_id: payment.id, ...body, created_by: req.auth_context?.actor_id },
    })
    if (!result.refunded) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Toss had already refunded money on this payment that Medusa had not recorded (made in the Toss dashboard, or an earlier refund whose answer was lost). It is recorded now, in the payment's refunds; nothing more was refunded. Refund again if more is due."
      )
    }
    const fields = (req as { queryConfig?: { fields?: string[] } }).queryConfig?.fields ?? defaultAdminPaymentFields
    res.status(200).json({ payment: await refetchPayment(payment.id, req.scope, fields) })
  } catch (error) {
    next(error)
  }
}
