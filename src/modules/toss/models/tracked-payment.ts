import { model } from "@medusajs/framework/utils"

/**
 * A Toss payment the store handed to Toss for confirmation, or is about to
 * charge with a saved card, from the hand-off on: what Medusa last knew of
 * it and when to ask Toss again. Sessions that never got a paymentKey (or a
 * charge) are not here (they cost nothing).
 * `next_check_at` null means settled: nothing about it can change without
 * money moving, which the transaction ledger reports.
 */
export const TossTrackedPayment = model
  .define("toss_tracked_payment", {
    id: model.id({ prefix: "tosspay" }).primaryKey(),
    /** Toss's orderId: the Medusa payment session id. */
    payment_session_id: model.text().unique(),
    /** The Toss registration (`pp_toss_<id>`) whose merchant holds it; null on rows from before several accounts. */
    provider_id: model.text().nullable(),
    /** Null until Toss answers a billing charge (its paymentKey comes with the answer). */
    payment_key: model.text().nullable(),
    /** Which key pair confirmed it: "payment" (window) or "widget". */
    integration: model.text(),
    cart_id: model.text().nullable(),
    /** Toss's status at the last answer about it. */
    status: model.text().nullable(),
    /** The payment's newest transaction in that answer: the ledger row it accounts for. */
    last_transaction_key: model.text().nullable(),
    /** A virtual account's due date, as Toss set it. */
    due_at: model.dateTime().nullable(),
    next_check_at: model.dateTime().nullable(),
    last_checked_at: model.dateTime().nullable(),
    /**
     * Set when Toss's transaction ledger shows money moved since the last
     * look (a lost webhook): such payments are looked at first.
     */
    ledger_changed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["payment_key"] },
    { on: ["next_check_at"], where: "next_check_at IS NOT NULL" },
  ])
