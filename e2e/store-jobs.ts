/**
 * The Toss page's periodic work, run once on demand against the demo store
 * (`medusa exec ./e2e/store-jobs.ts reconcile settlements`, see
 * `runStoreJobs` in support.ts): the same functions the scheduled jobs in
 * src/jobs run, so the browser tests need not wait for a cron tick.
 */
import type { ExecArgs, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runTossReconciliation } from "../src/jobs/toss-reconcile"
import { readTossSettlementsWorkflow } from "../src/workflows/read-toss-settlements"

export default async function storeJobs({ container, args }: ExecArgs) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  if (args.includes("reconcile")) {
    const { outcomes, ...summary } = await runTossReconciliation(container)
    logger.info(`Toss reconciliation: ${JSON.stringify(summary)}`)
  }
  if (args.includes("settlements")) {
    const { result } = await readTossSettlementsWorkflow(container).run({ input: {} })
    logger.info(`Toss settlements read: ${JSON.stringify(result)}`)
  }
}
