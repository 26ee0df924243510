import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** The payment's Toss orderId (its payment session id), which names its lock. */
export const readTossRefundPaymentStep = createStep("read-toss-refund-payment", async (paymentId: string, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["id", "payment_session_id"], filters: { id: paymentId } })
  return new StepResponse(data[0].payment_session_id as string)
})
