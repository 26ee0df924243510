import type { CallOptions, PortOneClient } from "../../portone/client"
import { PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { Payment } from "../../portone/types"
import { balanceOf, cancelRequest } from "./cancel"
import { meaningOf } from "./const"
import { ExpectedPayment, paymentMismatches } from "./payment-check"

/** The reason PortOne records on a payment given back because it did not match its session. */
export const MISMATCH_REASON = "결제 정보가 주문과 일치하지 않아 자동 취소 (the payment did not match the order)"

export type Settlement =
  /** PortOne holds the money, as the session expected: Medusa captures it. */
  | { outcome: "paid"; payment: Payment }
  /** A virtual account, as expected, waiting for its deposit. */
  | { outcome: "waiting-for-deposit"; payment: Payment }
  /** The window has not finished (or the PG has not decided): ask again later. */
  | { outcome: "pending"; payment: Payment | null }
  | { outcome: "failed"; payment: Payment; reason: string }
  /** Cancelled at PortOne already (e.g. in its console). */
  | { outcome: "cancelled"; payment: Payment }
  /**
   * PortOne's payment differs from the session: given back in full (or its
   * account closed). `givenBack` false: PortOne did not confirm that yet,
   * and the payment stays watched.
   */
  | { outcome: "mismatch"; payment: Payment; mismatches: string[]; givenBack: boolean }
  /** PortOne could not be asked: nothing is decided, and the payment stays watched. */
  | { outcome: "unknown"; error: PortOneApiError }
  /** A manual confirm PortOne refused for certain (another amount, a forged token): nothing was approved. */
  | { outcome: "refused"; type: string; message: string }

/** What the window handed back on a manual-confirm (수동 승인) channel. */
export interface WindowApproval {
  paymentToken: string
  txId?: string
}

/**
 * Settles a session by asking PortOne, never the browser: the PortOne
 * twin of the Toss confirm. Only PortOne's own answer counts, compared with
 * what the store stored; a payment that does not match is given back in
 * full at once, with a key built from its balance, so a repeat of this
 * call gives it back once. `answer`: PortOne's answer about this payment,
 * just given to the workflow that holds the payment's lock (the sync's
 * capture), used instead of asking again.
 */
export async function settlePayment(
  client: Pick<PortOneClient, "findPayment" | "cancelPayment" | "closeVirtualAccount" | "confirmPayment">,
  expected: ExpectedPayment,
  options: CallOptions & { approval?: WindowApproval; answer?: Payment } = {}
): Promise<Settlement> {
  if (options.approval) {
    const refused = await confirm(client, expected, options.approval, options)
    if (refused) {
      return refused
    }
  }
  let payment: Payment | null
  try {
    payment = options.answer && "id" in options.answer && options.answer.id === expected.paymentId ? options.answer : await client.findPayment(expected.paymentId, options)
  } catch (error) {
    if (error instanceof PortOneApiError) {
      return { outcome: "unknown", error }
    }
    throw error
  }
  if (!payment) {
    return { outcome: "pending", payment: null }
  }
  const meaning = meaningOf(payment)
  const mismatches = paymentMismatches(payment, expected)
  if (mismatches.length > 0 && meaning.holdsMoney && "amount" in payment) {
    return { outcome: "mismatch", payment, mismatches, givenBack: await giveBack(client, payment) }
  }
  if (mismatches.length > 0 && meaning.confirmed) {
    return { outcome: "mismatch", payment, mismatches, givenBack: meaning.final }
  }
  switch (payment.status) {
    case "PAID":
    case "PARTIAL_CANCELLED":
      return { outcome: "paid", payment }
    case "VIRTUAL_ACCOUNT_ISSUED":
      return { outcome: "waiting-for-deposit", payment }
    case "FAILED":
      return { outcome: "failed", payment, reason: payment.failure.reason ?? payment.failure.pgMessage ?? "The payment failed." }
    case "CANCELLED":
      return { outcome: "cancelled", payment }
    default:
      return { outcome: "pending", payment }
  }
}

/**
 * Manual confirm: PortOne approves only if the window's payment has the
 * stored amount, tax-free share and currency. Returns the refusal when
 * PortOne refused for certain; anything else (approved, already approved,
 * no answer) is settled by the lookup that follows.
 */
async function confirm(
  client: Pick<PortOneClient, "confirmPayment">,
  expected: ExpectedPayment,
  { paymentToken, txId }: WindowApproval,
  options: CallOptions
): Promise<Extract<Settlement, { outcome: "refused" }> | null> {
  try {
    await client.confirmPayment(
      expected.paymentId,
      {
        paymentToken,
        ...(txId && { txId }),
        totalAmount: expected.amount,
        taxFreeAmount: expected.taxFreeAmount ?? 0,
        currency: expected.currency,
      },
      idempotencyKey("confirm", expected.paymentId, txId ?? paymentToken),
      options
    )
    return null
  } catch (error) {
    if (!(error instanceof PortOneApiError)) {
      throw error
    }
    return error.type === "INFORMATION_MISMATCH" || error.type === "INVALID_PAYMENT_TOKEN" || error.type === "PG_PROVIDER"
      ? { outcome: "refused", type: error.type, message: error.pg.pgMessage ?? error.message }
      : null
  }
}

/** Cancels what is left of a paid payment, or closes an unpaid virtual account; true once PortOne confirms it. */
async function giveBack(
  client: Pick<PortOneClient, "cancelPayment" | "closeVirtualAccount">,
  payment: Extract<Payment, { amount: unknown }>
): Promise<boolean> {
  try {
    if (payment.status === "VIRTUAL_ACCOUNT_ISSUED") {
      await client.closeVirtualAccount(payment.id, idempotencyKey("close-mismatch", payment.id))
      return true
    }
    const { cancellable } = balanceOf(payment)
    const { input, key } = cancelRequest(payment, { cancelAmount: cancellable, reason: MISMATCH_REASON })
    const { cancellation } = await client.cancelPayment(payment.id, input, key)
    return cancellation.status === "SUCCEEDED"
  } catch (error) {
    if (error instanceof PortOneApiError) {
      return false
    }
    throw error
  }
}
