/**
 * The answers of the Toss page's admin routes, as the admin reads them
 * (types only: the admin bundle imports nothing of the server from here).
 */

export interface AdminTossAttentionItem {
  id: string
  /** See `OPERATOR_ITEM_KINDS`. */
  kind: string
  /** "refund": the page's button refunds what Toss holds; "outside": words say what to do. */
  action: "refund" | "outside"
  amount: number
  message: string
  order: { id: string; display_id: number | null } | null
  payment_id: string | null
  /** For a refund: what Toss still holds, and whether the shopper's bank account must be entered first. */
  refundable: { balanceAmount: number; needsRefundAccount: boolean; hasRefundAccount: boolean } | null
  created_at: string
  resolved_at: string | null
}

/** `GET /admin/toss/attention`. */
export interface AdminTossAttentionResponse {
  items: AdminTossAttentionItem[]
}

/** `GET /admin/toss/health`. */
export interface AdminTossHealthResponse {
  /** The last reconciliation run, or null before the first. */
  lastRun: { started_at: string; finished_at: string | null; outcome: string; ledger_rows: number; checked: number; failed: number; error: string | null } | null
  /** Tracked payments due for a lookup now, and since when the oldest is due. */
  due: { count: number; oldestDueAt: string | null }
  /** How far behind now Toss's transaction ledger has been read (null before the first run). */
  ledger: { readUntil: string | null; lagSeconds: number | null }
  /** Toss webhooks received in the last hour; `unknown`: about nothing of this store (dropped). */
  webhooks: { lastHour: number; unknown: number; failed: number }
  /** Open "Needs attention" items. */
  openItems: number
}

/** One month of Toss settlements (by sold date), summed. */
export interface TossSettlementMonth {
  /** yyyy-MM */
  month: string
  transactions: number
  amount: number
  fee: number
  vat: number
  payout_amount: number
}

/** `GET /admin/toss/settlements`: the last 12 months with settlements, newest first. */
export interface AdminTossSettlementsResponse {
  months: TossSettlementMonth[]
}

/** A stored settlement row as the admin shows it. */
export interface TossSettlementView {
  transaction_key: string
  payment_key: string
  /** Toss's orderId. */
  payment_session_id: string
  method: string | null
  amount: number
  fee: number
  vat: number
  payout_amount: number
  sold_date: string
  paid_out_date: string
}

/** `GET /admin/toss/payments/:id/settlements`. */
export interface AdminTossPaymentSettlementsResponse {
  settlements: TossSettlementView[]
}

export interface TossCashReceiptView {
  receipt_key: string
  type: string
  amount: number
  tax_free_amount: number
  issue_number: string
  receipt_url: string
  issued_at: string
  canceled_at: string | null
}

/** `GET`/`POST /admin/toss/payments/:id/cash-receipts` and its cancel: the payment's cash receipts, newest first. */
export interface AdminTossCashReceiptsResponse {
  cash_receipts: TossCashReceiptView[]
}
