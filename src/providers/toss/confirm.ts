import { MedusaError } from "@medusajs/framework/utils"
import type { CallOptions } from "../../toss/client"
import { isTransient, TossApiError } from "../../toss/errors"
import { tossIdempotencyKey } from "../../toss/idempotency-key"
import type { TossPayment } from "../../toss/types"
import { SAVED_CARD_NOT_CHARGED, SavedCardRecord } from "./billing"
import { giveBack, TossAccess } from "./cancel"
import { KEY_ERROR_CODES, meaningOf, OUTCOME_UNKNOWN, TOSS_CURRENCY } from "./const"
import type { TossSessionData } from "./session-data"

/**
 * The longest a confirm may take, retries and the lookup that settles an
 * uncertain outcome included: well inside the two minutes for which Medusa
 * locks the cart while completing it.
 */
export const CONFIRM_BUDGET_MS = 60_000

/** Toss's answers that a request may have gone through before: only a lookup tells. */
const ALREADY_DONE_CODES = new Set(["ALREADY_PROCESSED_PAYMENT", "DUPLICATED_ORDER_ID"])

/** Toss's method names of the payments escrow covers. */
const CASH_METHOD_LABELS = ["계좌이체", "가상계좌"]

const MISMATCH_REASON = "결제 금액 불일치로 자동 취소 (amount or orderId mismatch)"

/** The Toss confirm of the paymentKey the storefront handed over, for the amount the server stored. */
export function confirmPayment(toss: TossAccess, session: TossSessionData): Promise<TossPayment> {
  const paymentKey = session.paymentKey!
  // Stable for this payment: a retry, a second completion or a restarted
  // server replays the first confirm instead of charging again.
  const idempotencyKey = tossIdempotencyKey.confirm(session.orderId, paymentKey)
  return settle(toss, session, "confirm", (options) =>
    toss.client.confirm({ paymentKey, orderId: session.orderId, amount: session.amount }, idempotencyKey, options)
  )
}

/**
 * A charge of the session's saved card, for the amount the server stored.
 * The plugin's workflows lend the provider the customer's card for the
 * call; without it (Medusa's own cart completion, the reconciliation
 * completing a cart), nothing is charged: Toss is only asked whether an
 * earlier charge for this orderId went through.
 */
export async function chargeSavedCard(toss: TossAccess, session: TossSessionData, card: SavedCardRecord | undefined): Promise<TossPayment> {
  if (!card) {
    const earlier = await toss.client.findPayment({ orderId: session.orderId }).catch(() => undefined)
    if (earlier && meaningOf(earlier).confirmed) {
      return verified(toss, session, earlier, false)
    }
    throw declined(
      "저장된 카드로 결제하지 못했어요. The saved card was not charged: a saved-card session is paid through POST /store/toss/billing/complete (or the plugin's authorizeSavedTossCardStep).",
      earlier === undefined ? OUTCOME_UNKNOWN : SAVED_CARD_NOT_CHARGED
    )
  }
  // The session is one attempt (its id is the orderId): a retry replays it.
  const idempotencyKey = tossIdempotencyKey.savedCardCharge(session.orderId)
  return settle(toss, session, "billing charge", (options) =>
    toss.client.chargeBilling(
      card.billingKey,
      {
        customerKey: card.customerKey,
        orderId: session.orderId,
        orderName: session.orderName,
        amount: session.amount,
        ...(session.taxFreeAmount ? { taxFreeAmount: session.taxFreeAmount } : {}),
      },
      idempotencyKey,
      options
    )
  )
}

