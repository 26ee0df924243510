import { model } from "@medusajs/framework/utils"

/** One webhook the store received, for the Toss page's health view. Kept for a day. */
export const TossWebhookDelivery = model
  .define("toss_webhook_delivery", {
    id: model.id({ prefix: "tosshook" }).primaryKey(),
    event_type: model.text(),
    /** "received" (being handled), "applied", "unknown" (about no payment of this store: dropped), "failed". */
    outcome: model.text(),
    /** A verified PortOne delivery's `webhook-id` (Standard Webhooks): a replay of it is dropped. */
    webhook_id: model.text().nullable(),
  })
  .indexes([
    { on: ["created_at"] },
    { on: ["webhook_id"], unique: true, where: "webhook_id IS NOT NULL" },
  ])
