import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

const RUN_LOCK = "toss-reconcile"
/** A run never takes this long; a dead worker's lock expires after it. */
const RUN_LOCK_TTL_S = 15 * 60

/** One run at a time in the whole cluster; a run that finds another under way does nothing. */
export const claimTossReconcileRunStep = createStep(
  "claim-toss-reconcile-run",
  async (_: void, { container }) => {
    const ownerId = `toss-reconcile-${process.pid}-${Date.now()}`
    try {
      await container.resolve(Modules.LOCKING).acquire(RUN_LOCK, { ownerId, expire: RUN_LOCK_TTL_S })
      return new StepResponse(ownerId, ownerId)
    } catch {
      return new StepResponse(null)
    }
  },
  async (ownerId, { container }) => {
    if (ownerId) {
      await container.resolve(Modules.LOCKING).release(RUN_LOCK, { ownerId })
    }
  }
)

export const releaseTossReconcileRunStep = createStep("release-toss-reconcile-run", async (ownerId: string, { container }) => {
  await container.resolve(Modules.LOCKING).release(RUN_LOCK, { ownerId })
  return new StepResponse(true)
})
