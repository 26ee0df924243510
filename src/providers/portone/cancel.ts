import { idempotencyKey } from "../../portone/idempotency-key"
import type { CancelInput, Payment } from "../../portone/types"
import { meaningOf } from "./const"

type Cancellable = Extract<Payment, { amount: unknown }>

/** What is left to give back: PortOne's own arithmetic on `amount`. */
export function balanceOf(payment: Cancellable): { cancellable: number; taxFreeCancellable: number } {
  return {
    cancellable: payment.amount.paid - payment.amount.cancelled,
    taxFreeCancellable: payment.amount.taxFree - payment.amount.cancelledTaxFree,
  }
}

/**
 * The tax-free share of a cancel: all that is left on a full cancel, else
 * the share in proportion, but never less than what must go now for the
 * rest to stay payable, never more than the cancel (the rule the Toss road
 * follows too).
 */
export function cancelTaxFree(payment: Cancellable, cancelAmount: number): number {
  const { cancellable, taxFreeCancellable } = balanceOf(payment)
  if (taxFreeCancellable <= 0) {
    return 0
  }
  if (cancelAmount >= cancellable) {
    return taxFreeCancellable
  }
  const proportional = Math.round((cancelAmount * taxFreeCancellable) / cancellable)
  const atLeast = Math.max(taxFreeCancellable - (cancellable - cancelAmount), 0)
  return Math.min(Math.max(proportional, atLeast), cancelAmount, taxFreeCancellable)
}

export interface RefundAccount {
  bank: NonNullable<CancelInput["refundAccount"]>["bank"]
  number: string
  holderName: string
  holderPhoneNumber?: string
}

/**
 * Why PortOne would refuse this refund, in words for the operator; null when
 * it can go. Checked before asking PortOne, so a refusal costs no request.
 */
export function refundRefusal(payment: Payment, cancelAmount: number, refundAccount?: RefundAccount | null): string | null {
  if (!("amount" in payment) || !meaningOf(payment).paid) {
    return `This PortOne payment is ${String(payment.status)}: only a paid payment can be refunded.`
  }
  if (!Number.isInteger(cancelAmount) || cancelAmount <= 0) {
    return `A refund is a positive whole amount, got ${cancelAmount}.`
  }
  const { cancellable } = balanceOf(payment)
  if (cancelAmount > cancellable) {
    return `Cannot refund ${cancelAmount}: only ${cancellable} of this PortOne payment is left to refund.`
  }
  if (payment.method?.type === "PaymentMethodVirtualAccount" && !refundAccount) {
    return "This virtual-account payment is refunded into the shopper's bank account: enter the bank, account number and holder name first, then refund."
  }
  return null
}

/**
 * The cancel request for a refund of `cancelAmount` out of `payment` as
 * PortOne last reported it: the tax-free share always (0 included), and
 * `currentCancellableAmount`, so that a repeat of a refund whose answer was
 * lost is refused by PortOne (409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN)
 * instead of paid twice, even once the Idempotency-Key is forgotten. The key
 * is built from the same facts, so a retry is the same request (a cancel the
 * PG has not finished included); only a cancel the PG refused makes the
 * next one a new request.
 */
export function cancelRequest(
  payment: Cancellable,
  { cancelAmount, reason, refundAccount }: { cancelAmount: number; reason: string; refundAccount?: RefundAccount | null }
): { input: CancelInput; key: string } {
  const { cancellable } = balanceOf(payment)
  const input: CancelInput = {
    reason,
    amount: cancelAmount,
    taxFreeAmount: cancelTaxFree(payment, cancelAmount),
    currentCancellableAmount: cancellable,
    ...(refundAccount && { refundAccount }),
  }
  // A cancel the PG refused moved no money: the next try is a new request, not a replay of the refusal.
  const refused = (("cancellations" in payment ? payment.cancellations : undefined) ?? []).filter((cancellation) => cancellation.status === "FAILED").length
  return { input, key: idempotencyKey("cancel", payment.id, cancellable, cancelAmount, ...(refused ? [refused] : [])) }
}
