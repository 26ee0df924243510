import { model } from "@medusajs/framework/utils"

/**
 * A Toss cancel that Medusa has recorded as a refund. The unique
 * transaction key is what makes recording one Toss cancel as two Medusa
 * refunds impossible, whichever process tries.
 */
export const TossRecordedCancel = model
  .define("toss_recorded_cancel", {
    id: model.id({ prefix: "tosscxl" }).primaryKey(),
    transaction_key: model.text().unique(),
    payment_key: model.text(),
    /** Toss's orderId: the Medusa payment session id. */
    payment_session_id: model.text(),
    amount: model.number(),
  })
  .indexes([{ on: ["payment_key"] }])
