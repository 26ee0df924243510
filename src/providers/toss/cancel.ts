import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { reportToOperator } from "../../lib/report-to-operator"
import type { TossClient } from "../../toss/client"
import { isTransient, TossApiError } from "../../toss/errors"
import { tossIdempotencyKey } from "../../toss/idempotency-key"
import { kstMonth } from "../../toss/time"
import type { CancelRequest, TossCancel, TossPayment } from "../../toss/types"
import type { TossRefundContext } from "./call-context"
import { GIVE_BACK_REASON, meaningOf } from "./const"
import { TossSessionData, withPayment } from "./session-data"

/** What the provider's Toss work goes through: the client of the session's integration, and the store's logger. */
export interface TossAccess {
  client: TossClient
  logger: Logger
}

const DEFAULT_REFUND_REASON = "구매자 요청 환불"
const DAY_MS = 24 * 3600_000
/** Toss refunds a transfer within 180 days of the payment. */
const TRANSFER_REFUND_DAYS = 180

/**
 * A Medusa refund of `cancelAmount` as a Toss cancel of `payment` (as Toss
 * showed it just now), or, when the call context names it, the recording
 * of a cancel Toss already made. Refused before Toss is asked when Toss has
 * cancels Medusa has not recorded (refunding blind could pay the shopper
 * twice), when nothing is paid or left, and by Toss's rules per method.
 */
export async function refund(
  toss: TossAccess,
  session: TossSessionData,
  payment: TossPayment,
  { cancelAmount, given = {}, medusaKey }: { cancelAmount: number; given?: TossRefundContext; medusaKey?: string }
): Promise<TossSessionData> {
  const unrecorded = unrecordedCancels(session, payment)
  if (given.recordCancels) {
    // Recording a cancel Toss already made: write it down, cancel nothing.
    const index = given.recordCancels.findIndex(
      (cancel) => cancel.cancelAmount === cancelAmount && unrecorded.some((made) => made.transactionKey === cancel.transactionKey)
    )
    if (index < 0) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Toss shows no unrecorded cancel of ${cancelAmount} KRW on payment ${payment.paymentKey}.`)
    }
    const [recorded] = given.recordCancels.splice(index, 1)
    return withPayment(recordCancel(session, recorded.transactionKey), payment)
  }
  if (unrecorded.length) {
    // A cancel made outside this refund that Medusa has not written down
    // yet (the Toss dashboard, a refund whose answer was lost).
    const total = unrecorded.reduce((sum, cancel) => sum + cancel.cancelAmount, 0)
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Toss already shows ${formatWon(total)} KRW refunded on this payment that Medusa has not recorded yet (${unrecorded.map((cancel) => `${formatWon(cancel.cancelAmount)} KRW at ${cancel.canceledAt}`).join(", ")}). It is recorded as a refund within minutes; refund again afterwards only if more is due.`
    )
  }
  if (!meaningOf(payment).paid) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss shows this payment as ${payment.status}: there is no money to refund.`)
  }
  if (cancelAmount > payment.balanceAmount) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Cannot refund ${formatWon(cancelAmount)} KRW: only ${formatWon(payment.balanceAmount)} KRW of this Toss payment is left to refund.`
    )
  }
  const refusal = refundRefusal(payment, cancelAmount, new Date())
  if (refusal) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
  }
  // A deposited virtual account has no card to refund to: Toss pays the
  // shopper's bank account, which the operator enters in the admin (or the
  // payment widget collected from the shopper).
  const deposited = Boolean(payment.virtualAccount)
  const widgetAccount = payment.virtualAccount?.refundReceiveAccount
  const refundReceiveAccount =
    given.refundReceiveAccount ??
    (widgetAccount ? { bank: widgetAccount.bankCode, accountNumber: widgetAccount.accountNumber, holderName: widgetAccount.holderName } : null)
  if (deposited && !refundReceiveAccount) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This virtual-account payment is refunded into the shopper's bank account: enter the bank, account number and holder name in the order's Toss panel first, then refund from the order page."
    )
  }
  return cancelAndRecord(toss, session, payment, {
    cancelReason: given.cancelReason || DEFAULT_REFUND_REASON,
    cancelAmount,
    refundReceiveAccount: deposited ? refundReceiveAccount! : undefined,
    idempotencyKey: medusaKey ?? tossIdempotencyKey.refund(payment.paymentKey, payment.balanceAmount, cancelAmount),
  })
}

/** The amount Medusa asks to refund, as Toss takes it; refused for a payment Toss never confirmed. */
export function refundAmount(session: TossSessionData, amount: number): number {
  if (!session.paymentKey || !session.payment) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment was never confirmed by Toss, so there is nothing to refund.")
  }
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `A Toss refund must be a positive whole number of won, got ${amount}.`)
  }
  return amount
}

