import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { reportToOperator } from "../../lib/report-to-operator"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { keysFor, TossIntegration } from "../../providers/toss/options"
import { TossAccount, tossAccounts, tossClient } from "../../lib/toss-config"
import { TossApiError } from "../../toss/errors"
import { kstLocal } from "../../toss/time"
import type { TossTransaction } from "../../toss/types"

export interface ReadTossLedgerInput {
  /** Rows per ledger page (Toss allows up to 5000). */
  pageSize: number
  /** Pages read per run at most; the rest is read by the next run. */
  maxPages: number
}

export interface LedgerReading {
  rows: number
  /** Tracked payments the ledger shows changed, now due for a lookup. */
  flagged: number
  /** Where the next run starts reading (null: no run has read it yet). */
  readUntil: string | null
  /**
   * Toss's ledger could not be read (after the client's retries): the
   * cursor stayed where it was, so the next run reads the gap, and this run
   * looks at unsettled payments in turn instead.
   */
  failed: boolean
  /** What Toss answered when it failed, for the health view (operators do not read logs). */
  error?: string | null
}

/**
 * Rows are read again from a little before where the last run stopped: a
 * transaction may be listed a moment after its `transactionAt`.
 */
const OVERLAP_MS = 10 * 60_000
/** How far back the very first run reads. */
const FIRST_RUN_MS = 24 * 60 * 60_000

/**
 * Reads each Toss account's transaction ledger since the last run: one
 * request per page, however many payments are unsettled, and at most
 * `maxPages` pages per account, so every account is read every run and a
 * busy one cannot hold up the others. Every approval or cancel Medusa has
 * not accounted for makes its payment due for a lookup, ahead of routine
 * checks (a lost deposit webhook, a confirm whose answer was lost, a cancel
 * made in the Toss dashboard). Rows about other shops' orders are skipped.
 */
export const readTossLedgerStep = createStep(
  "read-toss-ledger",
  async (input: ReadTossLedgerInput, { container }) => {
    const readings: LedgerReading[] = []
    for (const account of tossAccounts(container)) {
      readings.push(await readLedgerOf(container, account, input))
    }
    const failed = readings.filter((reading) => reading.failed)
    const cursors = readings.map((reading) => reading.readUntil)
    return new StepResponse<LedgerReading>({
      rows: readings.reduce((sum, reading) => sum + reading.rows, 0),
      flagged: readings.reduce((sum, reading) => sum + reading.flagged, 0),
      readUntil: cursors.includes(null) ? null : cursors.sort()[0] ?? null,
      failed: failed.length > 0,
      error: failed.length ? failed.map((reading) => reading.error).join("; ") : null,
    })
  }
)

async function readLedgerOf(container: MedusaContainer, account: TossAccount, { pageSize, maxPages }: ReadTossLedgerInput): Promise<LedgerReading> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const now = new Date()
  const cursor = await ledgerCursorOf(module, account.providerId)
  const from = new Date((cursor ? new Date(cursor.read_until).getTime() : now.getTime() - FIRST_RUN_MS) - OVERLAP_MS)
  const several = tossAccounts(container).length > 1

  let readUntil = now
  let rows = 0
  let flagged = 0
  try {
    for (const integration of ["payment", "widget"] as TossIntegration[]) {
      if (!keysFor(account.options, integration)) {
        continue
      }
      const client = tossClient(container, account.providerId, integration)
      let startingAfter: string | undefined
      for (let page = 1; ; page++) {
        const transactions = await client.listTransactions({ startDate: kstLocal(from), endDate: kstLocal(now), startingAfter, limit: pageSize })
        rows += transactions.length
        flagged += await flagUnaccounted(container, account.providerId, integration, transactions)
        if (transactions.length < pageSize) {
          break
        }
        const last = transactions[transactions.length - 1]
        if (page === maxPages) {
          // Not all read: the next run goes on from about here.
          const lastAt = new Date(last.transactionAt)
          readUntil = lastAt < readUntil ? lastAt : readUntil
          logger.warn(`Toss ledger of ${account.providerId}: more than ${maxPages * pageSize} rows since ${from.toISOString()}; the next run reads on`)
          break
        }
        startingAfter = last.transactionKey
      }
    }
  } catch (error) {
    // The ledger only speeds things up: the run goes on without it, and
    // what was flagged before the failure stays flagged.
    reportToOperator(logger, {
      message: `Toss's transaction ledger (GET /v1/transactions) of ${account.providerId} could not be read: ${(error as Error).message}. Reconciliation goes on by looking unsettled payments up in turn, and reads the ledger from ${from.toISOString()} once Toss serves it again. If this repeats, check that the secret key may read transactions.`,
    })
    const why = error instanceof TossApiError ? `${error.message} (${error.code})` : (error as Error).message
    return { rows, flagged, readUntil: cursor ? new Date(cursor.read_until).toISOString() : null, failed: true, error: several ? `${account.providerId}: ${why}` : why }
  }
  if (cursor) {
    await module.updateTossLedgerCursors({ id: cursor.id, read_until: readUntil })
  } else {
    await module.createTossLedgerCursors({ provider_id: account.providerId, read_until: readUntil })
  }
  return { rows, flagged, readUntil: readUntil.toISOString(), failed: false }
}

