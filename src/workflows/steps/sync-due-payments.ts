import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { setTimeout as sleep } from "timers/promises"
import { syncTrackedPayment } from "../../lib/sync-payment"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"

type DueRow = { payment_session_id: string; provider_id: string | null }

/**
 * The tracked payments due for a look, most overdue first, and the sync of
 * each by its road (Toss's or PortOne's, `syncTrackedPayment`): fair under any backlog, because a payment just looked at moves to
 * the back (its `next_check_at` moves on), and bounded per run.
 *
 * Without Toss's ledger or PortOne's payment events (either could not be
 * read this run), a deposit or a late
 * confirm would wait for its payment's routine look (a day, for a virtual
 * account): at most half the lookups then go to due payments, and the rest
 * to every unsettled payment in turn, the least recently looked at first.
 * With 100 lookups a run, every unsettled payment is looked at within
 * ⌈unsettled / 50⌉ runs, and within one run when they all fit in 100.
 */
export const syncDuePaymentsStep = createStep(
  "sync-due-payments",
  async ({ lookups, pauseMs, ledgerFailed }: { lookups: number; pauseMs: number; ledgerFailed: boolean }, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const due: DueRow[] = await module.listTossTrackedPayments(
      { next_check_at: { $lte: new Date() } },
      // What the ledger (or PortOne's events) flagged first, then the longest overdue.
      { select: ["payment_session_id", "provider_id"], order: { ledger_changed_at: "ASC", next_check_at: "ASC" }, take: ledgerFailed ? Math.ceil(lookups / 2) : lookups }
    )
    if (ledgerFailed) {
      due.push(...(await leastRecentlyChecked(module, lookups - due.length, due.map(({ payment_session_id }) => payment_session_id))))
    }
    const outcomes: Record<string, string> = {}
    for (const [index, { payment_session_id, provider_id }] of due.entries()) {
      if (index > 0 && pauseMs > 0) {
        await sleep(pauseMs)
      }
      try {
        outcomes[payment_session_id] = await syncTrackedPayment(container, payment_session_id, provider_id)
      } catch (error) {
        outcomes[payment_session_id] = "failed"
        logger.warn(`Reconciliation of payment session ${payment_session_id} (${provider_id ?? "Toss"}) failed; it is due again in 5 minutes: ${(error as Error).message}`)
      }
    }
    return new StepResponse(outcomes)
  }
)

/** Up to `take` unsettled tracked payments besides `except`: never looked at first, then the longest unlooked. */
async function leastRecentlyChecked(module: TossModuleService, take: number, except: string[]): Promise<DueRow[]> {
  const picked: DueRow[] = []
  const unsettled = { next_check_at: { $ne: null }, ...(except.length ? { payment_session_id: { $nin: except } } : {}) }
  for (const lastChecked of [null, { $ne: null }]) {
    if (picked.length >= take) {
      break
    }
    picked.push(
      ...(await module.listTossTrackedPayments(
        { ...unsettled, last_checked_at: lastChecked },
        { select: ["payment_session_id", "provider_id"], order: { last_checked_at: "ASC", created_at: "ASC" }, take: take - picked.length }
      ))
    )
  }
  return picked
}
