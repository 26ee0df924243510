import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"
import type { AdminTossHealthResponse } from "../desk-types"

const HOUR = 60 * 60_000

/** `GET /admin/toss/health`: the Toss page's health view, from the plugin's own bookkeeping (Toss is not asked). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossHealthResponse>) => {
  const module = req.scope.resolve<TossModuleService>(TOSS_MODULE)
  const now = new Date()
  const since = new Date(now.getTime() - HOUR)
  const [[lastRun], [due, dueCount], [cursor], [, lastHour], [, unknown], [, failed], [, openItems]] = await Promise.all([
    module.listTossReconcileRuns({}, { order: { started_at: "DESC" }, take: 1 }),
    module.listAndCountTossTrackedPayments({ next_check_at: { $lte: now } }, { select: ["next_check_at"], order: { next_check_at: "ASC" }, take: 1 }),
    // With several Toss accounts, the one whose ledger lags most.
    module.listTossLedgerCursors({}, { order: { read_until: "ASC" }, take: 1 }),
    module.listAndCountTossWebhookDeliveries({ created_at: { $gte: since } }, { select: ["id"], take: 1 }),
    module.listAndCountTossWebhookDeliveries({ created_at: { $gte: since }, outcome: "unknown" }, { select: ["id"], take: 1 }),
    module.listAndCountTossWebhookDeliveries({ created_at: { $gte: since }, outcome: "failed" }, { select: ["id"], take: 1 }),
    module.listAndCountTossOperatorItems({ resolved_at: null }, { select: ["id"], take: 1 }),
  ])
  const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null)
  res.json({
    lastRun: lastRun
      ? {
          started_at: iso(lastRun.started_at)!,
          finished_at: iso(lastRun.finished_at),
          outcome: lastRun.outcome,
          ledger_rows: lastRun.ledger_rows,
          checked: lastRun.checked,
          failed: lastRun.failed,
          error: lastRun.error ?? null,
        }
      : null,
    due: { count: dueCount, oldestDueAt: iso(due[0]?.next_check_at) },
    ledger: {
      readUntil: iso(cursor?.read_until),
      lagSeconds: cursor ? Math.max(0, Math.round((now.getTime() - new Date(cursor.read_until).getTime()) / 1000)) : null,
    },
    webhooks: { lastHour, unknown, failed },
    openItems,
  })
}
