import { model } from "@medusajs/framework/utils"

/** How far the settlements job has read Toss's settlements, per account and key pair. */
export const TossSettlementCursor = model
  .define("toss_settlement_cursor", {
    id: model.id({ prefix: "tossstlcur" }).primaryKey(),
    /** The Toss registration (`pp_toss_<id>`); null only on rows from before several accounts, which the first account reading its settlements takes over. */
    provider_id: model.text().nullable(),
    /** "payment" or "widget". */
    integration: model.text(),
    /** The first sold date (yyyy-MM-dd, Korean) not read to its end, and the page of it to read next. */
    sold_date: model.text(),
    page: model.number(),
  })
  .indexes([{ on: ["provider_id", "integration"], unique: true }])