/**
 * Medusa cancelling a payment it cannot keep: the order could not be
 * created after the confirm, or an unpaid virtual account is dropped. Toss
 * has no separate void, so this gives back all of it; when Toss does not
 * confirm, this throws, so that Medusa keeps the payment uncancelled and it
 * is not lost.
 */
export async function giveBackOrThrow(toss: TossAccess, session: TossSessionData, payment: TossPayment, medusaKey?: string): Promise<TossSessionData> {
  try {
    return await cancelAndRecord(toss, session, payment, {
      cancelReason: "주문을 완료하지 못해 결제를 취소합니다 (order could not be completed)",
      idempotencyKey: medusaKey ?? tossIdempotencyKey.cancel(payment.paymentKey),
    })
  } catch (error) {
    reportToOperator(toss.logger, {
      orderId: session.orderId,
      paymentKey: payment.paymentKey,
      message: `Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order and could not be cancelled: ${(error as Error).message}. Cancel it in the Toss dashboard.`,
    })
    throw error
  }
}

/**
 * Gives back whatever Toss took for a session the shopper replaced: usually
 * nothing, but a confirm whose answer was lost may have gone through, and
 * no order can come from a replaced session. Null when nothing was given
 * back, also when Toss could not be asked: the hand-off tracked the
 * payment, and the reconciliation gives it back.
 */
export async function giveBackReplaced(toss: TossAccess, session: TossSessionData): Promise<TossSessionData | null> {
  let payment: TossPayment | null
  try {
    payment = await toss.client.findPayment(session)
  } catch (error) {
    toss.logger.warn(`Toss could not be asked about the replaced session ${session.orderId}; the reconciliation job will: ${(error as Error).message}`)
    return null
  }
  if (payment?.orderId !== session.orderId || !meaningOf(payment).holdsMoney) {
    return null
  }
  toss.logger.warn(`Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order: its session was replaced. Cancelling it at Toss.`)
  return giveBack(toss, session, payment, GIVE_BACK_REASON, tossIdempotencyKey.giveBackReplaced(payment.paymentKey))
}

/**
 * Gives back all of a payment no order can come from. A cancel Toss
 * refuses (or that cannot be confirmed) is not the shopper's problem: the
 * payment stays tracked, the reconciliation job gives it back on its next
 * look, and the operator is told. Null when nothing was given back.
 */
export async function giveBack(
  toss: TossAccess,
  session: TossSessionData,
  payment: TossPayment,
  cancelReason: string,
  idempotencyKey: string
): Promise<TossSessionData | null> {
  try {
    return await cancelAndRecord(toss, session, payment, { cancelReason, idempotencyKey })
  } catch (error) {
    reportToOperator(toss.logger, {
      orderId: session.orderId,
      paymentKey: payment.paymentKey,
      message: `Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order and could not be given back yet: ${(error as Error).message}. The reconciliation job tries again every few minutes; if this repeats, cancel it in the Toss dashboard.`,
    })
    return null
  }
}

/**
 * A Toss cancel of `payment` (as Toss showed it just now), with its
 * tax-free share; the returned session data remembers the cancel as
 * recorded. When the answer is lost, Toss is asked what it did: a cancel it
 * made is recorded once, and only a cancel Toss really refused is reported
 * as refused.
 */
