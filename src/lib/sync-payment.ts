import type { MedusaContainer } from "@medusajs/framework/types"
import { syncPortOnePaymentWorkflow } from "../workflows/sync-portone-payment"
import { syncTossPaymentWorkflow } from "../workflows/sync-toss-payment"
import { isPortOneProviderId } from "./portone-provider-id"

/**
 * Runs the sync of the payment's road, by the provider id of its tracked
 * row or session: PortOne's for `pp_portone_*`, Toss's for any other (a
 * Toss row from before several accounts names none). Neither PSP is ever asked about the other's
 * payment.
 */
export async function syncTrackedPayment(container: MedusaContainer, paymentSessionId: string, providerId: string | null): Promise<string> {
  if (isPortOneProviderId(providerId)) {
    return (await syncPortOnePaymentWorkflow(container).run({ input: { paymentSessionId } })).result
  }
  return (await syncTossPaymentWorkflow(container).run({ input: { orderId: paymentSessionId } })).result
}
