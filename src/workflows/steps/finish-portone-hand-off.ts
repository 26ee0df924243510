import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import { waitingAccountRecheck } from "../../lib/sync-plan"
import { PORTONE_CANCELLED, PORTONE_FAILED, PORTONE_MISMATCH } from "../../providers/portone/authorize"
import { meaningOf } from "../../providers/portone/const"
import type { PortOneSessionData } from "../../providers/portone/session"

export interface FinishPortOneHandOffInput {
  paymentSessionId: string
  /** The completion's error, if it failed. */
  error?: { code?: string; type?: string } | null
}

/** PortOne's status after a refusal it gave for certain (the provider gave the payment back, or PortOne failed or cancelled it). */
const REFUSED_STATUS: Record<string, string> = {
  [PORTONE_MISMATCH]: "CANCELLED",
  [PORTONE_FAILED]: "FAILED",
  [PORTONE_CANCELLED]: "CANCELLED",
}

/**
 * After the completion: what PortOne's answer settled is written down, so
 * the reconciliation spends no lookup on it. A paid payment is settled, a
 * virtual account is watched until it expires, a refusal PortOne gave for
 * certain is settled too; anything uncertain stays due.
 */
export const finishPortOneHandOffStep = createStep(
  "finish-portone-hand-off",
  async ({ paymentSessionId, error }: FinishPortOneHandOffInput, { container }) => {
    const module = container.resolve<TossModuleService>(TOSS_MODULE)
    const [tracked] = await module.listTossTrackedPayments({ payment_session_id: paymentSessionId }, { select: ["id"] })
    if (!tracked) {
      return new StepResponse(null)
    }
    const now = new Date()
    const session = await container
      .resolve(Modules.PAYMENT)
      .retrievePaymentSession(paymentSessionId, { select: ["id", "data"] })
      .catch(() => null)
    const data = session?.data as unknown as PortOneSessionData | undefined
    const status = data?.status ?? null
    const meaning = status ? meaningOf({ status } as never) : null
    if (!error && meaning?.confirmed) {
      const expiredAt = data!.payment?.virtualAccount?.expiredAt
      const waiting = !meaning.paid && !meaning.final
      await module.updateTossTrackedPayments({
        id: tracked.id,
        status,
        due_at: waiting && expiredAt ? new Date(expiredAt) : null,
        last_checked_at: now,
        next_check_at: waiting ? waitingAccountRecheck(expiredAt, now) : null,
      })
      return new StepResponse(tracked.id)
    }
    const refusedStatus = error?.code ? REFUSED_STATUS[error.code] : undefined
    if (refusedStatus) {
      await module.updateTossTrackedPayments({ id: tracked.id, status: refusedStatus, last_checked_at: now, next_check_at: null })
    }
    return new StepResponse(tracked.id)
  }
)
