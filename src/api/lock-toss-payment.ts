import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { paymentLockKey } from "../lib/sync-toss-payment"

/**
 * Holds the payment's lock while Medusa refunds it, so the webhook sync
 * cannot see Toss's new cancel before the refund is written down and mirror
 * it as a second refund.
 */
export function lockTossPayment(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const locking = req.scope.resolve(Modules.LOCKING)
  locking
    .execute(
      paymentLockKey(req.params.id),
      () =>
        new Promise<void>((release) => {
          res.once("close", () => release())
          next()
        }),
      { timeout: 30 }
    )
    .catch(next)
}
