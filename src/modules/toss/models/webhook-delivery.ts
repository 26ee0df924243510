import { model } from "@medusajs/framework/utils"

/** One Toss webhook the store received, for the Toss page's health view. Kept for a day. */
export const TossWebhookDelivery = model
  .define("toss_webhook_delivery", {
    id: model.id({ prefix: "tosshook" }).primaryKey(),
    event_type: model.text(),
    /** "applied", "unknown" (about no payment of this store: dropped), "failed". */
    outcome: model.text(),
  })
  .indexes([{ on: ["created_at"] }])
