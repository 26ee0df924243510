import { model } from "@medusajs/framework/utils"

/**
 * A Toss cancel that Medusa has recorded as a refund. The unique
 * transaction key is what makes recording one Toss cancel as two Medusa
 * refunds impossible, whichever process tries.
 */
export const TossTransaction = model
  .define("toss_transaction", {
    id: model.id({ prefix: "tosstx" }).primaryKey(),
    transaction_key: model.text().unique(),
    payment_key: model.text(),
    order_id: model.text(),
    amount: model.number(),
  })
  .indexes([{ on: ["payment_key"] }])
