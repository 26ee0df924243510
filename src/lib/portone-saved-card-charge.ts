import type { MedusaContainer } from "@medusajs/framework/types"
import { chargePortOneCardWorkflow } from "../workflows/charge-portone-card"
import { finishPortOneHandOffWorkflow } from "../workflows/portone-hand-off"
import { removePortOneCardWorkflow } from "../workflows/remove-portone-card"
import type { ChargePortOneCardInput } from "../workflows/steps/charge-portone-card"
import type { Completion } from "./toss-hand-off"

/**
 * One-click payment with a PortOne saved card: the charge (its owner
 * checked at that moment, tracked first, under the payment's lock), then
 * Medusa's completion of the cart (`complete`, where the provider settles
 * by asking PortOne, as for any checkout), then what was settled is
 * written down. A refused charge leaves the cart open with the refusal as
 * the completion's error; a key PortOne no longer has is forgotten.
 */
export async function chargePortOneCard<T>(
  container: MedusaContainer,
  input: ChargePortOneCardInput,
  complete: () => Promise<Completion<T>>
): Promise<Completion<T>> {
  const { result: charge } = await chargePortOneCardWorkflow(container).run({ input })
  const completion: Completion<T> = charge.error ? { error: charge.error } : await complete()
  const error = completion.error && { code: completion.error.code, type: completion.error.type }
  await finishPortOneHandOffWorkflow(container).run({ input: { paymentSessionId: input.paymentSessionId, error } })
  if (charge.keyGone) {
    await removePortOneCardWorkflow(container).run({ input: { id: input.paymentMethodId, reason: "deleted-at-portone" } })
  }
  return completion
}
