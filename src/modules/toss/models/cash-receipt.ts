import { model } from "@medusajs/framework/utils"

/**
 * A cash receipt (현금영수증) the operator issued through Toss for a transfer
 * or virtual-account payment after it was paid. The shopper's identity
 * number (phone, business number) is sent to Toss and kept nowhere.
 */
export const TossCashReceipt = model
  .define("toss_cash_receipt", {
    id: model.id({ prefix: "tosscr" }).primaryKey(),
    receipt_key: model.text().unique(),
    payment_id: model.text(),
    /** Toss's orderId: the Medusa payment session id. */
    payment_session_id: model.text(),
    /** 소득공제 or 지출증빙. */
    type: model.text(),
    amount: model.number(),
    tax_free_amount: model.number(),
    issue_number: model.text(),
    receipt_url: model.text(),
    canceled_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["payment_id"] }])
