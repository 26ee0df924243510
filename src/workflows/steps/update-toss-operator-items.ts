import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { OperatorItemChanges } from "../../lib/operator-items"
import { tellOperator } from "../../lib/tell-operator"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"

export interface UpdateOperatorItemsInput {
  /** The Medusa payment session id (Toss's orderId, PortOne's paymentId). */
  paymentSessionId: string
  changes: OperatorItemChanges
}

/** The sync's part, whatever the road: resolves what the PSP's answer shows is over, opens what it shows needs a person. */
export const updateOperatorItemsStep = createStep("update-toss-operator-items", async ({ paymentSessionId, changes }: UpdateOperatorItemsInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  // One read in the usual case: a payment with no open item and nothing new.
  const open = await module.listTossOperatorItems({ payment_session_id: paymentSessionId, resolved_at: null }, { select: ["id", "kind"] })
  const now = new Date()
  const resolve = new Set<string>(changes.resolve)
  // Items resolved now, or still open and looked at now (the next run looks at others first).
  const updates = open.map(({ id, kind }) => (resolve.has(kind) ? { id, resolved_at: now, checked_at: now } : { id, checked_at: now }))
  if (updates.length) {
    await module.updateTossOperatorItems(updates)
  }
  const opened = changes.open.length ? await tellOperator(container, changes.open) : []
  return new StepResponse({ opened, resolved: updates.filter((update) => "resolved_at" in update).length })
})
