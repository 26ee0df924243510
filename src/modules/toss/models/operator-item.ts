import { model } from "@medusajs/framework/utils"

/**
 * Something only a person can settle about one Toss payment: the Toss page's
 * "Needs attention" list. Written where the plugin finds it, resolved by the
 * sync once Toss and Medusa agree again (never by a click). At most one open
 * item per payment and kind: the partial unique index decides, whichever
 * process writes.
 */
export const TossOperatorItem = model
  .define("toss_operator_item", {
    id: model.id({ prefix: "tossitem" }).primaryKey(),
    /** What happened: see `OPERATOR_ITEM_KINDS`. */
    kind: model.text(),
    /** Toss's orderId: the Medusa payment session id. */
    payment_session_id: model.text(),
    payment_key: model.text().nullable(),
    /** The Medusa order, when there is one. */
    order_id: model.text().nullable(),
    amount: model.number(),
    /** What happened, in words for the operator (no secrets, no bank accounts). */
    message: model.text(),
    /** When the sync last looked at it: open items are looked at again, longest unseen first. */
    checked_at: model.dateTime().nullable(),
    resolved_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["payment_session_id", "kind"], unique: true, where: "resolved_at IS NULL" },
    { on: ["resolved_at"], where: "resolved_at IS NULL" },
  ])
