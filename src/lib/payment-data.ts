import type { MedusaContainer, UpdatePaymentDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { TossSessionData } from "../providers/toss/session-data"

/**
 * Merges `patch` into a payment's data, read fresh just before the write.
 * The payment module stores `data` on update although its DTO type does not
 * list it (Medusa 2.21), hence the widened type.
 */
export async function updatePaymentData(
  container: MedusaContainer,
  paymentId: string,
  patch: Partial<TossSessionData>
): Promise<TossSessionData> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "data"] })
  const data = { ...(payment.data as unknown as TossSessionData), ...patch }
  await paymentModule.updatePayment({ id: paymentId, data } as UpdatePaymentDTO & { data: Record<string, unknown> })
  return data
}
