/**
 * A store with a past, written straight into the database (SQL, seconds for
 * 100,000 payments) rather than through checkouts:
 *
 * - past Toss payments, one payment collection and session each, mixed as a
 *   shop's are (see HISTORY_MIX): captured card and virtual-account payments
 *   (payment + capture), refunded ones (+ refund + the plugin's recorded
 *   cancel), expired virtual accounts, declined and abandoned sessions; the
 *   plugin's `toss_tracked_payment` row of each handed-off one settled
 *   (`next_check_at` null), as the hand-off and the sync leave them;
 * - virtual accounts waiting for their deposit: real payments at the
 *   sandbox (so a lookup answers), each with its session as the provider
 *   stores it and a tracked row due for a look.
 *
 * Only the payment module's tables and the plugin's are filled: carts and
 * orders are read by id alone on the paths measured here.
 */
import type { Client } from "pg"
import type { TossSandbox } from "../sandbox"
import { withPayment, type TossSessionData } from "../src/providers/toss/session-data"
import type { TossPayment } from "../src/toss/types"
import { TOSS_PROVIDER_ID } from "./shop"

const AMOUNT = 18_000
const MIX_SLOTS = 20
/**
 * Out of every 20 past payments (by row number modulo 20): 12 card payments
 * captured, 2 refunded in full, 2 virtual accounts paid, 1 virtual account
 * expired unpaid, 1 declined at the confirm, 2 sessions abandoned before
 * Toss (never handed off, so never tracked).
 */
const HISTORY_MIX = { capturedCard: [0, 12], refundedCard: [12, 14], paidVirtualAccount: [14, 16], expiredVirtualAccount: [16, 17], declined: [17, 18], abandoned: [18, 20] }

export interface HistoryCounts {
  paymentSessions: number
  payments: number
  trackedPayments: number
  /** Tracked payments due for a look now. */
  due: number
  /** Tracked payments not settled (`next_check_at` set). */
  unsettled: number
}

/** The session data a payment window's checkout leaves, before Toss's answer. */
function sessionData(orderId: string, clientKey: string, method: "CARD" | "VIRTUAL_ACCOUNT"): TossSessionData {
  return {
    orderId,
    orderName: "주문 결제",
    amount: AMOUNT,
    currency: "KRW",
    integration: "payment",
    method,
    validHours: null,
    clientKey,
    paymentKey: null,
    status: null,
    payment: null,
    refundTransactionKeys: [],
  }
}

/**
 * Past payments `from + 1` … `to` (row numbers), created one a few minutes
 * apart going back from now. Their session data is what the provider stored
 * for a real sandbox payment of the same kind (`templates`), with each
 * row's ids put in.
 */
