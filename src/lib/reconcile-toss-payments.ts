import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentSessionStatus } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"
import type { TossSessionData } from "../providers/toss/session-data"
import { syncTossPayment, SyncOutcome } from "./sync-toss-payment"
import { TOSS_PROVIDER_ID } from "./toss-config"

export interface ReconcileOptions {
  /** Most payments asked about in one run. */
  limit?: number
  /** Leave sessions younger than this alone: their checkout may still be running. */
  minAgeMs?: number
  /** Pause between two Toss lookups, to spread a run's requests out. */
  pauseMs?: number
}

/** A virtual account is due within 7 days; a day more covers late deposits and reversals. */
const VIRTUAL_ACCOUNT_WINDOW_MS = 8 * 24 * 3600_000
/**
 * Toss expires an authenticated payment that is not confirmed within 10
 * minutes, so a confirm's outcome is settled at Toss well within an hour.
 */
const CONFIRM_WINDOW_MS = 3600_000

/**
 * Asks Toss about every Toss session whose outcome Medusa may not know, and
 * applies the same logic as the webhooks, so a webhook that never came (or
 * failed while being handled) loses nothing:
 * - virtual accounts waiting for their deposit (`pending_authorization`);
 * - hand-offs whose confirm did not finish: the storefront passed a
 *   paymentKey but the session never became authorised. (When the shopper
 *   starts over instead, the provider's `deletePayment` gives back whatever
 *   Toss took for the replaced session.)
 * Sequential, one lookup per payment per run, bounded by `limit`.
 */
export async function reconcileTossPayments(
  container: MedusaContainer,
  { limit = 50, minAgeMs = 60_000, pauseMs = 100 }: ReconcileOptions = {}
): Promise<Record<string, SyncOutcome | "failed">> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const waiting = await unsettledSessions(container, [PaymentSessionStatus.PENDING_AUTHORIZATION], minAgeMs, VIRTUAL_ACCOUNT_WINDOW_MS, limit)
  const uncertain = await unsettledSessions(
    container,
    [PaymentSessionStatus.PENDING, PaymentSessionStatus.ERROR],
    minAgeMs,
    CONFIRM_WINDOW_MS,
    limit
  )
  const due = [...uncertain, ...waiting].slice(0, limit)

  const outcomes: Record<string, SyncOutcome | "failed"> = {}
  for (const data of due) {
    try {
      outcomes[data.orderId] = await syncTossPayment(container, { paymentKey: data.paymentKey, orderId: data.orderId }, { capture: true })
    } catch (error) {
      outcomes[data.orderId] = "failed"
      logger.warn(`Toss reconciliation of orderId ${data.orderId} failed, will retry next run: ${(error as Error).message}`)
    }
    await sleep(pauseMs)
  }
  return outcomes
}

async function unsettledSessions(
  container: MedusaContainer,
  status: PaymentSessionStatus[],
  minAgeMs: number,
  maxAgeMs: number,
  limit: number
): Promise<TossSessionData[]> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const now = Date.now()
  const { data: sessions } = await query.graph({
    entity: "payment_session",
    fields: ["id", "data", "updated_at"],
    filters: {
      provider_id: TOSS_PROVIDER_ID,
      status,
      updated_at: { $lte: new Date(now - minAgeMs).toISOString(), $gte: new Date(now - maxAgeMs).toISOString() },
    },
    pagination: { order: { updated_at: "ASC" }, take: limit * 4 },
  })
  return sessions
    .map((session: { data: unknown }) => session.data as TossSessionData)
    .filter((data: TossSessionData) => data?.paymentKey && data.orderId)
    .slice(0, limit)
}