/** Toss's answer to a confirm or a charge, with every uncertain outcome resolved by asking Toss. */
export async function settle(
  toss: TossAccess,
  session: TossSessionData,
  what: string,
  request: (options: CallOptions) => Promise<TossPayment>
): Promise<TossPayment> {
  const deadline = Date.now() + CONFIRM_BUDGET_MS
  try {
    return await verified(toss, session, await request({ deadline }), true)
  } catch (error) {
    if (!(error instanceof TossApiError)) {
      throw error
    }
    if (KEY_ERROR_CODES.has(error.code)) {
      toss.logger.error(
        `Toss refused this store's secret key (${error.code}): check the \`secretKey\` option of the Toss provider (test_sk_… for the test environment, live_sk_… for live).`
      )
      throw declined("결제 설정에 문제가 있어 결제를 완료할 수 없어요. The store's payment setup has a problem; you have not been charged.", error.code)
    }
    if (!isTransient(error) && !ALREADY_DONE_CODES.has(error.code)) {
      throw declined(error.message, error.code)
    }
    toss.logger.warn(`Toss ${what} for orderId ${session.orderId} ended with ${error.code}; looking the payment up`)
    // undefined: Toss could not be asked either, so the outcome is unknown.
    const payment = await toss.client.findPayment(session, { deadline }).catch(() => undefined)
    if (payment && meaningOf(payment).confirmed) {
      return verified(toss, session, payment, false)
    }
    if (payment?.failure) {
      throw declined(payment.failure.message, payment.failure.code)
    }
    if (payment === undefined || error.code === "IDEMPOTENT_REQUEST_PROCESSING") {
      throw declined(
        "토스페이먼츠의 응답이 늦어 결제를 확인하지 못했어요. 다시 결제하기 전에 잠시 후 주문 내역을 확인해 주세요 (주문 없이 결제된 금액은 자동으로 취소돼요). Toss did not answer in time, so the payment could not be confirmed. Please check your order in a few minutes before paying again: a charge without an order is cancelled automatically.",
        OUTCOME_UNKNOWN
      )
    }
    // Toss answered the lookup: the payment has not gone through (it is
    // still watched, in case Toss finishes it late).
    throw declined(
      "지금은 결제를 확인할 수 없어요. 결제되지 않았으니 잠시 후 다시 시도해 주세요. Toss could not confirm the payment right now and you have not been charged. Please try again in a moment.",
      OUTCOME_UNKNOWN
    )
  }
}

/**
 * Money is only accepted for the orderId and amount the server stored. A
 * payment we confirmed ourselves that does not match is given back in full
 * (the store cannot honour it); one merely looked up is someone else's
 * payment, and is refused without touching it.
 */
export async function verified(toss: TossAccess, session: TossSessionData, payment: TossPayment, confirmedByUs: boolean): Promise<TossPayment> {
  const ours = payment.orderId === session.orderId
  // The window's request comes from the browser: what Toss recorded is checked against what the server decided.
  const asDecided =
    (payment.taxFreeAmount ?? 0) === (session.taxFreeAmount ?? 0) &&
    !(session.useEscrow === true && payment.method !== null && CASH_METHOD_LABELS.includes(payment.method) && !payment.useEscrow)
  if (ours && payment.totalAmount === session.amount && payment.currency === TOSS_CURRENCY && asDecided) {
    return payment
  }
  toss.logger.error(
    `Toss payment ${payment.paymentKey} does not match session ${session.orderId}: orderId ${payment.orderId}, ${payment.totalAmount} ${payment.currency} (tax-free ${payment.taxFreeAmount}, escrow ${payment.useEscrow}) instead of ${session.amount} KRW (tax-free ${session.taxFreeAmount ?? 0}, escrow ${session.useEscrow})`
  )
  if ((ours || confirmedByUs) && meaningOf(payment).holdsMoney) {
    await giveBack(toss, session, payment, MISMATCH_REASON, tossIdempotencyKey.giveBackMismatch(payment.paymentKey))
  }
  throw declined("결제 정보가 주문과 달라 결제를 받지 않았어요. The payment did not match this order and was not accepted. You have not been charged.", "AMOUNT_MISMATCH")
}

/**
 * A payment Toss did not take for this session. This error type reaches
 * the shopper as `{type: "cart", error}` with the message, and leaves the
 * cart open for another attempt.
 */
function declined(message: string, code: string): MedusaError {
  return new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message, code)
}
