import type { MedusaContainer } from "@medusajs/framework/types"
import { readTossSettlementsWorkflow } from "../workflows/read-toss-settlements"

/**
 * Reads Toss's settlements (fees and payouts) every hour; `TOSS_SETTLEMENTS_SCHEDULE`
 * (a cron expression) moves it. Worker instances only, once per tick for the cluster.
 */
export default async function tossSettlementsJob(container: MedusaContainer) {
  // The integration tests read settlements themselves, when they mean to.
  if (process.env.TOSS_RECONCILE_DISABLED === "true") {
    return
  }
  await readTossSettlementsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "toss-settlements",
  schedule: process.env.TOSS_SETTLEMENTS_SCHEDULE || "17 * * * *",
}
