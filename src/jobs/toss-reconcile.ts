import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { reconcileTossPayments } from "../lib/reconcile-toss-payments"

/**
 * Held for the whole run. Medusa's Redis workflow engine hands each tick to
 * whichever worker is free, even while another worker's run of the last tick
 * is still going (2.21.2 does not enforce a job's `concurrency: "forbid"`).
 */
const RUN_LOCK = "toss-reconcile"

/** Every five minutes (TOSS_RECONCILE_SCHEDULE): catch up on Toss payments whose webhook never arrived or failed. */
export default async function tossReconcileJob(container: MedusaContainer) {
  // The integration tests run reconciliation themselves, when they mean to.
  if (process.env.TOSS_RECONCILE_DISABLED === "true") {
    return
  }
  let started = false
  try {
    await container.resolve(Modules.LOCKING).execute(
      RUN_LOCK,
      async () => {
        started = true
        await reconcileTossPayments(container)
      },
      { timeout: 1 }
    )
  } catch (error) {
    if (started) {
      throw error
    }
    // The previous run still holds the lock: this tick is left out.
    container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).debug(`toss-reconcile skipped: the previous run has not finished (${(error as Error).message})`)
  }
}

export const config = {
  name: "toss-reconcile",
  // TOSS_RECONCILE_SCHEDULE: another cron expression, read at boot; a sixth,
  // leading field counts seconds ("*/5 * * * * *"), which the cluster test uses.
  schedule: process.env.TOSS_RECONCILE_SCHEDULE || "*/5 * * * *",
}
