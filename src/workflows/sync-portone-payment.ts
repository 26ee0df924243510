import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { planSync, portOneView, RECHECK_SOON_MS, SyncOutcome } from "../lib/sync-plan"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import type { Payment } from "../portone/types"
import { claimCancelsStep } from "./steps/claim-cancels"
import { giveBackAtPortOneStep } from "./steps/give-back-at-portone"
import { readPortOnePaymentStateStep } from "./steps/read-portone-payment-state"
import { recordPortOneCancelsStep } from "./steps/record-portone-cancels"
import { capturePortOnePaymentStep } from "./steps/run-medusa-workflow"
import { cancelSessionAndOrder, SyncReading, trackAfterActing, trackBeforeActing } from "./sync-bookkeeping"

export interface SyncPortOnePaymentInput {
  /** PortOne's paymentId: the Medusa payment session id. */
  paymentSessionId: string
  /** When the change was learnt (a webhook's arrival): skips PortOne if it was asked since. */
  requestedAt?: number | null
}

type Paid = Extract<Payment, { amount: unknown }>

export const syncPortOnePaymentWorkflowId = "sync-portone-payment"

/**
 * Brings Medusa in line with what PortOne knows about one payment, as
 * `syncTossPaymentWorkflow` does for Toss, with the same decision table
 * (`planSync`, fed `portOneView`) and the same Medusa-side steps: under the
 * payment's lock it reads Medusa, asks PortOne (a webhook is only a
 * pointer), decides, then captures, records PortOne's console cancels as
 * Medusa refunds (once each: the recorded-cancel claim), gives money back in
 * full with its tax-free share, closes a virtual account or cancels.
 */
export const syncPortOnePaymentWorkflow = createWorkflow(syncPortOnePaymentWorkflowId, (input: WorkflowData<SyncPortOnePaymentInput>) => {
  const lockKey = transform({ input }, ({ input }) => tossPaymentLockKey(input.paymentSessionId))
  acquireLockStep({ key: lockKey, ...TOSS_PAYMENT_LOCK })

  const { outcome } = syncPortOnePaymentSteps(input)

  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(outcome)
})

/**
 * The sync's steps, for a workflow that holds the payment's lock: the sync
 * itself, and the admin's look-up and refund, which sync first under the
 * lock they then act under (see `toss-payment-lock.ts`).
 */
export function syncPortOnePaymentSteps(input: WorkflowData<SyncPortOnePaymentInput>) {
  const reading = readPortOnePaymentStateStep({ paymentSessionId: input.paymentSessionId, requestedAt: input.requestedAt })
  const plan = transform({ reading }, ({ reading }) =>
    reading.skipped ? null : planSync(reading.state, portOneView(reading.payment), { now: new Date(reading.checkedAt) })
  )
  const sync = transform({ reading, input }, ({ reading, input }): SyncReading => {
    const payment = reading.payment
    const psp = portOneView(payment)
    return {
      paymentSessionId: input.paymentSessionId,
      providerId: reading.providerId,
      state: reading.state,
      checkedAt: reading.checkedAt,
      answer: payment ? { road: "portone", payment } : null,
      psp,
      tracked: payment ? { status: String(payment.status), dueDate: psp?.dueDate } : null,
    }
  })
  const acts = trackBeforeActing(sync, plan)

  when("capture-portone-payment", { plan }, ({ plan }) => !!plan?.capture).then(() => {
    capturePortOnePaymentStep(transform({ reading }, ({ reading }) => ({ sessionId: reading.state.session!.id, payment: reading.payment as Paid })))
  })

  const givenBack = when("give-back-at-portone", { plan }, ({ plan }) => !!plan?.giveBack).then(() =>
    giveBackAtPortOneStep(
      transform({ reading }, ({ reading }) => ({ payment: reading.payment as Paid, providerId: reading.providerId! }))
    )
  )
  // The row takes PortOne's status after a give-back; one PortOne does not yet show CANCELLED is looked at again soon.
  const settled = transform({ plan, givenBack, reading }, ({ plan, givenBack, reading }) =>
    plan?.giveBack && givenBack !== "CANCELLED" ? { ...plan, nextCheckAt: new Date(new Date(reading.checkedAt).getTime() + RECHECK_SOON_MS) } : plan
  )
  const after = transform({ sync, givenBack }, ({ sync, givenBack }): SyncReading =>
    givenBack && sync.tracked ? { ...sync, tracked: { ...sync.tracked, status: givenBack } } : sync
  )

  cancelSessionAndOrder(sync, plan)

  when("record-portone-cancels", { plan }, ({ plan }) => !!plan?.recordCancels.length).then(() => {
    const cancels = transform({ reading, plan }, ({ reading, plan }) => ({
      paymentId: reading.state.payment!.id,
      paymentKey: input.paymentSessionId,
      paymentSessionId: input.paymentSessionId,
      cancels: plan!.recordCancels,
    }))
    const claimed = claimCancelsStep(cancels)
    recordPortOneCancelsStep(
      transform({ cancels, claimed }, ({ cancels, claimed }) => ({ paymentId: cancels.paymentId, cancels: cancels.cancels, claimed }))
    )
  })

  trackAfterActing(after, settled, acts)
  const outcome = transform({ plan }, ({ plan }): SyncOutcome | "answered-since" => plan?.outcome ?? "answered-since")
  const payment = transform({ reading }, ({ reading }) => reading.payment ?? null)
  // PortOne's answer the sync acted on; null: not asked, unreachable, or no such payment.
  return { outcome, payment }
}
