import type { MedusaContainer } from "@medusajs/framework/types"
import { finishTossHandOffWorkflow, startTossHandOffWorkflow } from "../workflows/toss-hand-off"
import type { StartTossHandOffInput } from "../workflows/steps/start-toss-hand-off"

/** What Medusa's completion reported: its result, or the error it failed with (Toss's refusal code in `code`). */
export interface Completion<T> {
  result?: T
  error: { message: string; name?: string; type?: string; code?: string } | null
}

/**
 * The hand-off, start to finish: the payment is tracked before Toss is asked
 * (whatever happens next, the reconciliation asks Toss about it), Medusa
 * completes (the provider confirms at Toss, or charges a saved card), and
 * what Toss's answer settled is written down. `complete` reports a refusal
 * as its `error`; it throws only when the completion did not end here (still
 * running elsewhere), which leaves the payment due for the reconciliation.
 */
export async function handOffToToss<T>(
  container: MedusaContainer,
  start: StartTossHandOffInput,
  complete: () => Promise<Completion<T>>
): Promise<Completion<T>> {
  await startTossHandOffWorkflow(container).run({ input: start })
  const completion = await complete()
  const error = completion.error && { code: completion.error.code, type: completion.error.type }
  await finishTossHandOffWorkflow(container).run({ input: { orderId: start.session.id, error } })
  return completion
}
