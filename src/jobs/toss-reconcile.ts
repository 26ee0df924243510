import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileTossPayments } from "../lib/reconcile-toss-payments"

/** Every five minutes: catch up on Toss payments whose webhook never arrived or failed. */
export default async function tossReconcileJob(container: MedusaContainer) {
  // The integration tests run reconciliation themselves, when they mean to.
  if (process.env.TOSS_RECONCILE_DISABLED === "true") {
    return
  }
  await reconcileTossPayments(container)
}

export const config = {
  name: "toss-reconcile",
  schedule: "*/5 * * * *",
}