export async function insertPastPayments(
  db: Client,
  { from, to, templates }: { from: number; to: number; templates: Record<"card" | "virtualAccount", TossSessionData> }
): Promise<void> {
  if (to <= from) return
  const slot = (name: keyof typeof HISTORY_MIX) => `(g % ${MIX_SLOTS}) >= ${HISTORY_MIX[name][0]} AND (g % ${MIX_SLOTS}) < ${HISTORY_MIX[name][1]}`
  const handedOff = `NOT (${slot("abandoned")})`
  const withPayment = `(${slot("capturedCard")} OR ${slot("refundedCard")} OR ${slot("paidVirtualAccount")})`
  const rows = `FROM generate_series(${from + 1}, ${to}) AS g`
  const id = (prefix: string) => `'${prefix}' || lpad(g::text, 9, '0')`
  const createdAt = `now() - (${to} - g + 60) * interval '3 minutes'`
  const raw = `jsonb_build_object('value', '${AMOUNT}', 'precision', 20)`
  const tossStatus = `CASE WHEN ${slot("refundedCard")} THEN 'CANCELED' WHEN ${slot("expiredVirtualAccount")} THEN 'WAITING_FOR_DEPOSIT'
      WHEN ${slot("declined")} OR ${slot("abandoned")} THEN NULL ELSE 'DONE' END`
  // Session data: the template of its kind with this row's ids and status; no Toss view before Toss answered.
  const view = `jsonb_set(jsonb_set(jsonb_set(t->'payment', '{orderId}', to_jsonb(${id("payses_H")})), '{paymentKey}', to_jsonb(${id("thist_")})),
      '{status}', coalesce(to_jsonb(${tossStatus}), 'null'::jsonb))`
  const data = `(SELECT t || jsonb_build_object('orderId', ${id("payses_H")},
      'paymentKey', CASE WHEN ${slot("abandoned")} THEN NULL ELSE ${id("thist_")} END, 'status', ${tossStatus},
      'payment', CASE WHEN ${slot("declined")} OR ${slot("abandoned")} THEN 'null'::jsonb ELSE ${view} END)
      FROM (SELECT CASE WHEN ${slot("paidVirtualAccount")} OR ${slot("expiredVirtualAccount")} THEN $2::jsonb ELSE $1::jsonb END AS t) AS template)`
  const params = [JSON.stringify(templates.card), JSON.stringify(templates.virtualAccount)]

  await db.query("BEGIN")
  try {
    await db.query(
      `INSERT INTO payment_collection (id, currency_code, amount, raw_amount, authorized_amount, raw_authorized_amount,
         captured_amount, raw_captured_amount, refunded_amount, raw_refunded_amount, status, completed_at, created_at, updated_at)
       SELECT ${id("pay_col_H")}, 'krw', ${AMOUNT}, ${raw},
         CASE WHEN ${withPayment} THEN ${AMOUNT} ELSE 0 END, ${raw}, CASE WHEN ${withPayment} THEN ${AMOUNT} ELSE 0 END, ${raw},
         CASE WHEN ${slot("refundedCard")} THEN ${AMOUNT} ELSE 0 END, ${raw},
         CASE WHEN ${withPayment} THEN 'completed' WHEN ${slot("expiredVirtualAccount")} THEN 'canceled' ELSE 'not_paid' END,
         CASE WHEN ${withPayment} THEN ${createdAt} END, ${createdAt}, ${createdAt}
       ${rows}`
    )
    await db.query(
      `INSERT INTO payment_session (id, currency_code, amount, raw_amount, provider_id, data, context, status, authorized_at,
         payment_collection_id, created_at, updated_at)
       SELECT ${id("payses_H")}, 'krw', ${AMOUNT}, ${raw}, '${TOSS_PROVIDER_ID}', ${data}, '{}'::jsonb,
         CASE WHEN ${withPayment} THEN 'authorized' WHEN ${slot("expiredVirtualAccount")} THEN 'canceled'
              WHEN ${slot("declined")} THEN 'error' ELSE 'pending' END,
         CASE WHEN ${withPayment} THEN ${createdAt} END, ${id("pay_col_H")}, ${createdAt}, ${createdAt}
       ${rows}`,
      params
    )
    await db.query(
      `INSERT INTO payment (id, amount, raw_amount, currency_code, provider_id, data, captured_at, payment_collection_id,
         payment_session_id, created_at, updated_at)
       SELECT ${id("pay_H")}, ${AMOUNT}, ${raw}, 'krw', '${TOSS_PROVIDER_ID}', ${data}, ${createdAt}, ${id("pay_col_H")},
         ${id("payses_H")}, ${createdAt}, ${createdAt}
       ${rows} WHERE ${withPayment}`,
      params
    )
    await db.query(
      `INSERT INTO capture (id, amount, raw_amount, payment_id, created_at, updated_at)
       SELECT ${id("capt_H")}, ${AMOUNT}, ${raw}, ${id("pay_H")}, ${createdAt}, ${createdAt} ${rows} WHERE ${withPayment}`
    )
    await db.query(
      `INSERT INTO refund (id, amount, raw_amount, payment_id, note, created_at, updated_at)
       SELECT ${id("ref_H")}, ${AMOUNT}, ${raw}, ${id("pay_H")}, '구매자 요청 환불', ${createdAt}, ${createdAt} ${rows} WHERE ${slot("refundedCard")}`
    )
    await db.query(
      `INSERT INTO toss_recorded_cancel (id, transaction_key, payment_key, payment_session_id, amount, created_at, updated_at)
       SELECT ${id("tosscxl_H")}, ${id("TXCANCEL")}, ${id("thist_")}, ${id("payses_H")}, ${AMOUNT}, ${createdAt}, ${createdAt}
       ${rows} WHERE ${slot("refundedCard")}`
    )
    await db.query(
      `INSERT INTO toss_tracked_payment (id, payment_session_id, payment_key, integration, cart_id, status, last_transaction_key, due_at,
         next_check_at, last_checked_at, created_at, updated_at)
       SELECT ${id("tosspay_H")}, ${id("payses_H")}, ${id("thist_")}, 'payment', ${id("cart_H")}, ${tossStatus},
         CASE WHEN ${slot("refundedCard")} THEN ${id("TXCANCEL")} WHEN ${slot("declined")} THEN NULL ELSE ${id("TXAPPROVE")} END,
         CASE WHEN ${slot("paidVirtualAccount")} OR ${slot("expiredVirtualAccount")} THEN ${createdAt} + interval '7 days' END,
         NULL, ${createdAt}, ${createdAt}, ${createdAt}
       ${rows} WHERE ${handedOff}`
    )
    await db.query("COMMIT")
  } catch (error) {
    await db.query("ROLLBACK")
    throw error
  }
  // Statistics as a store that grew over time would have them.
  await db.query("ANALYZE payment_collection, payment_session, payment, capture, refund, toss_recorded_cancel, toss_tracked_payment")
}

/**
 * `count` virtual accounts waiting for their deposit: issued at the sandbox
 * (its ledger lists each issue, its lookup answers WAITING_FOR_DEPOSIT),
 * each with a payment collection, a session holding what the provider
 * stored after the confirm, and a tracked row as the hand-off left it.
 * Returns their orderIds (session ids).
 */
