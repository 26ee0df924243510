/**
 * One run of the plugin's reconciliation (`reconcile-toss-payments`, what
 * the `toss-reconcile` job runs every 5 minutes), with its defaults, timed:
 * wall time, and the database's own time for the run's statements
 * (pg_stat_statements, reset just before). `npm run bench` runs it with
 * `medusa exec` in bench/app. Prints one line: `BENCH_RECONCILE {json}`.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reconcileTossPaymentsWorkflow } from "../src/workflows/reconcile-toss-payments"

/** Statements shown by name: the costliest few. */
const TOP = 10

export interface ReconcileRun {
  wallMs: number
  summary: { ran: boolean; ledgerRows: number; flagged: number; checked: number; outcomes: Record<string, number> }
  database: {
    /** Execution time inside Postgres, all statements of the run. */
    execMs: number
    statements: number
    top: Array<{ query: string; calls: number; execMs: number; rows: number }>
  }
}

export default async function reconcileOnce({ container }: ExecArgs) {
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw("SELECT pg_stat_statements_reset()")
  const started = performance.now()
  const { result } = await reconcileTossPaymentsWorkflow(container).run({ input: {} })
  const wallMs = performance.now() - started
  const { rows } = await pg.raw(
    `SELECT query, calls::int, total_exec_time AS "execMs", rows::int FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC`
  )
  const outcomes: Record<string, number> = {}
  for (const outcome of Object.values(result.outcomes)) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
  const run: ReconcileRun = {
    wallMs,
    summary: { ...result, outcomes },
    database: {
      execMs: rows.reduce((sum: number, row: { execMs: number }) => sum + row.execMs, 0),
      statements: rows.reduce((sum: number, row: { calls: number }) => sum + row.calls, 0),
      top: rows.slice(0, TOP).map((row: ReconcileRun["database"]["top"][number]) => ({ ...row, query: row.query.replace(/\s+/g, " ").slice(0, 200) })),
    },
  }
  console.log(`BENCH_RECONCILE ${JSON.stringify(run)}`)
}
