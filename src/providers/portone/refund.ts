import { MedusaError } from "@medusajs/framework/utils"
import type { PortOneClient } from "../../portone/client"
import { isTransient, PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { CancelPaymentResponse, Payment, PaymentCancellation } from "../../portone/types"
import { balanceOf, cancelRequest, RefundAccount, refundRefusal } from "./cancel"

/** PortOne's cancel reason when a payment can have no order and is given back. */
export const GIVE_BACK_REASON = "주문이 만들어지지 않아 자동 취소 (no order was created for this payment)"
/** The cancel reason of a refund the operator gave none for. */
export const REFUND_REASON = "환불 (refund)"

type Client = Pick<PortOneClient, "cancelPayment" | "closeVirtualAccount" | "findPayment">
type Cancellable = Extract<Payment, { amount: unknown }>

/**
 * A refund of `cancelAmount`: refused before asking PortOne when PortOne
 * would refuse it, then one cancel with the tax-free share and the balance
 * it was read with. When PortOne's answer is lost even after the client's
 * retries (same Idempotency-Key), PortOne is asked whether the balance
 * dropped by this refund, so a refund that went through is not reported as
 * failed (and then made again). Returns the payment as PortOne has it after.
 */
export async function refund(
  client: Client,
  payment: Payment,
  cancelAmount: number,
  given: { reason?: string | null; refundAccount?: RefundAccount | null } = {}
): Promise<Payment> {
  const refusal = refundRefusal(payment, cancelAmount, given.refundAccount)
  if (refusal) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
  }
  const paid = payment as Cancellable
  const { input, key } = cancelRequest(paid, { cancelAmount, reason: given.reason?.trim() || REFUND_REASON, refundAccount: given.refundAccount })
  return cancelOnce(client, paid, input.amount!, () => client.cancelPayment(paid.id, input, key))
}

/**
 * Everything PortOne holds for a payment that can have no order: what is
 * left of a paid one is cancelled, an unpaid virtual account is closed.
 */
export async function giveBack(client: Client, payment: Payment): Promise<Payment> {
  if (!("amount" in payment)) {
    return payment
  }
  if (payment.status === "VIRTUAL_ACCOUNT_ISSUED") {
    try {
      await client.closeVirtualAccount(payment.id, idempotencyKey("close", payment.id))
    } catch (error) {
      throw notConfirmed(error, "the virtual account could not be closed")
    }
    return (await client.findPayment(payment.id)) ?? payment
  }
  const { cancellable } = balanceOf(payment)
  const { input, key } = cancelRequest(payment, { cancelAmount: cancellable, reason: GIVE_BACK_REASON })
  return cancelOnce(client, payment, cancellable, () => client.cancelPayment(payment.id, input, key))
}

async function cancelOnce(client: Client, payment: Cancellable, cancelAmount: number, cancel: () => Promise<CancelPaymentResponse>): Promise<Payment> {
  const before = balanceOf(payment).cancellable
  let answer: CancelPaymentResponse
  try {
    answer = await cancel()
  } catch (error) {
    if (!(error instanceof PortOneApiError)) {
      throw error
    }
    if (error.type === "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "The payment changed at PortOne since it was read (another refund or cancel), so nothing was refunded now. Reload the payment and try again."
      )
    }
    if (!isTransient(error)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `PortOne refused the refund (${error.type}): ${error.pg.pgMessage ?? error.message}`)
    }
    const after = await client.findPayment(payment.id).catch(() => null)
    if (!after || !("amount" in after) || balanceOf(after).cancellable !== before - cancelAmount) {
      throw notConfirmed(error, "PortOne did not confirm the refund")
    }
    return after
  }
  unlessSucceeded(answer.cancellation)
  // The refund is made: a failed lookup now must not report it as failed (and have it made again).
  return (await client.findPayment(payment.id).catch(() => null)) ?? cancelled(payment, answer.cancellation)
}

/**
 * PortOne answers a cancel with the PG's outcome: only SUCCEEDED returned
 * money. FAILED: the PG refused it, nothing was refunded. REQUESTED: the PG
 * has not finished it, so it is not counted yet; once PortOne shows it
 * SUCCEEDED, the sync records it (the payment's webhook, its events).
 */
function unlessSucceeded(cancellation: PaymentCancellation): void {
  if (cancellation.status === "SUCCEEDED") {
    return
  }
  if (cancellation.status === "FAILED") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The payment company refused the cancel at PortOne, so nothing was refunded${"reason" in cancellation && cancellation.reason ? ` (${cancellation.reason})` : ""}. Check the payment in PortOne's console before trying again.`
    )
  }
  throw new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    "PortOne took the cancel, but the payment company has not confirmed it yet, so it is not counted as refunded; it is recorded once PortOne confirms it. Do not refund again meanwhile."
  )
}

/** The payment as the cancel's answer leaves it, when PortOne cannot be asked right after. */
function cancelled(payment: Cancellable, cancellation: PaymentCancellation): Payment {
  const taxFree = "taxFreeAmount" in cancellation ? cancellation.taxFreeAmount : 0
  const total = "totalAmount" in cancellation ? cancellation.totalAmount : 0
  const amount = { ...payment.amount, cancelled: payment.amount.cancelled + total, cancelledTaxFree: payment.amount.cancelledTaxFree + taxFree }
  return { ...payment, amount, status: amount.cancelled >= amount.paid ? "CANCELLED" : "PARTIAL_CANCELLED" } as Payment
}

function notConfirmed(error: unknown, what: string): MedusaError {
  const type = error instanceof PortOneApiError ? error.type : "error"
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `${what} (${type}); check the payment at PortOne before trying again.`
  )
}
