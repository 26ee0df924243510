import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"

export interface AdminTossHealthResponse {
  /** The last reconciliation run, or null before the first. */
  lastRun: { started_at: string; finished_at: string | null; outcome: string; ledger_rows: number; checked: number; failed: number; error: string | null } | null
  /** Tracked payments due for a lookup now, and since when the oldest is due. */
  due: { count: number; oldestDueAt: string | null }
  /** How far behind now Toss's transaction ledger has been read (null before the first run). */
  ledger: { readUntil: string | null; lagSeconds: number | null }
  /** Toss webhooks received in the last hour; `unknown`: about nothing of this store (dropped). */
  webhooks: { lastHour: number; unknown: number; failed: number }
  /** Open "Needs attention" items. */
  openItems: number
}

const HOUR = 60 * 60_000

/** `GET /admin/toss/health`: the Toss page's health view, from the plugin's own bookkeeping (Toss is not asked). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossHealthResponse>) => {
  const module = req.scope.resolve<TossModuleService>(TOSS_MODULE)
  const now = new Date()
  const since = new Date(now.getTime() - HOUR)
  const [[lastRun], [due, dueCount], [cursor], [, lastHour], [, unknown], [, failed], [, openItems]] = await Promise.all([
    module.listTossReconcileRuns({}, { order: { started_at: "DESC" }, take: 1 }),
    module.listAndCountTossTrackedPayments({ next_check_at: { $lte: now } }, { select: ["next_check_at"], order: { next_check_at: "ASC" }, take: 1 }),
    module.listTossLedgerCursors({}, { take: 1 }),
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
