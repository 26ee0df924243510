import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PortOneAccount, portOneAccounts, portOneClient } from "../../lib/portone-config"
import { trackUntrackedPortOnePayments } from "../../lib/portone-untracked"
import { reportToOperator } from "../../lib/report-to-operator"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { readPaymentEvents } from "../../providers/portone/payment-events"

export interface ReadPortOneEventsInput {
  /** Events read per account per run at most; the next run goes on from the cursor. */
  maxEvents: number
}

export interface PortOneEventsReading {
  events: number
  /** Tracked PortOne payments the events show changed, now due first. */
  flagged: number
  failed: boolean
  error?: string | null
}

/** How far back the very first run reads. */
const FIRST_RUN_MS = 24 * 60 * 60_000

/**
 * Reads each PortOne store's payment events (paid, partially cancelled,
 * cancelled) since the last run, the twin of reading Toss's ledger: money
 * that moved without a webhook reaching Medusa (a lost deposit webhook, a
 * console cancel) makes its tracked payment due at once, ahead of routine
 * checks; a payment of this store Medusa does not track (its session gone
 * before it was tracked) is tracked now, so what it took is given back.
 * Bounded per account and run; the cursor keeps the place, so a
 * backlog is read over several runs and every event once.
 */
export const readPortOneEventsStep = createStep("read-portone-events", async ({ maxEvents }: ReadPortOneEventsInput, { container }) => {
  const readings: PortOneEventsReading[] = []
  for (const account of portOneAccounts(container)) {
    readings.push(await readEventsOf(container, account, maxEvents))
  }
  const failed = readings.filter((reading) => reading.failed)
  return new StepResponse<PortOneEventsReading>({
    events: readings.reduce((sum, reading) => sum + reading.events, 0),
    flagged: readings.reduce((sum, reading) => sum + reading.flagged, 0),
    failed: failed.length > 0,
    error: failed.length ? failed.map((reading) => reading.error).join("; ") : null,
  })
})

async function readEventsOf(container: MedusaContainer, account: PortOneAccount, maxEvents: number): Promise<PortOneEventsReading> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const now = new Date()
  const [cursor] = await module.listTossLedgerCursors({ provider_id: account.providerId }, { take: 1 })
  let run: Awaited<ReturnType<typeof readPaymentEvents>>
  try {
    run = await readPaymentEvents(portOneClient(container, account.providerId), {
      cursor: cursor?.cursor ?? undefined,
      from: new Date(now.getTime() - FIRST_RUN_MS).toISOString(),
      maxEvents,
    })
  } catch (error) {
    const why = `${account.providerId}: ${(error as Error).message}`
    reportToOperator(container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), {
      message: `PortOne's payment events (GET /payment-events-by-cursor) of ${why} could not be read; the next run reads on from the same place. If this repeats, check that the API secret may read payments.`,
    })
    return { events: 0, flagged: 0, failed: true, error: why }
  }
  const flagged =
    (await flagChanged(module, account.providerId, run.paymentIds, now)) +
    (await trackUntrackedPortOnePayments(container, account.providerId, run.paymentIds, { dueAt: now, ledgerChangedAt: now })).length
  if (cursor) {
    await module.updateTossLedgerCursors({ id: cursor.id, read_until: now, cursor: run.cursor ?? cursor.cursor })
  } else {
    await module.createTossLedgerCursors({ provider_id: account.providerId, read_until: now, cursor: run.cursor ?? null })
  }
  return { events: run.paymentIds.length, flagged, failed: false }
}

/** The tracked payments of these events are due now, looked at before routine checks (the oldest change first). */
async function flagChanged(module: TossModuleService, providerId: string, paymentIds: string[], now: Date): Promise<number> {
  if (!paymentIds.length) {
    return 0
  }
  const tracked = await module.listTossTrackedPayments(
    { payment_session_id: paymentIds, provider_id: providerId },
    { select: ["id", "ledger_changed_at"] }
  )
  const updates = tracked.filter((row) => !row.ledger_changed_at).map((row) => ({ id: row.id, ledger_changed_at: now, next_check_at: now }))
  if (updates.length) {
    await module.updateTossTrackedPayments(updates)
  }
  return updates.length
}
