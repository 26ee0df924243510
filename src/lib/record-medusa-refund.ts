import { refundPaymentWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

export interface MedusaRefundInput {
  payment_id: string
  amount?: number
  note?: string
  refund_reason_id?: string
  created_by?: string
}

/**
 * A Medusa refund of a payment. Medusa's refund workflow also books it on
 * the order, and refuses a cancelled order only after the provider has
 * refunded (Medusa 2.21): money that arrived after the order was cancelled
 * (a late deposit) is refunded through the payment module alone, which
 * records the refund on the payment without the order's books.
 */
export async function recordMedusaRefund(container: MedusaContainer, input: MedusaRefundInput): Promise<void> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["payment_collection.order.status"], filters: { id: input.payment_id } })
  const orderStatus = (data[0] as { payment_collection?: { order?: { status?: string } | null } | null } | undefined)?.payment_collection?.order?.status
  if (orderStatus === "canceled") {
    await container.resolve(Modules.PAYMENT).refundPayment(input)
    return
  }
  await refundPaymentWorkflow(container).run({ input })
}
