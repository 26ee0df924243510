import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { setTimeout as sleep } from "timers/promises"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { readTossLedgerStep } from "./steps/read-toss-ledger"
import { syncTossPaymentWorkflow } from "./sync-toss-payment"

export interface ReconcileTossPaymentsInput {
  /** Most payments looked up in one run. */
  lookups?: number
  /** Pause between two lookups, to keep a run's pace inside Toss's limits. */
  pauseMs?: number
  ledgerPageSize?: number
  ledgerMaxPages?: number
}

export interface ReconcileSummary {
  ran: boolean
  /** Toss's ledger could not be read this run: unsettled payments were looked up in turn. */
  ledgerFailed: boolean
  /** Toss's answer when its ledger could not be read. */
  ledgerError?: string | null
  ledgerRows: number
  flagged: number
  checked: number
  outcomes: Record<string, string>
}

const RUN_LOCK = "toss-reconcile"
/** A run never takes this long; a dead worker's lock expires after it. */
const RUN_LOCK_TTL_S = 15 * 60

/** One run at a time in the whole cluster; a run that finds another under way does nothing. */
const claimRunStep = createStep(
  "claim-toss-reconcile-run",
  async (_: void, { container }) => {
    const ownerId = `toss-reconcile-${process.pid}-${Date.now()}`
    try {
      await container.resolve(Modules.LOCKING).acquire(RUN_LOCK, { ownerId, expire: RUN_LOCK_TTL_S })
      return new StepResponse(ownerId, ownerId)
    } catch {
      return new StepResponse(null)
    }
  },
  async (ownerId, { container }) => {
    if (ownerId) {
      await container.resolve(Modules.LOCKING).release(RUN_LOCK, { ownerId })
    }
  }
)

const releaseRunStep = createStep("release-toss-reconcile-run", async (ownerId: string, { container }) => {
  await container.resolve(Modules.LOCKING).release(RUN_LOCK, { ownerId })
  return new StepResponse(true)
})

/**
 * The tracked payments due for a look, most overdue first, and the sync of
 * each: fair under any backlog, because a payment just looked at moves to
 * the back (its `next_check_at` moves on), and bounded per run.
 *
 * Without the ledger (it could not be read this run), a deposit or a late
 * confirm would wait for its payment's routine look (a day, for a virtual
 * account): at most half the lookups then go to due payments, and the rest
 * to every unsettled payment in turn, the least recently looked at first.
 * With 100 lookups a run, every unsettled payment is looked at within
 * ⌈unsettled / 50⌉ runs, and within one run when they all fit in 100.
 */
const syncDueTossPaymentsStep = createStep(
  "sync-due-toss-payments",
  async ({ lookups, pauseMs, ledgerFailed }: { lookups: number; pauseMs: number; ledgerFailed: boolean }, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const due: { order_id: string }[] = await module.listTossTrackedPayments(
      { next_check_at: { $lte: new Date() } },
      // What the ledger flagged first, then the longest overdue.
      { select: ["order_id"], order: { ledger_changed_at: "ASC", next_check_at: "ASC" }, take: ledgerFailed ? Math.ceil(lookups / 2) : lookups }
    )
    if (ledgerFailed) {
      due.push(...(await leastRecentlyChecked(module, lookups - due.length, due.map(({ order_id }) => order_id))))
    }
    const outcomes: Record<string, string> = {}
    for (const [index, { order_id }] of due.entries()) {
      if (index > 0 && pauseMs > 0) {
        await sleep(pauseMs)
      }
      try {
        const { result } = await syncTossPaymentWorkflow(container).run({ input: { orderId: order_id } })
        outcomes[order_id] = result
      } catch (error) {
        outcomes[order_id] = "failed"
        logger.warn(`Toss reconciliation of orderId ${order_id} failed; it is due again in 5 minutes: ${(error as Error).message}`)
      }
    }
    return new StepResponse(outcomes)
  }
)

/** Up to `take` unsettled tracked payments besides `except`: never looked at first, then the longest unlooked. */
async function leastRecentlyChecked(module: TossModuleService, take: number, except: string[]): Promise<{ order_id: string }[]> {
  const picked: { order_id: string }[] = []
  const unsettled = { next_check_at: { $ne: null }, ...(except.length ? { order_id: { $nin: except } } : {}) }
  for (const lastChecked of [null, { $ne: null }]) {
    if (picked.length >= take) {
      break
    }
    picked.push(
      ...(await module.listTossTrackedPayments(
        { ...unsettled, last_checked_at: lastChecked },
        { select: ["order_id"], order: { last_checked_at: "ASC", created_at: "ASC" }, take: take - picked.length }
      ))
    )
  }
  return picked
}

export const reconcileTossPaymentsWorkflowId = "reconcile-toss-payments"

/**
 * What the scheduled job runs: Medusa answers webhooks before handling them,
 * so Toss never resends one whose handling failed, and this catches up.
 * First Toss's transaction ledger since the last run (money that moved:
 * deposits, confirms whose answer was lost, dashboard cancels), then the
 * due tracked payments (virtual accounts past their due date, confirms
 * still in flight, anything the ledger flagged), one lookup each. A ledger
 * that cannot be read stops nothing: the lookups go ahead, in turn over
 * every unsettled payment.
 */
export const reconcileTossPaymentsWorkflow = createWorkflow(
  reconcileTossPaymentsWorkflowId,
  (input: WorkflowData<ReconcileTossPaymentsInput>) => {
    const ownerId = claimRunStep()
    const summary = when("reconcile-when-claimed", { ownerId }, ({ ownerId }) => !!ownerId).then(() => {
      const ledger = readTossLedgerStep(
        transform({ input }, ({ input }) => ({ pageSize: input.ledgerPageSize ?? 1000, maxPages: input.ledgerMaxPages ?? 20 }))
      )
      const outcomes = syncDueTossPaymentsStep(
        transform({ input, ledger }, ({ input, ledger }) => ({ lookups: input.lookups ?? 100, pauseMs: input.pauseMs ?? 100, ledgerFailed: ledger.failed }))
      )
      releaseRunStep(ownerId as unknown as string)
      return transform({ ledger, outcomes }, ({ ledger, outcomes }): ReconcileSummary => ({
        ran: true,
        ledgerFailed: ledger.failed,
        ledgerError: ledger.error ?? null,
        ledgerRows: ledger.rows,
        flagged: ledger.flagged,
        checked: Object.keys(outcomes).length,
        outcomes,
      }))
    })
    return new WorkflowResponse(
      transform({ summary }, ({ summary }): ReconcileSummary => summary ?? { ran: false, ledgerFailed: false, ledgerRows: 0, flagged: 0, checked: 0, outcomes: {} })
    )
  }
)
