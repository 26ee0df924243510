import { model } from "@medusajs/framework/utils"

/** One run of the reconciliation job, for the Toss page's health view. Kept for a week. */
export const TossReconcileRun = model
  .define("toss_reconcile_run", {
    id: model.id({ prefix: "tossrun" }).primaryKey(),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
    /** "ok", "failed" (the run stopped), or "partial" (some payments could not be synced). */
    outcome: model.text(),
    ledger_rows: model.number().default(0),
    checked: model.number().default(0),
    failed: model.number().default(0),
    error: model.text().nullable(),
  })
  .indexes([{ on: ["started_at"] }])
