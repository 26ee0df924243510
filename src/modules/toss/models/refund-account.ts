import { model } from "@medusajs/framework/utils"

/**
 * The shopper's bank account that Toss refunds a deposited virtual account
 * into. Private: it lives here, linked to the Medusa payment, never in
 * payment data (which the store API shows to anyone holding the order id).
 */
export const TossRefundAccount = model.define("toss_refund_account", {
  id: model.id({ prefix: "tossacct" }).primaryKey(),
  /** Toss's two-digit bank code. */
  bank: model.text(),
  account_number: model.text(),
  holder_name: model.text(),
})
