import { model } from "@medusajs/framework/utils"

/** How far the settlements job has read Toss's settlements, per key pair. */
export const TossSettlementCursor = model.define("toss_settlement_cursor", {
  id: model.id({ prefix: "tossstlcur" }).primaryKey(),
  /** "payment" or "widget". */
  integration: model.text().unique(),
  /** The first sold date (yyyy-MM-dd, Korean) not read to its end, and the page of it to read next. */
  sold_date: model.text(),
  page: model.number(),
})
