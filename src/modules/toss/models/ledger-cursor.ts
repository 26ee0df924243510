import { model } from "@medusajs/framework/utils"

/** How far the reconciliation has read a Toss account's transaction ledger. One row per account. */
export const TossLedgerCursor = model
  .define("toss_ledger_cursor", {
    id: model.id({ prefix: "tosscur" }).primaryKey(),
    /** The Toss registration (`pp_toss_<id>`) whose ledger; null only on a row from before several accounts, which the first account reading its ledger takes over. */
    provider_id: model.text().nullable(),
    /** Every ledger row with a transactionAt before this has been read. */
    read_until: model.dateTime(),
  })
  .indexes([{ on: ["provider_id"], unique: true }])