export async function cancelAndRecord(
  toss: TossAccess,
  session: TossSessionData,
  payment: TossPayment,
  { idempotencyKey, cancelAmount: asked, ...given }: Omit<CancelRequest, "taxFreeAmount"> & { idempotencyKey: string }
): Promise<TossSessionData> {
  const request: CancelRequest = { ...given, ...cancelShare(payment, asked) }
  const cancelAmount = request.cancelAmount!
  const known = new Set([...session.refundTransactionKeys, ...(payment.cancels ?? []).map((cancel) => cancel.transactionKey)])
  const madeNow = (after: TossPayment) =>
    (after.cancels ?? []).filter((cancel) => !known.has(cancel.transactionKey) && cancel.cancelAmount === cancelAmount).pop()
  let refusal: TossApiError
  try {
    // Toss's paymentKey, not the session's: a saved card's session has none until Toss's answer arrives.
    const canceled = await toss.client.cancel(payment.paymentKey, request, idempotencyKey)
    const made = madeNow(canceled)
    return withPayment(made ? recordCancel(session, made.transactionKey) : session, canceled)
  } catch (error) {
    if (!(error instanceof TossApiError)) {
      throw error
    }
    refusal = error
  }
  const uncertain = isTransient(refusal) || refusal.code === "ALREADY_CANCELED_PAYMENT"
  if (!uncertain) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss refused the cancel: ${refusal.message} (${refusal.code})`)
  }
  toss.logger.warn(`Toss cancel of ${payment.paymentKey} ended with ${refusal.code}; looking the payment up`)
  // By orderId: whatever Toss did for this order, asked as a lookup of its own.
  const after = await toss.client.findPayment({ orderId: session.orderId }).catch(() => null)
  const made = after && madeNow(after)
  if (made) {
    return withPayment(recordCancel(session, made.transactionKey), after)
  }
  if (!after || isTransient(refusal)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Toss did not answer (${refusal.code}), so nothing was recorded. If Toss made the refund anyway, it appears here as a refund within minutes (the plugin checks with Toss); look at the refunds before trying again.`
    )
  }
  throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss refused the cancel: ${refusal.message} (${refusal.code})`)
}

/**
 * Why Toss would refuse this refund, by its rules per method, said before
 * Toss is asked (toss-api.md §2); null when Toss would take it.
 */
export function refundRefusal(payment: TossPayment, cancelAmount: number, now: Date): string | null {
  const partial = cancelAmount < payment.balanceAmount
  if (partial && payment.useEscrow) {
    return `Toss does not refund part of an escrow (에스크로) payment: refund all ${formatWon(payment.balanceAmount)} KRW, or refund the rest outside Toss.`
  }
  if (partial && payment.card && payment.taxExemptionAmount > 0) {
    return `Toss does not refund part of a card payment with a tax-exempt amount (과세 제외): refund all ${formatWon(payment.balanceAmount)} KRW.`
  }
  if (partial && !payment.isPartialCancelable) {
    return `Toss does not allow a partial refund of this payment; refund the whole ${formatWon(payment.balanceAmount)} KRW, or refund the shopper outside Toss.`
  }
  const approvedAt = payment.approvedAt ? new Date(payment.approvedAt) : null
  if (payment.mobilePhone && approvedAt && kstMonth(approvedAt) !== kstMonth(now)) {
    return `A mobile-phone payment can only be refunded in the month it was paid (${kstMonth(approvedAt)}, Korean time): refund the shopper outside Toss, e.g. by bank transfer.`
  }
  if (payment.transfer && approvedAt && now.getTime() - approvedAt.getTime() > TRANSFER_REFUND_DAYS * DAY_MS) {
    return `Toss refunds a bank transfer only within ${TRANSFER_REFUND_DAYS} days of the payment: refund the shopper outside Toss.`
  }
  return null
}

/** Toss's cancels of `payment` that the session data does not list as recorded. */
export function unrecordedCancels(session: TossSessionData, payment: TossPayment): TossCancel[] {
  const recorded = new Set(session.refundTransactionKeys)
  return (payment.cancels ?? []).filter((cancel) => !recorded.has(cancel.transactionKey))
}

/**
 * The tax-free part of a cancel: in proportion to what is left, rounded so
 * that the tax-free amount left never exceeds the balance left; the last
 * cancel takes all that is left (Toss's rule for each cancel's
 * `taxFreeAmount`). A Payment's `taxFreeAmount` is the tax split of what is
 * left after its cancels.
 */
export function cancelTaxFree(payment: Pick<TossPayment, "taxFreeAmount" | "balanceAmount">, cancelAmount: number): number {
  const taxFreeLeft = payment.taxFreeAmount
  if (taxFreeLeft === 0) {
    return 0
  }
  if (cancelAmount >= payment.balanceAmount) {
    return taxFreeLeft
  }
  const proportional = Math.round((cancelAmount * taxFreeLeft) / payment.balanceAmount)
  const atLeast = Math.max(taxFreeLeft - (payment.balanceAmount - cancelAmount), 0)
  return Math.min(Math.max(proportional, atLeast), cancelAmount, taxFreeLeft)
}

/**
 * What every cancel the plugin sends names, refunds and give-backs alike:
 * its amount (all that is left unless given) and its tax-free share by the
 * rule above. Toss reads a missing `taxFreeAmount` as 0, which books a
 * tax-free refund as taxed, or is refused when tax-free money would be left
 * over a smaller balance.
 */
export function cancelShare(
  payment: Pick<TossPayment, "taxFreeAmount" | "balanceAmount">,
  cancelAmount: number = payment.balanceAmount
): { cancelAmount: number; taxFreeAmount: number } {
  return { cancelAmount, taxFreeAmount: cancelTaxFree(payment, cancelAmount) }
}

function recordCancel(session: TossSessionData, transactionKey: string): TossSessionData {
  return { ...session, refundTransactionKeys: [...session.refundTransactionKeys, transactionKey] }
}

function formatWon(amount: number): string {
  return amount.toLocaleString("en-US")
}
