import { model } from "@medusajs/framework/utils"

/** How far the reconciliation has read Toss's transaction ledger. One row. */
export const TossLedgerCursor = model.define("toss_ledger_cursor", {
  id: model.id({ prefix: "tosscur" }).primaryKey(),
  /** Every ledger row with a transactionAt before this has been read. */
  read_until: model.dateTime(),
})
