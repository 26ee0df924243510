import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { planSync, SyncOutcome, tossView } from "../lib/sync-plan"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import { giveBackAtTossStep } from "./steps/give-back-at-toss"
import { readTossPaymentStateStep } from "./steps/read-toss-payment-state"
import { claimCancelsStep } from "./steps/claim-cancels"
import { recordTossCancelsStep } from "./steps/record-toss-cancels"
import { captureTossPaymentStep } from "./steps/run-medusa-workflow"
import { cancelSessionAndOrder, SyncReading, trackAfterActing, trackBeforeActing } from "./sync-bookkeeping"
import type { TossIntegration } from "../providers/toss/options"
import type { TossPayment } from "../toss/types"

export interface SyncTossPaymentInput {
  /** Toss's orderId: the Medusa payment session id. */
  orderId: string
  /** When the change was learnt (a webhook's arrival): skips Toss if it was asked since. */
  requestedAt?: number | null
  /** The `secret` a DEPOSIT_CALLBACK claimed; an event whose secret is not Toss's changes nothing. */
  secret?: string | null
  /** Ask Toss now, not take an answer the client remembers from before the lock (the refund, which cancels on it). */
  fresh?: boolean
}

export interface SyncTossPaymentStepsResult {
  outcome: SyncOutcome | "answered-since"
  /**
   * Toss's answer, taken under the lock, when the sync changed nothing at
   * Toss: still Toss's state for as long as the lock is held.
   */
  answer: TossPayment | null
}

export const syncTossPaymentWorkflowId = "sync-toss-payment"

/**
 * The sync's steps, for a workflow that holds the payment's lock: the sync
 * itself, and the refund, which syncs first under the lock it then refunds
 * under (see `toss-payment-lock.ts`).
 */
export function syncTossPaymentSteps(input: WorkflowData<SyncTossPaymentInput>): WorkflowData<SyncTossPaymentStepsResult> {
  const reading = readTossPaymentStateStep({ orderId: input.orderId, requestedAt: input.requestedAt, fresh: input.fresh })
  const plan = transform({ reading, input }, ({ reading, input }) =>
    reading.skipped ? null : planSync(reading.state, tossView(reading.toss), { now: new Date(reading.checkedAt), secret: input.secret })
  )
  const toss = transform({ reading }, ({ reading }) => reading.toss ?? null)
  const sync = transform({ reading, input }, ({ reading, input }): SyncReading => {
    const toss = reading.toss
    return {
      paymentSessionId: input.orderId,
      providerId: reading.providerId,
      state: reading.state,
      checkedAt: reading.checkedAt,
      answer: toss ? { road: "toss", toss } : null,
      psp: tossView(toss),
      tracked: toss
        ? {
            status: toss.status,
            dueDate: toss.virtualAccount?.dueDate,
            lastTransactionKey: toss.lastTransactionKey,
            // A saved card's charge whose answer was lost: its paymentKey, now that Toss told.
            paymentKey: toss.orderId === input.orderId ? toss.paymentKey : null,
          }
        : null,
    }
  })
  const acts = trackBeforeActing(sync, plan)

  when("capture-toss-payment", { plan }, ({ plan }) => !!plan?.capture).then(() => {
    captureTossPaymentStep(transform({ reading }, ({ reading }) => ({ sessionId: reading.state.session!.id, toss: reading.toss! })))
  })

  when("give-back-at-toss", { plan }, ({ plan }) => !!plan?.giveBack).then(() => {
    giveBackAtTossStep(
      transform({ reading, plan }, ({ reading, plan }) => ({
        toss: reading.toss!,
        providerId: reading.providerId!,
        integration: reading.state.session?.data.integration ?? (reading.state.tracked?.integration as TossIntegration | undefined) ?? "payment",
        cancelReason: plan!.giveBack!,
      }))
    )
  })

  cancelSessionAndOrder(sync, plan)

  when("record-toss-cancels", { plan }, ({ plan }) => !!plan?.recordCancels.length).then(() => {
    const cancels = transform({ reading, plan }, ({ reading, plan }) => ({
      paymentId: reading.state.payment!.id,
      paymentKey: reading.toss!.paymentKey,
      paymentSessionId: reading.toss!.orderId,
      cancels: plan!.recordCancels,
    }))
    const claimed = claimCancelsStep(cancels)
    recordTossCancelsStep(
      transform({ cancels, claimed, reading }, ({ cancels, claimed, reading }) => ({ paymentId: cancels.paymentId, toss: reading.toss!, cancels: cancels.cancels, claimed }))
    )
  })

  trackAfterActing(sync, plan, acts)

  return transform({ plan, toss }, ({ plan, toss }): SyncTossPaymentStepsResult => ({
    outcome: plan?.outcome ?? "answered-since",
    // A give-back or a closed virtual account changed the payment at Toss: that answer is past.
    answer: plan && !plan.giveBack && !plan.cancelSession ? toss : null,
  }))
}

/**
 * Brings Medusa in line with what Toss knows about one payment: the only
 * place where Toss's word becomes Medusa state. The webhook subscriber, the
 * reconciliation job, the admin refund and the order cancellation all run
 * it. Under the payment's lock it reads Medusa, asks Toss (with the secret
 * key: a webhook's body is only a hint), decides (`planSync`), then
 * captures, records refunds, gives money back or cancels, with Medusa's own
 * workflows where Medusa has one (each run as a workflow of its own, so that
 * it takes Medusa's cart or order lock).
 */
export const syncTossPaymentWorkflow = createWorkflow(syncTossPaymentWorkflowId, (input: WorkflowData<SyncTossPaymentInput>) => {
  const lockKey = transform({ input }, ({ input }) => tossPaymentLockKey(input.orderId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })
  const synced = syncTossPaymentSteps(input)
  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ synced }, ({ synced }) => synced.outcome))
})
