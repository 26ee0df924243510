import { model } from "@medusajs/framework/utils"

/**
 * How far the reconciliation has read an account's record of money moving:
 * a Toss account's transaction ledger, a PortOne store's payment events.
 * One row per account.
 */
export const TossLedgerCursor = model
  .define("toss_ledger_cursor", {
    id: model.id({ prefix: "tosscur" }).primaryKey(),
    /** The Toss registration (`pp_toss_<id>`) whose ledger; null only on a row from before several accounts, which the first account reading its ledger takes over. */
    provider_id: model.text().nullable(),
    /** Every ledger row with a transactionAt before this has been read (PortOne: when its events were last read). */
    read_until: model.dateTime(),
    /** PortOne: the payment-event cursor after the last event read (`GET /payment-events-by-cursor`); null for Toss. */
    cursor: model.text().nullable(),
  })
  .indexes([{ on: ["provider_id"], unique: true }])
