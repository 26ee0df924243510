import { transform, when, WorkflowData } from "@medusajs/framework/workflows-sdk"
import { operatorItemsFor } from "../lib/operator-items"
import { MedusaPaymentState, PspPaymentView, RECHECK_SOON_MS, SyncPlan } from "../lib/sync-plan"
import { cancelPaymentSessionStep } from "./steps/cancel-payment-session"
import { cancelUnpaidOrderStep } from "./steps/run-medusa-workflow"
import { PaymentAnswer, savePaymentViewStep, withAnswer } from "./steps/save-payment-view"
import { TrackedAnswer, trackPaymentStep } from "./steps/track-payment"
import { updateOperatorItemsStep } from "./steps/update-toss-operator-items"

/** What a road's sync read, in the words its Medusa-side bookkeeping needs. */
export interface SyncReading {
  paymentSessionId: string
  /** The registration whose merchant answered, for a tracked row that names none. */
  providerId: string | null
  state: MedusaPaymentState<object>
  checkedAt: string
  /** The PSP's answer (the road's own shape) and its view; null: none (undefined view: the PSP could not be asked). */
  answer: PaymentAnswer | null
  psp: PspPaymentView | null | undefined
  tracked: TrackedAnswer | null
}

/**
 * The bookkeeping before a sync acts, the same for every road: the tracked
 * row takes the answer, and stays due soon until the changes are done (a
 * sync that fails halfway is picked up by the next reconciliation run).
 * Returns whether the plan acts at all.
 */
export function trackBeforeActing(sync: WorkflowData<SyncReading>, plan: WorkflowData<SyncPlan | null>): WorkflowData<boolean> {
  const acts = transform({ plan }, ({ plan }) =>
    Boolean(plan && (plan.capture || plan.giveBack || plan.cancelSession || plan.cancelOrderId || plan.recordCancels.length))
  )
  when("track-before-acting", { plan }, ({ plan }) => !!plan).then(() => {
    trackPaymentStep(
      transform({ sync, plan, acts }, ({ sync, plan, acts }) => ({
        paymentSessionId: sync.paymentSessionId,
        providerId: sync.providerId,
        answer: sync.tracked,
        checkedAt: sync.checkedAt,
        nextCheckAt: acts ? new Date(new Date(sync.checkedAt).getTime() + RECHECK_SOON_MS) : plan!.nextCheckAt,
      }))
    ).config({ name: "track-before-acting" })
  })
  return acts
}

/**
 * The PSP will never take this payment (or its order was cancelled): the
 * session is cancelled with the PSP's view in its data, and an order that
 * can no longer be paid is cancelled with Medusa's own workflow.
 */
export function cancelSessionAndOrder(sync: WorkflowData<SyncReading>, plan: WorkflowData<SyncPlan | null>): void {
  when("cancel-payment-session", { plan, sync }, ({ plan, sync }) => !!plan?.cancelSession && !!sync.state.session && !!sync.answer).then(() => {
    cancelPaymentSessionStep(
      transform({ sync }, ({ sync }) => ({
        session: sync.state.session!,
        data: withAnswer({ ...(sync.state.session!.data as Record<string, unknown>) }, sync.answer!),
      }))
    )
  })

  when("cancel-order", { plan }, ({ plan }) => !!plan?.cancelOrderId).then(() => {
    cancelUnpaidOrderStep(transform({ plan }, ({ plan }) => plan!.cancelOrderId!))
  })
}

/**
 * The bookkeeping after a sync acted, the same for every road: operator
 * items opened when found and resolved once the PSP's answer shows the case
 * is over, the PSP's view written into Medusa's data when it changed (a
 * capture stores it itself, with the payment it creates), and the tracked
 * row's next look.
 */
export function trackAfterActing(sync: WorkflowData<SyncReading>, plan: WorkflowData<SyncPlan | null>, acts: WorkflowData<boolean>): void {
  when("update-operator-items", { plan }, ({ plan }) => !!plan).then(() => {
    updateOperatorItemsStep(
      transform({ sync, plan }, ({ sync, plan }) => ({
        paymentSessionId: sync.paymentSessionId,
        changes: operatorItemsFor(sync.state, sync.psp, plan, new Date(sync.checkedAt)),
      }))
    )
  })

  when("save-payment-view", { plan, sync }, ({ plan, sync }) => !!plan && !!sync.answer && !plan.cancelSession && !plan.capture).then(() => {
    savePaymentViewStep(
      transform({ sync, plan }, ({ sync, plan }) => ({ state: sync.state, answer: sync.answer!, psp: sync.psp!, adoptCancels: plan!.adoptCancels }))
    )
  })

  when("track-after-acting", { acts }, ({ acts }) => acts).then(() => {
    trackPaymentStep(
      transform({ sync, plan }, ({ sync, plan }) => ({
        paymentSessionId: sync.paymentSessionId,
        answer: sync.tracked,
        checkedAt: sync.checkedAt,
        nextCheckAt: plan!.nextCheckAt,
      }))
    ).config({ name: "track-after-acting" })
  })
}
