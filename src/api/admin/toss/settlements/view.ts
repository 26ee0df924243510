import type { TossSettlementView } from "../desk-types"

export function settlementView(row: TossSettlementView): TossSettlementView {
  return {
    transaction_key: row.transaction_key,
    payment_key: row.payment_key,
    payment_session_id: row.payment_session_id,
    method: row.method,
    amount: row.amount,
    fee: row.fee,
    vat: row.vat,
    payout_amount: row.payout_amount,
    sold_date: row.sold_date,
    paid_out_date: row.paid_out_date,
  }
}

/** `2026-12`: a real month, or null. */
export function parseMonth(value: unknown): string | null {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? value : null
}
