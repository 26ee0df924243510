import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimTossReconcileRunStep, releaseTossReconcileRunStep } from "./steps/claim-toss-reconcile-run"
import { readPortOneEventsStep } from "./steps/read-portone-events"
import { readTossLedgerStep } from "./steps/read-toss-ledger"
import { syncDuePaymentsStep } from "./steps/sync-due-payments"

export interface ReconcileTossPaymentsInput {
  /** Most payments looked up in one run. */
  lookups?: number
  /** Pause between two lookups, to keep a run's pace inside Toss's limits. */
  pauseMs?: number
  ledgerPageSize?: number
  ledgerMaxPages?: number
  /** PortOne payment events read per store per run at most. */
  portOneMaxEvents?: number
}

export interface ReconcileSummary {
  ran: boolean
  /** Toss's ledger could not be read this run: unsettled payments were looked up in turn. */
  ledgerFailed: boolean
  /** Toss's answer when its ledger could not be read. */
  ledgerError?: string | null
  ledgerRows: number
  /** PortOne's payment events read this run, and whether they could be read. */
  portOneEvents: number
  portOneEventsFailed: boolean
  flagged: number
  checked: number
  outcomes: Record<string, string>
}

export const reconcileTossPaymentsWorkflowId = "reconcile-toss-payments"

/**
 * What the scheduled job runs: Medusa answers webhooks before handling them,
 * so Toss never resends one whose handling failed, and this catches up.
 * First Toss's transaction ledger since the last run (money that moved:
 * deposits, confirms whose answer was lost, dashboard cancels), then the
 * due tracked payments (virtual accounts past their due date, confirms
 * still in flight, anything the ledger flagged), one lookup each. A ledger
 * that cannot be read stops nothing: the lookups go ahead, in turn over
 * every unsettled payment. PortOne's payment events since the last run
 * flag its payments the same way (and events that cannot be read fall back
 * the same way), and each due payment is synced by its road's workflow.
 */
export const reconcileTossPaymentsWorkflow = createWorkflow(
  reconcileTossPaymentsWorkflowId,
  (input: WorkflowData<ReconcileTossPaymentsInput>) => {
    const ownerId = claimTossReconcileRunStep()
    const summary = when("reconcile-when-claimed", { ownerId }, ({ ownerId }) => !!ownerId).then(() => {
      const ledger = readTossLedgerStep(
        transform({ input }, ({ input }) => ({ pageSize: input.ledgerPageSize ?? 1000, maxPages: input.ledgerMaxPages ?? 20 }))
      )
      const events = readPortOneEventsStep(transform({ input }, ({ input }) => ({ maxEvents: input.portOneMaxEvents ?? 500 })))
      // Either feed unread: what it would have flagged is found by looking unsettled payments up in turn.
      const outcomes = syncDuePaymentsStep(
        transform({ input, ledger, events }, ({ input, ledger, events }) => ({
          lookups: input.lookups ?? 100,
          pauseMs: input.pauseMs ?? 100,
          ledgerFailed: ledger.failed || events.failed,
        }))
      )
      releaseTossReconcileRunStep(ownerId as unknown as string)
      return transform({ ledger, events, outcomes }, ({ ledger, events, outcomes }): ReconcileSummary => ({
        ran: true,
        ledgerFailed: ledger.failed,
        ledgerError: ledger.error ?? null,
        ledgerRows: ledger.rows,
        portOneEvents: events.events,
        portOneEventsFailed: events.failed,
        flagged: ledger.flagged + events.flagged,
        checked: Object.keys(outcomes).length,
        outcomes,
      }))
    })
    return new WorkflowResponse(
      transform({ summary }, ({ summary }): ReconcileSummary => summary ?? { ran: false, ledgerFailed: false, ledgerRows: 0, portOneEvents: 0, portOneEventsFailed: false, flagged: 0, checked: 0, outcomes: {} })
    )
  }
)
