import { model } from "@medusajs/framework/utils"

/**
 * What Toss pays out for one transaction of a payment of this store (a row
 * of Toss's settlements, 정산): an approval or deposit, or a cancel with
 * negative amounts. Read by the settlements job, shown in the order's Toss
 * panel and summed per month on the Toss page.
 */
export const TossSettlement = model
  .define("toss_settlement", {
    id: model.id({ prefix: "tossstl" }).primaryKey(),
    transaction_key: model.text().unique(),
    payment_key: model.text(),
    /** Toss's orderId: the Medusa payment session id. */
    payment_session_id: model.text(),
    method: model.text().nullable(),
    amount: model.number(),
    /** Toss's fee before VAT (`supplyAmount`), and the VAT on it. */
    fee: model.number(),
    vat: model.number(),
    payout_amount: model.number(),
    /** Korean dates, yyyy-MM-dd. */
    sold_date: model.text(),
    paid_out_date: model.text(),
  })
  .indexes([{ on: ["payment_key"] }, { on: ["sold_date"] }])
