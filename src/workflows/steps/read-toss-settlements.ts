import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { keysFor, TossIntegration } from "../../providers/toss/options"
import { tossClient, tossOptions, TOSS_PROVIDER_ID } from "../../lib/toss-config"
import { kstDate } from "../../toss/time"
import type { TossSettlement } from "../../toss/types"

export interface ReadTossSettlementsInput {
  /** Rows per page (Toss allows up to 5000). */
  pageSize: number
  /** Pages read per run at most, over both key pairs; the rest is read by the next run. */
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
 * Reads Toss's settlements (정산) by sold date, a day at a time from where
 * the last run stopped, in pages, at most `maxPages` requests per run; stores
 * the rows about this store's payments (fee, VAT on it, payout and its date).
 */
export const readTossSettlementsStep = createStep(
  "read-toss-settlements",
  async ({ pageSize, maxPages }: ReadTossSettlementsInput, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const today = kstDate(new Date())
    const rereadFrom = kstDate(new Date(Date.now() - (REREAD_DAYS - 1) * DAY_MS))
    const reading: SettlementsReading = { pages: 0, rows: 0, stored: 0 }
    const options = tossOptions(container)
    for (const integration of ["payment", "widget"] as TossIntegration[]) {
      if (!keysFor(options, integration)) {
        continue
      }
      const [cursor] = await module.listTossSettlementCursors({ integration })
      let day = cursor?.sold_date ?? kstDate(new Date(Date.now() - FIRST_RUN_DAYS * DAY_MS))
      let page = cursor?.page ?? 1
      const client = tossClient(container, integration)
      while (day <= today && reading.pages < maxPages) {
        const rows = await client.listSettlements({ startDate: day, endDate: day, dateType: "soldDate", page, size: pageSize })
        reading.pages++
        reading.rows += rows.length
        reading.stored += await storeOwnRows(container, rows)
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
        await module.createTossSettlementCursors({ integration, sold_date: soldDate, page: nextPage })
      }
    }
    return new StepResponse(reading)
  }
)

/** Stores the rows about payments of this store that are not stored yet; returns how many. */
async function storeOwnRows(container: MedusaContainer, rows: TossSettlement[]): Promise<number> {
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
  // Rows of other shops on the same Toss keys have no session here.
  const { data: sessions } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment_session",
    fields: ["id"],
    filters: { id: [...new Set(fresh.map((row) => row.orderId))], provider_id: TOSS_PROVIDER_ID },
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
