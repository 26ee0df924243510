import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { updatePaymentData } from "../../../lib/payment-data"
import { TOSS_PROVIDER_ID } from "../../../lib/toss-config"

/** Toss's limit for `cancelReason`. */
const CANCEL_REASON_MAX = 200

/** The operator's note as a Toss `cancelReason`: one line, at most 200 characters; null when empty. */
export function toCancelReason(note: unknown): string | null {
  if (typeof note !== "string") {
    return null
  }
  const reason = note.replace(/\s+/g, " ").trim().slice(0, CANCEL_REASON_MAX).trim()
  return reason || null
}

/**
 * Runs before Medusa's `POST /admin/payments/:id/refund`, which does not pass
 * the operator's note to the provider: for a Toss payment the note goes into
 * the payment's data as `refundReason`, which the provider sends as Toss's
 * `cancelReason`. An empty note clears a reason left by a refund that failed,
 * so the provider falls back to its default reason.
 */
export async function tossRefundReason(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const [payment] = await req.scope
      .resolve(Modules.PAYMENT)
      .listPayments({ id: req.params.id }, { select: ["id", "provider_id", "data"] })
    if (payment?.provider_id === TOSS_PROVIDER_ID) {
      const refundReason = toCancelReason((req.body as { note?: unknown } | undefined)?.note)
      if ((payment.data?.refundReason ?? null) !== refundReason) {
        await updatePaymentData(req.scope, payment.id, { refundReason })
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}
