import { MedusaError, PaymentSessionStatus } from "@medusajs/framework/utils"
import { authorization, PORTONE_FAILED, PORTONE_OUTCOME_UNKNOWN } from "./authorize"
import type { ChargeResult } from "./billing"
import { BILLING_KEY_GONE } from "./saved-cards"

/** What a saved card's charge came to, as a workflow step may return it (no billing key, no payment details). */
export interface SavedCardChargeOutcome {
  /** PortOne holds the stored amount: Medusa's completion captures it. */
  charged: boolean
  /** Why the cart stays open: a refusal the storefront can show (`code` as the hand-off's), null when charged. */
  error: { message: string; type: string; code: string } | null
  /** PortOne no longer has the key: the card is to be forgotten (once PortOne confirms). */
  keyGone: boolean
}

/**
 * A charge's result in the hand-off's words: paid, or the refusal the
 * checkout would give for the same settlement (authorize.ts); a decline
 * the PG or PortOne gave for certain is PORTONE_FAILED, nothing taken.
 */
export function savedCardChargeOutcome(result: ChargeResult): SavedCardChargeOutcome {
  if (result.outcome === "declined") {
    const keyGone = BILLING_KEY_GONE.includes(result.type)
    const message = keyGone
      ? "저장된 카드를 더 이상 쓸 수 없어요. This saved card is no longer usable at PortOne: choose another card or payment method."
      : `결제가 거절되었어요. The payment was declined: ${result.message} Choose another card or payment method.`
    return { charged: false, error: { message, type: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, code: PORTONE_FAILED }, keyGone }
  }
  try {
    const { status } = authorization(result)
    if (status === PaymentSessionStatus.CAPTURED) {
      return { charged: true, error: null, keyGone: false }
    }
    // A billing charge is paid or not; anything else is for PortOne to settle later.
    return { charged: false, error: { message: "결제가 아직 끝나지 않았어요. The payment is not finished yet; please try again in a moment.", type: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, code: PORTONE_OUTCOME_UNKNOWN }, keyGone: false }
  } catch (error) {
    if (!(error instanceof MedusaError)) {
      throw error
    }
    return { charged: false, error: { message: error.message, type: error.type, code: error.code ?? PORTONE_OUTCOME_UNKNOWN }, keyGone: false }
  }
}