export async function insertWaitingVirtualAccounts(db: Client, sandbox: TossSandbox, count: number): Promise<string[]> {
  const clientKey = sandbox.merchants[0].clientKey
  const rows = Array.from({ length: count }, (_, index) => {
    const orderId = `payses_W${String(index + 1).padStart(9, "0")}`
    const payment = sandbox.authenticateAndConfirm({ orderId, amount: AMOUNT, method: "VIRTUAL_ACCOUNT", customerName: "홍길동", clientKey })
    const data = withPayment(sessionData(orderId, clientKey, "VIRTUAL_ACCOUNT"), payment as unknown as TossPayment)
    return {
      order_id: orderId,
      collection_id: `pay_col_W${String(index + 1).padStart(9, "0")}`,
      tracked_id: `tosspay_W${String(index + 1).padStart(9, "0")}`,
      payment_key: payment.paymentKey,
      last_transaction_key: payment.lastTransactionKey,
      due_at: payment.virtualAccount!.dueDate,
      data,
    }
  })
  const recordset = `jsonb_to_recordset($1::jsonb) AS r(order_id text, collection_id text, tracked_id text, payment_key text,
    last_transaction_key text, due_at timestamptz, data jsonb)`
  const raw = `jsonb_build_object('value', '${AMOUNT}', 'precision', 20)`
  const json = JSON.stringify(rows)
  await db.query("BEGIN")
  try {
    await db.query(
      `INSERT INTO payment_collection (id, currency_code, amount, raw_amount, status)
       SELECT collection_id, 'krw', ${AMOUNT}, ${raw}, 'awaiting' FROM ${recordset}`,
      [json]
    )
    await db.query(
      `INSERT INTO payment_session (id, currency_code, amount, raw_amount, provider_id, data, context, status, payment_collection_id)
       SELECT order_id, 'krw', ${AMOUNT}, ${raw}, '${TOSS_PROVIDER_ID}', data, '{}'::jsonb, 'pending_authorization', collection_id
       FROM ${recordset}`,
      [json]
    )
    await db.query(
      `INSERT INTO toss_tracked_payment (id, payment_session_id, payment_key, integration, status, last_transaction_key, due_at,
         next_check_at, last_checked_at)
       SELECT tracked_id, order_id, payment_key, 'payment', 'WAITING_FOR_DEPOSIT', last_transaction_key, due_at,
         now(), now() - interval '1 day' FROM ${recordset}`,
      [json]
    )
    await db.query("COMMIT")
  } catch (error) {
    await db.query("ROLLBACK")
    throw error
  }
  return rows.map((row) => row.order_id)
}

/** All of them due again, the longest overdue first as the days they were last looked at. */
export async function makeDue(db: Client, orderIds: string[]): Promise<void> {
  await db.query(
    `UPDATE toss_tracked_payment SET next_check_at = now() - (row_number * interval '1 second'), ledger_changed_at = NULL
       FROM (SELECT order_id AS due_id, row_number() OVER (ORDER BY order_id) FROM unnest($1::text[]) AS order_id) AS due
      WHERE payment_session_id = due.due_id`,
    [orderIds]
  )
}

export async function historyCounts(db: Client): Promise<HistoryCounts> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM payment_session WHERE provider_id = $1)::int AS "paymentSessions",
            (SELECT count(*) FROM payment WHERE provider_id = $1)::int AS payments,
            (SELECT count(*) FROM toss_tracked_payment)::int AS "trackedPayments",
            (SELECT count(*) FROM toss_tracked_payment WHERE next_check_at <= now())::int AS due,
            (SELECT count(*) FROM toss_tracked_payment WHERE next_check_at IS NOT NULL)::int AS unsettled`,
    [TOSS_PROVIDER_ID]
  )
  return rows[0]
}

/**
 * The session data the provider stores for a captured card payment and a
 * paid virtual account (a payment of each made at the sandbox): what the
 * history's rows copy, with their own ids.
 */
export function sessionTemplates(sandbox: TossSandbox): Record<"card" | "virtualAccount", TossSessionData> {
  const clientKey = sandbox.merchants[0].clientKey
  const card = sandbox.authenticateAndConfirm({ orderId: "payses_TEMPLATE_CARD", amount: AMOUNT, method: "CARD", clientKey })
  const account = sandbox.authenticateAndConfirm({ orderId: "payses_TEMPLATE_VA", amount: AMOUNT, method: "VIRTUAL_ACCOUNT", customerName: "홍길동", clientKey })
  const paid = sandbox.deposit(account.paymentKey)
  return {
    card: withPayment(sessionData(card.orderId, clientKey, "CARD"), card as unknown as TossPayment),
    virtualAccount: withPayment(sessionData(account.orderId, clientKey, "VIRTUAL_ACCOUNT"), paid as unknown as TossPayment),
  }
}
