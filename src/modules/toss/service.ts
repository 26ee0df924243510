import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { EntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { TossSettlementMonth } from "../../api/admin/toss/desk-types"
import { TossBillingKey } from "./models/billing-key"
import { TossCashReceipt } from "./models/cash-receipt"
import { TossLedgerCursor } from "./models/ledger-cursor"
import { TossOperatorItem } from "./models/operator-item"
import { TossReconcileRun } from "./models/reconcile-run"
import { TossRefundAccount } from "./models/refund-account"
import { TossSettlement } from "./models/settlement"
import { TossSettlementCursor } from "./models/settlement-cursor"
import { TossTrackedPayment } from "./models/tracked-payment"
import { TossRecordedCancel } from "./models/recorded-cancel"
import { TossWebhookDelivery } from "./models/webhook-delivery"

/** A payment handed to Toss (or about to be charged with a saved card). */
export interface TrackHandOffInput {
  payment_session_id: string
  provider_id: string
  /** Null for a saved card's charge: an earlier answer's paymentKey then stays. */
  payment_key: string | null
  integration: string
  cart_id: string | null
  next_check_at: Date
}

/** What a hand-off's answer settled about its tracked payment; what is left out stays as it is. */
export interface SettleHandOffInput {
  payment_key?: string | null
  status?: string | null
  last_transaction_key?: string | null
  due_at?: Date | null
  /** Null: settled, nothing left to ask Toss. */
  next_check_at: Date | null
}

export interface RecordedCancelInput {
  transaction_key: string
  payment_key: string
  payment_session_id: string
  amount: number
}

/** An item for the Toss page's "Needs attention" list. */
export interface TossOperatorItemInput {
  kind: string
  payment_session_id: string
  payment_key?: string | null
  order_id?: string | null
  amount: number
  message: string
}

/**
 * What the plugin must remember beyond Medusa's own payment data: the Toss
 * payments it tracks until they settle, the Toss cancels it has
 * recorded, the shoppers' refund accounts, the customers' saved cards
 * (billing keys) and how far it has read Toss's transaction ledger.
 */
export default class TossModuleService extends MedusaService({
  TossTrackedPayment,
  TossRecordedCancel,
  TossRefundAccount,
  TossLedgerCursor,
  TossBillingKey,
  TossOperatorItem,
  TossReconcileRun,
  TossWebhookDelivery,
  TossSettlement,
  TossSettlementCursor,
  TossCashReceipt,
}) {
  /**
   * Opens an item for the operator, once: null when one of this kind is
   * already open for the payment (the partial unique index decides, so two
   * processes finding the same thing open one item). Medusa reports a
   * unique violation as INVALID_DATA ("… already exists."), as it would a
   * bad value, so whether the item is there is asked, not read off the error.
   */
  async openOperatorItem(item: TossOperatorItemInput) {
    try {
      return await this.createTossOperatorItems({ ...item, checked_at: new Date() })
    } catch (error) {
      const open = await this.listTossOperatorItems({ payment_session_id: item.payment_session_id, kind: item.kind, resolved_at: null }, { select: ["id"], take: 1 })
      if (open.length) {
        return null
      }
      throw error
    }
  }

  /** Resolves the payment's open items of these kinds; returns how many. */
  async resolveOperatorItems(paymentSessionId: string, kinds: string[], at = new Date()): Promise<number> {
    if (kinds.length === 0) {
      return 0
    }
    const open = await this.listTossOperatorItems({ payment_session_id: paymentSessionId, kind: kinds, resolved_at: null }, { select: ["id"] })
    if (open.length) {
      await this.updateTossOperatorItems(open.map(({ id }) => ({ id, resolved_at: at, checked_at: at })))
    }
    return open.length
  }

  /**
   * Records a Toss cancel once: false when it was recorded before (by
   * this process or any other), which the unique transaction key decides
   * (asked after a failed insert, as for operator items).
   */
  async claimCancel(record: RecordedCancelInput): Promise<boolean> {
    try {
      await this.createTossRecordedCancels(record)
      return true
    } catch (error) {
      if ((await this.listTossRecordedCancels({ transaction_key: record.transaction_key }, { select: ["id"], take: 1 })).length) {
        return false
      }
      throw error
    }
  }

  /**
   * Remembers a verified webhook by its id, once: false when it was received
   * before (by this process or any other; the unique webhook id decides,
   * asked after a failed insert as for cancels), so a replay is dropped.
   */
  async claimWebhookDelivery(webhookId: string, eventType: string): Promise<boolean> {
    try {
      await this.createTossWebhookDeliveries({ event_type: eventType, outcome: "received", webhook_id: webhookId })
      return true
    } catch (error) {
      if ((await this.listTossWebhookDeliveries({ webhook_id: webhookId }, { select: ["id"], take: 1 })).length) {
        return false
      }
      throw error
    }
  }

  /** The transaction keys of these payments' cancels that Medusa has recorded. */
  async recordedCancelKeys(paymentKeys: string[]): Promise<Set<string>> {
    if (paymentKeys.length === 0) {
      return new Set()
    }
    const rows = await this.listTossRecordedCancels({ payment_key: paymentKeys }, { select: ["transaction_key"] })
    return new Set(rows.map((row) => row.transaction_key))
  }

  /**
   * Tracks a hand-off in one statement: the row is created, or (a hand-off
   * of the same session again) due again with the new paymentKey. The
   * unique payment session id decides, so two hand-offs never make two rows.
   */
  @InjectManager()
  async trackHandOff(row: TrackHandOffInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as EntityManager
    await manager.execute(
      `insert into toss_tracked_payment (id, payment_session_id, provider_id, payment_key, integration, cart_id, next_check_at)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (payment_session_id) where deleted_at is null do update
       set payment_key = coalesce(excluded.payment_key, toss_tracked_payment.payment_key), next_check_at = excluded.next_check_at, updated_at = now()`,
      [generateEntityId(undefined, "tosspay"), row.payment_session_id, row.provider_id, row.payment_key, row.integration, row.cart_id, row.next_check_at]
    )
  }

  /** Writes down what a hand-off's answer settled, in one statement (the row is the session's). */
  @InjectManager()
  async settleHandOff(paymentSessionId: string, settled: SettleHandOffInput, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as EntityManager
    await manager.execute(
      `update toss_tracked_payment
       set payment_key = coalesce(?, payment_key), status = coalesce(?, status), last_transaction_key = coalesce(?, last_transaction_key),
           due_at = coalesce(?, due_at), next_check_at = ?, last_checked_at = now(), updated_at = now()
       where payment_session_id = ? and deleted_at is null`,
      [
        settled.payment_key ?? null,
        settled.status ?? null,
        settled.last_transaction_key ?? null,
        settled.due_at ?? null,
        settled.next_check_at,
        paymentSessionId,
      ]
    )
  }

  /**
   * Tracks payments not tracked yet, in one statement: a row that exists
   * (a hand-off's, a sync's) is left as it is. Two processes tracking the
   * same payment make one row (the unique payment session id decides).
   */
  @InjectManager()
  async trackUntracked(rows: (TrackHandOffInput & { ledger_changed_at?: Date | null })[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (rows.length === 0) {
      return
    }
    const manager = sharedContext.manager as EntityManager
    await manager.execute(
      `insert into toss_tracked_payment (id, payment_session_id, provider_id, payment_key, integration, cart_id, next_check_at, ledger_changed_at)
       values ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
       on conflict (payment_session_id) where deleted_at is null do nothing`,
      rows.flatMap((row) => [
        generateEntityId(undefined, "tosspay"),
        row.payment_session_id,
        row.provider_id,
        row.payment_key,
        row.integration,
        row.cart_id,
        row.next_check_at,
        row.ledger_changed_at ?? null,
      ])
    )
  }

  /** Settlements summed per month of sold date, the latest `months` months that have any, newest first. */
  @InjectManager()
  async settlementMonths(months: number, @MedusaContext() sharedContext: Context = {}): Promise<TossSettlementMonth[]> {
    const manager = sharedContext.manager as EntityManager
    const rows: Record<string, string | number>[] = await manager.execute(
      `select substr(sold_date, 1, 7) as month, count(*) as transactions, sum(amount) as amount, sum(fee) as fee, sum(vat) as vat, sum(payout_amount) as payout_amount
       from toss_settlement where deleted_at is null group by 1 order by 1 desc limit ?`,
      [months]
    )
    return rows.map((row) => ({
      month: String(row.month),
      transactions: Number(row.transactions),
      amount: Number(row.amount),
      fee: Number(row.fee),
      vat: Number(row.vat),
      payout_amount: Number(row.payout_amount),
    }))
  }
}
