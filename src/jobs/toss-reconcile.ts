import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { reconcileTossPaymentsWorkflow, ReconcileSummary, ReconcileTossPaymentsInput } from "../workflows/reconcile-toss-payments"
import { syncTrackedPayment } from "../lib/sync-payment"

const DAY = 24 * 60 * 60_000
/** Payments with an open operator item looked at again per run, longest unseen first. */
const OPEN_ITEM_LOOKUPS = 20

/**
 * One reconciliation run, recorded for the Toss page's health view: the
 * workflow (see there), then the payments that still need the operator,
 * so that an item leaves the list once Toss and Medusa agree, even when no
 * webhook says so.
 */
export async function runTossReconciliation(container: MedusaContainer, input: ReconcileTossPaymentsInput = {}): Promise<ReconcileSummary> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const startedAt = new Date()
  let summary: ReconcileSummary
  try {
    summary = (await reconcileTossPaymentsWorkflow(container).run({ input })).result
  } catch (error) {
    await module.createTossReconcileRuns({ started_at: startedAt, finished_at: new Date(), outcome: "failed", error: (error as Error).message.slice(0, 500) })
    throw error
  }
  if (!summary.ran) {
    // Another instance's run is under way; it records itself.
    return summary
  }
  const outcomes = { ...summary.outcomes }
  const open = await module.listTossOperatorItems(
    { resolved_at: null },
    { select: ["payment_session_id"], order: { checked_at: "ASC" }, take: OPEN_ITEM_LOOKUPS }
  )
  for (const orderId of new Set(open.map((item) => item.payment_session_id))) {
    if (orderId in outcomes) {
      continue
    }
    try {
      const [tracked] = await module.listTossTrackedPayments({ payment_session_id: orderId }, { select: ["provider_id"] })
      outcomes[orderId] = await syncTrackedPayment(container, orderId, tracked?.provider_id ?? null)
    } catch (error) {
      outcomes[orderId] = "failed"
      container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`Sync of payment session ${orderId} (needs attention) failed: ${(error as Error).message}`)
      // Looked at all the same: the next run starts with the others, so a sync that keeps failing holds up no one.
      const now = new Date()
      await module
        .listTossOperatorItems({ payment_session_id: orderId, resolved_at: null }, { select: ["id"] })
        .then(async (items) => {
          if (items.length) {
            await module.updateTossOperatorItems(items.map(({ id }) => ({ id, checked_at: now })))
          }
        })
        .catch(() => undefined)
    }
  }
  const failed = Object.values(outcomes).filter((outcome) => outcome === "failed").length
  await module.createTossReconcileRuns({
    started_at: startedAt,
    finished_at: new Date(),
    // A ledger Toss could not serve, or PortOne's events, makes the run partial: the health view says so.
    outcome: failed || summary.ledgerFailed || summary.portOneEventsFailed ? "partial" : "ok",
    error: summary.ledgerFailed
      ? `Toss's transaction ledger could not be read (${summary.ledgerError ?? "no answer"}); unsettled payments were looked up in turn. If this repeats, check that the secret key may read transactions.`.slice(0, 500)
      : summary.portOneEventsFailed
        ? "PortOne's payment events could not be read; the next run reads on from the same place. If this repeats, check that the API secret may read payments."
        : null,
    ledger_rows: summary.ledgerRows,
    checked: Object.keys(outcomes).length,
    failed,
  })
  // The health view needs a week of runs and an hour of webhooks.
  await module.deleteTossReconcileRuns({ started_at: { $lt: new Date(Date.now() - 7 * DAY) } })
  await module.deleteTossWebhookDeliveries({ created_at: { $lt: new Date(Date.now() - DAY) } })
  return { ...summary, checked: Object.keys(outcomes).length, outcomes }
}

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
  await runTossReconciliation(container)
}

export const config = {
  name: "toss-reconcile",
  schedule: process.env.TOSS_RECONCILE_SCHEDULE || "*/5 * * * *",
}
