import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { Settlement } from "./settle"

/**
 * The code of a refusal that decided nothing (PortOne could not be asked, a
 * payment still with its PG, a give-back PortOne has not confirmed): the
 * shopper may have been charged, so the payment stays watched and a retry
 * asks PortOne again.
 */
export const PORTONE_OUTCOME_UNKNOWN = "PORTONE_OUTCOME_UNKNOWN"
/** PortOne has no payment under this id yet: the shopper has not paid (or the window is still open). */
export const PORTONE_NOT_PAID = "PORTONE_NOT_PAID"
/** PortOne's payment did not match the stored session and was given back in full. */
export const PORTONE_MISMATCH = "PORTONE_PAYMENT_MISMATCH"
export const PORTONE_FAILED = "PORTONE_PAYMENT_FAILED"
export const PORTONE_CANCELLED = "PORTONE_PAYMENT_CANCELLED"

/** Refusals PortOne gave for certain, after which nothing can change without a new payment. */
export const CERTAIN_REFUSALS: readonly string[] = [PORTONE_MISMATCH, PORTONE_FAILED, PORTONE_CANCELLED]

function refused(message: string, code: string): MedusaError {
  return new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message, code)
}

/**
 * What a settlement means for Medusa's authorisation: the session status
 * (captured, or pending_authorization for a virtual account waiting for its
 * deposit), or a refusal the storefront can show (its code says whether a
 * retry may still find the payment).
 */
export function authorization(settlement: Settlement): { status: PaymentSessionStatus } {
  switch (settlement.outcome) {
    case "paid":
      return { status: PaymentSessionStatus.CAPTURED }
    case "waiting-for-deposit":
      return { status: PaymentSessionStatus.PENDING_AUTHORIZATION }
    case "failed":
      throw refused(settlement.reason, PORTONE_FAILED)
    case "cancelled":
      throw refused("이 결제는 이미 취소되었어요. This payment was cancelled; please pay again.", PORTONE_CANCELLED)
    case "refused":
      throw refused(`결제를 승인하지 못했어요. PortOne refused the payment: ${settlement.message}`, settlement.type)
    case "mismatch":
      throw refused(
        settlement.givenBack
          ? "결제 정보가 주문과 달라 결제를 취소했어요. The payment did not match this order and was given back in full; please pay again."
          : "결제 정보가 주문과 달라요. The payment did not match this order; it is being given back. Please try again in a moment.",
        settlement.givenBack ? PORTONE_MISMATCH : PORTONE_OUTCOME_UNKNOWN
      )
    case "pending":
      throw settlement.payment
        ? refused("결제가 아직 끝나지 않았어요. The payment is not finished yet; please try again in a moment.", PORTONE_OUTCOME_UNKNOWN)
        : refused("결제가 아직 이루어지지 않았어요. The payment has not been made yet: please pay in the payment window first.", PORTONE_NOT_PAID)
    case "unknown":
      throw refused(
        "결제 결과를 확인하지 못했어요. We could not reach PortOne to check the payment; please try again in a moment. You will not be charged twice.",
        PORTONE_OUTCOME_UNKNOWN
      )
  }
}