/**
 * The account's cursor. A cursor from before a store had several accounts
 * names none: the first account to read its ledger takes it over.
 */
async function ledgerCursorOf(module: TossModuleService, providerId: string) {
  const [own] = await module.listTossLedgerCursors({ provider_id: providerId }, { take: 1 })
  if (own) {
    return own
  }
  const [unclaimed] = await module.listTossLedgerCursors({ provider_id: null }, { take: 1 })
  return unclaimed ? module.updateTossLedgerCursors({ id: unclaimed.id, provider_id: providerId }) : null
}

/**
 * A transaction is accounted for when Medusa recorded it (a cancel made a
 * refund), when it is (or came before) the newest one of Toss's last answer
 * about the payment, or when the payment was looked up well after it (the
 * ledger shows times to the second, and clocks differ a little).
 */
const LOOKUP_AFTER_MS = 5_000

/** Marks the payments of these rows that Medusa has not accounted for as due first; returns how many. */
async function flagUnaccounted(container: MedusaContainer, providerId: string, integration: TossIntegration, transactions: TossTransaction[]): Promise<number> {
  if (transactions.length === 0) {
    return 0
  }
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const recorded = await module.recordedCancelKeys([...new Set(transactions.map((row) => row.paymentKey))])
  const orderIds = [...new Set(transactions.filter((row) => !recorded.has(row.transactionKey)).map((row) => row.orderId))]
  if (orderIds.length === 0) {
    return 0
  }
  const tracked = await module.listTossTrackedPayments(
    { payment_session_id: orderIds },
    { select: ["id", "payment_session_id", "last_checked_at", "last_transaction_key", "ledger_changed_at"] }
  )
  const trackedByOrder = new Map(tracked.map((payment) => [payment.payment_session_id, payment]))
  // The newest transaction of Toss's last answer, and so every row before it (the ledger is in order).
  const seenUntil = new Map<string, number>()
  transactions.forEach((row, index) => {
    if (trackedByOrder.get(row.orderId)?.last_transaction_key === row.transactionKey) {
      seenUntil.set(row.orderId, index)
    }
  })
  // Per order, the earliest change Medusa has not seen.
  const changed = new Map<string, TossTransaction>()
  for (const [index, row] of transactions.entries()) {
    const payment = trackedByOrder.get(row.orderId)
    const at = new Date(row.transactionAt).getTime()
    const seen =
      recorded.has(row.transactionKey) ||
      index <= (seenUntil.get(row.orderId) ?? -1) ||
      (payment?.last_checked_at && new Date(payment.last_checked_at).getTime() > at + LOOKUP_AFTER_MS)
    if (!seen && !changed.has(row.orderId)) {
      changed.set(row.orderId, row)
    }
  }
  const updates = [...changed.values()]
    .map((row) => ({ row, payment: trackedByOrder.get(row.orderId) }))
    .filter(({ payment }) => payment && !payment.ledger_changed_at)
    .map(({ row, payment }) => ({ id: payment!.id, ledger_changed_at: new Date(row.transactionAt), next_check_at: new Date() }))
  if (updates.length) {
    await module.updateTossTrackedPayments(updates)
  }
  // A change to a payment of this store that was never tracked (made before
  // tracking existed): track it now. Rows of other shops have no session of this account here.
  const untracked = [...changed.keys()].filter((orderId) => !trackedByOrder.has(orderId))
  let created = 0
  if (untracked.length) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: sessions } = await query.graph({
      entity: "payment_session",
      fields: ["id"],
      filters: { id: untracked, provider_id: providerId },
    })
    if (sessions.length) {
      await module.createTossTrackedPayments(
        sessions.map((session: { id: string }) => {
          const row = changed.get(session.id)!
          return {
            payment_session_id: row.orderId,
            provider_id: providerId,
            payment_key: row.paymentKey,
            integration,
            ledger_changed_at: new Date(row.transactionAt),
            next_check_at: new Date(),
          }
        })
      )
      created = sessions.length
    }
  }
  return updates.length + created
}
