import type { MedusaContainer } from "@medusajs/framework/types"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { PORTONE_INTEGRATION } from "../workflows/steps/start-portone-hand-off"

/** Medusa's payment session ids (`payses_` + ULID): the only paymentIds this store gives PortOne. */
const PAYMENT_SESSION_ID = /^payses_[A-Za-z0-9]+$/

/**
 * PortOne names payments of this registration's store that Medusa does not
 * track (a verified webhook, the payment events): every session is tracked
 * when it is made, so these are payments whose session was never tracked
 * or is gone. They are tracked now, due at `dueAt` (`ledgerChangedAt`: the
 * events' mark, looked at first), so the sync asks PortOne and gives back
 * what can have no order. Only ids of Medusa's session form: a payment
 * another system made in the same PortOne store is none of this store's
 * business. Returns the ids tracked now.
 */
export async function trackUntrackedPortOnePayments(
  container: MedusaContainer,
  providerId: string,
  paymentIds: string[],
  { dueAt, ledgerChangedAt = null }: { dueAt: Date; ledgerChangedAt?: Date | null }
): Promise<string[]> {
  const candidates = paymentIds.filter((id) => PAYMENT_SESSION_ID.test(id))
  if (!candidates.length) {
    return []
  }
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const known = new Set((await module.listTossTrackedPayments({ payment_session_id: candidates }, { select: ["payment_session_id"] })).map((row) => row.payment_session_id))
  const untracked = candidates.filter((id) => !known.has(id))
  await module.trackUntracked(
    untracked.map((id) => ({
      payment_session_id: id,
      provider_id: providerId,
      payment_key: id,
      integration: PORTONE_INTEGRATION,
      cart_id: null,
      next_check_at: dueAt,
      ledger_changed_at: ledgerChangedAt,
    }))
  )
  return untracked
}
