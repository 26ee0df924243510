import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileTossPaymentsWorkflow } from "../workflows/reconcile-toss-payments"

/**
 * Catches up what webhooks missed (see the workflow). Every five minutes;
 * `TOSS_RECONCILE_SCHEDULE` (a cron expression) moves it. Runs in worker
 * instances only, once per tick for the whole cluster.
 */
export default async function tossReconcileJob(container: MedusaContainer) {
  // The integration tests run reconciliation themselves, when they mean to.
  if (process.env.TOSS_RECONCILE_DISABLED === "true") {
    return
  }
  await reconcileTossPaymentsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "toss-reconcile",
  schedule: process.env.TOSS_RECONCILE_SCHEDULE || "*/5 * * * *",
}
