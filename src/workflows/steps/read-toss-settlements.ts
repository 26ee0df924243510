import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { keysFor, TossIntegration } from "../../providers/toss/options"
import { TossAccount, tossAccounts, tossClient } from "../../lib/toss-config"
import { kstDate } from "../../toss/time"
import type { TossSettlement } from "../../toss/types"

export interface ReadTossSettlementsInput {
  /** Rows per page (Toss allows up to 5000). */
  pageSize: number
  /** Pages read per run at most, per Toss account (over its key pairs); the rest is read by the next run. */
  maxPages: number
}

export interface SettlementsReading {
  pages: number
  rows: number
  /** Rows about payments of this store, newly stored. */
  stored: number
}

const DAY_MS = 24 * 60 * 60_000
/** How far back the very first run reads. */
const FIRST_RUN_DAYS = 7
/**
 * Toss lists a day's settlements on a later business day: the last days are
 * read again every run (rows already stored are skipped by transaction key).
 */
const REREAD_DAYS = 3

const nextDay = (date: string) => kstDate(new Date(new Date(`${date}T00:00:00+09:00`).getTime() + DAY_MS))

/**
 * Reads each Toss account's settlements (정산) by sold date, a day at a time
 * from where its last run stopped, in pages, at most `maxPages` requests per
 * account and run (so every account is read every run); stores the rows
 * about this store's payments (fee, VAT on it, payout and its date).
 */
export const readTossSettlementsStep = createStep(
  "read-toss-settlements",
  async (input: ReadTossSettlementsInput, { container }) => {
    const reading: SettlementsReading = { pages: 0, rows: 0, stored: 0 }
    for (const account of tossAccounts(container)) {
      await readSettlementsOf(container, account, input, reading)
    }
    return new StepResponse(reading)
  }
)

async function readSettlementsOf(container: MedusaContainer, account: TossAccount, { pageSize, maxPages }: ReadTossSettlementsInput, reading: SettlementsReading) {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const today = kstDate(new Date())
  const rereadFrom = kstDate(new Date(Date.now() - (REREAD_DAYS - 1) * DAY_MS))
  let pages = 0
  for (const integration of ["payment", "widget"] as TossIntegration[]) {
    if (!keysFor(account.options, integration)) {
      continue
    }
    const cursor = await settlementCursorOf(module, account.providerId, integration)
    let day = cursor?.sold_date ?? kstDate(new Date(Date.now() - FIRST_RUN_DAYS * DAY_MS))
    let page = cursor?.page ?? 1
    const client = tossClient(container, account.providerId, integration)
    while (day <= today && pages < maxPages) {
      const rows = await client.listSettlements({ startDate: day, endDate: day, dateType: "soldDate", page, size: pageSize })
      pages++
      reading.pages++
      reading.rows += rows.length
      reading.stored += await storeOwnRows(container, account.providerId, rows)
      if (rows.length === pageSize) {
        page++
      } else {
        day = nextDay(day)
        page = 1
      }
    }
    // Where this run stopped; once all is read, back to the days read again.
    const [soldDate, nextPage] = day > today ? [rereadFrom, 1] : [day, page]
    if (cursor) {
      await module.updateTossSettlementCursors({ id: cursor.id, sold_date: soldDate, page: nextPage })
    } else {
      await module.createTossSettlementCursors({ provider_id: account.providerId, integration, sold_date: soldDate, page: nextPage })
    }
  }
}

/**
 * The account's cursor for one key pair. Cursors from before a store had
 * several accounts name none: the first account to read takes them over.
 */
async function settlementCursorOf(module: TossModuleService, providerId: string, integration: TossIntegration) {
  const [own] = await module.listTossSettlementCursors({ provider_id: providerId, integration })
  if (own) {
    return own
  }
  const [unclaimed] = await module.listTossSettlementCursors({ provider_id: null, integration })
  return unclaimed ? module.updateTossSettlementCursors({ id: unclaimed.id, provider_id: providerId }) : null
}

/** Stores the rows about payments of this store that are not stored yet; returns how many. */
async function storeOwnRows(container: MedusaContainer, providerId: string, rows: TossSettlement[]): Promise<number> {
  if (rows.length === 0) {
    return 0
  }
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const stored = new Set(
    (await module.listTossSettlements({ transaction_key: rows.map((row) => row.transactionKey) }, { select: ["transaction_key"] })).map((row) => row.transaction_key)
  )
  const fresh = rows.filter((row) => !stored.has(row.transactionKey))
  if (fresh.length === 0) {
    return 0
  }
  // Rows of other shops on the same Toss keys have no session of this account here.
  const { data: sessions } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment_session",
    fields: ["id"],
    filters: { id: [...new Set(fresh.map((row) => row.orderId))], provider_id: providerId },
  })
  const ours = new Set(sessions.map((session: { id: string }) => session.id))
  const own = fresh.filter((row) => ours.has(row.orderId))
  if (own.length) {
    await module.createTossSettlements(
      own.map((row) => ({
        transaction_key: row.transactionKey,
        payment_key: row.paymentKey,
        payment_session_id: row.orderId,
        method: row.method,
        amount: row.amount,
        fee: row.supplyAmount,
        vat: row.vat,
        payout_amount: row.payOutAmount,
        sold_date: row.soldDate,
        paid_out_date: row.paidOutDate,
      }))
    )
  }
  return own.length
}
