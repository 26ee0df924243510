import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileTossPayments } from "../lib/reconcile-toss-payments"

/** Every five minutes (TOSS_RECONCILE_SCHEDULE): catch up on Toss payments whose webhook never arrived or failed. */
export default async function tossReconcileJob(container: MedusaContainer) {
  // The integration tests run reconciliation themselves, when they mean to.
  if (process.env.TOSS_RECONCILE_DISABLED === "true") {
    return
  }
  await reconcileTossPayments(container)
}

export const config = {
  name: "toss-reconcile",
  // TOSS_RECONCILE_SCHEDULE: another cron expression, read at boot; a sixth,
  // leading field counts seconds ("*/5 * * * * *"), which the cluster test uses.
  schedule: process.env.TOSS_RECONCILE_SCHEDULE || "*/5 * * * *",
}
