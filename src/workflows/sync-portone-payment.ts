import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { operatorItemsFor } from "../lib/operator-items"
import { planSync, portOneView, RECHECK_SOON_MS, SyncOutcome } from "../lib/sync-plan"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"
import type { Payment } from "../portone/types"
import { cancelPaymentSessionStep } from "./steps/cancel-payment-session"
import { claimCancelsStep } from "./steps/claim-cancels"
import { giveBackAtPortOneStep } from "./steps/give-back-at-portone"
import { readPortOnePaymentStateStep } from "./steps/read-portone-payment-state"
import { recordPortOneCancelsStep } from "./steps/record-portone-cancels"
import { cancelUnpaidOrderStep, capturePortOnePaymentStep } from "./steps/run-medusa-workflow"
import { savePaymentViewStep, withAnswer } from "./steps/save-payment-view"
import { TrackedAnswer, trackPaymentStep } from "./steps/track-payment"
import { updateOperatorItemsStep } from "./steps/update-toss-operator-items"

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

  const reading = readPortOnePaymentStateStep({ paymentSessionId: input.paymentSessionId, requestedAt: input.requestedAt })
  const plan = transform({ reading }, ({ reading }) =>
    reading.skipped ? null : planSync(reading.state, portOneView(reading.payment), { now: new Date(reading.checkedAt) })
  )
  const acts = transform({ plan }, ({ plan }) =>
    Boolean(plan && (plan.capture || plan.giveBack || plan.cancelSession || plan.cancelOrderId || plan.recordCancels.length))
  )
  const tracked = transform({ reading }, ({ reading }): TrackedAnswer | null =>
    reading.payment ? { status: String(reading.payment.status), dueDate: portOneView(reading.payment).dueDate } : null
  )

  // Until the changes below are done, the payment stays due for the next reconciliation run.
  when("track-before-acting", { plan }, ({ plan }) => !!plan).then(() => {
    trackPaymentStep({
      paymentSessionId: input.paymentSessionId,
      answer: tracked,
      checkedAt: reading.checkedAt,
      nextCheckAt: transform({ plan, acts, reading }, ({ plan, acts, reading }) =>
        acts ? new Date(new Date(reading.checkedAt).getTime() + RECHECK_SOON_MS) : plan!.nextCheckAt
      ),
    }).config({ name: "track-before-acting" })
  })

  when("capture-portone-payment", { plan }, ({ plan }) => !!plan?.capture).then(() => {
    capturePortOnePaymentStep(transform({ reading }, ({ reading }) => ({ sessionId: reading.state.session!.id, payment: reading.payment as Paid })))
  })

  when("give-back-at-portone", { plan }, ({ plan }) => !!plan?.giveBack).then(() => {
    giveBackAtPortOneStep(
      transform({ reading, plan }, ({ reading, plan }) => ({ payment: reading.payment as Paid, providerId: reading.providerId!, reason: plan!.giveBack! }))
    )
  })

  when("cancel-portone-session", { plan, reading }, ({ plan, reading }) => !!plan?.cancelSession && !!reading.state.session).then(() => {
    cancelPaymentSessionStep(
      transform({ reading }, ({ reading }) => ({
        session: reading.state.session!,
        data: withAnswer({ ...reading.state.session!.data }, { road: "portone", payment: reading.payment! }),
      }))
    )
  })

  when("cancel-order", { plan }, ({ plan }) => !!plan?.cancelOrderId).then(() => {
    cancelUnpaidOrderStep(transform({ plan }, ({ plan }) => plan!.cancelOrderId!))
  })

  when("record-portone-cancels", { plan }, ({ plan }) => !!plan?.recordCancels.length).then(() => {
    const cancels = transform({ reading, plan }, ({ reading, plan }) => ({
      paymentId: reading.state.payment!.id,
      paymentKey: input.paymentSessionId,
      paymentSessionId: input.paymentSessionId,
      cancels: plan!.recordCancels,
    }))
    const claimed = claimCancelsStep(cancels)
    recordPortOneCancelsStep(
      transform({ cancels, claimed, reading }, ({ cancels, claimed, reading }) => ({ paymentId: cancels.paymentId, payment: reading.payment!, cancels: cancels.cancels, claimed }))
    )
  })

  when("update-operator-items", { plan }, ({ plan }) => !!plan).then(() => {
    updateOperatorItemsStep(
      transform({ reading, plan }, ({ reading, plan }) => ({
        paymentSessionId: reading.state.paymentSessionId,
        changes: operatorItemsFor(reading.state, portOneView(reading.payment), plan, new Date(reading.checkedAt)),
      }))
    )
  })

  // (A capture stores PortOne's view itself, with the payment it creates.)
  when("save-portone-payment-view", { plan, reading }, ({ plan, reading }) => !!plan && !!reading.payment && !plan.cancelSession && !plan.capture).then(() => {
    savePaymentViewStep(
      transform({ reading, plan }, ({ reading, plan }) => ({
        state: reading.state,
        answer: { road: "portone" as const, payment: reading.payment! },
        psp: portOneView(reading.payment!),
        adoptCancels: plan!.adoptCancels,
      }))
    )
  })

  when("track-after-acting", { acts }, ({ acts }) => acts).then(() => {
    trackPaymentStep({
      paymentSessionId: input.paymentSessionId,
      answer: tracked,
      checkedAt: reading.checkedAt,
      nextCheckAt: transform({ plan }, ({ plan }) => plan!.nextCheckAt),
    }).config({ name: "track-after-acting" })
  })

  releaseLockStep({ key: lockKey })
  return new WorkflowResponse(transform({ plan }, ({ plan }): SyncOutcome | "answered-since" => plan?.outcome ?? "answered-since"))
})
