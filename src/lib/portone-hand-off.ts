import type { MedusaContainer } from "@medusajs/framework/types"
import { withPortOneCallContext } from "../providers/portone/call-context"
import type { WindowApproval } from "../providers/portone/settle"
import { finishPortOneHandOffWorkflow, startPortOneHandOffWorkflow } from "../workflows/portone-hand-off"
import type { StartPortOneHandOffInput } from "../workflows/steps/start-portone-hand-off"
import type { Completion } from "./toss-hand-off"

/**
 * The hand-off, start to finish: the payment is tracked before PortOne is
 * asked (whatever happens next, the reconciliation asks PortOne about it),
 * Medusa completes the cart (the provider settles by asking PortOne, with a
 * manual-confirm channel's approval handed over beside the session data,
 * never in it), and what PortOne's answer settled is written down.
 * `complete` reports a refusal as its `error`; it throws only when the
 * completion did not end here, which leaves the payment due.
 */
export async function handOffToPortOne<T>(
  container: MedusaContainer,
  start: StartPortOneHandOffInput,
  approval: WindowApproval | undefined,
  complete: () => Promise<Completion<T>>
): Promise<Completion<T>> {
  await startPortOneHandOffWorkflow(container).run({ input: start })
  const completion = await withPortOneCallContext({ approval }, complete)
  const error = completion.error && { code: completion.error.code, type: completion.error.type }
  await finishPortOneHandOffWorkflow(container).run({ input: { paymentSessionId: start.paymentSessionId, error } })
  return completion
}
