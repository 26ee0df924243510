import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { TossSessionData } from "../../../providers/toss/session-data"
import { isTossProviderId } from "../../../lib/toss-config"

/** A Medusa payment made with Toss, with what Medusa has recorded against it. */
export interface TossMedusaPayment {
  id: string
  /** The Toss registration it was made with (`pp_toss_<id>`). */
  providerId: string
  /** Toss's orderId: the payment session's id. */
  orderId: string
  data: TossSessionData
  /** When the payment's data was last saved. */
  updatedAt: Date
  amount: number
  captured: number
  refunded: number
}

/** The payment `id`, or a 404 that says why when it does not exist or is not a Toss payment. */
export async function retrieveTossPayment(container: MedusaContainer, id: string): Promise<TossMedusaPayment> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [payment],
  } = await query.graph({
    entity: "payment",
    fields: ["id", "provider_id", "payment_session_id", "amount", "data", "updated_at", "captures.amount", "refunds.amount"],
    filters: { id },
  })
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment ${id} was not found.`)
  }
  if (!isTossProviderId(payment.provider_id)) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Payment ${id} was not made with Toss Payments (its provider is ${payment.provider_id}), so Toss knows nothing about it.`
    )
  }
  const sum = (rows: ({ amount: unknown } | null)[] | null | undefined) =>
    (rows ?? []).reduce((total, row) => total + (row ? won(row.amount) : 0), 0)
  return {
    id: payment.id,
    providerId: payment.provider_id,
    orderId: payment.payment_session_id as string,
    data: payment.data as unknown as TossSessionData,
    updatedAt: new Date(payment.updated_at as string | Date),
    amount: won(payment.amount),
    captured: sum(payment.captures),
    refunded: sum(payment.refunds),
  }
}

function won(amount: unknown): number {
  return new BigNumber(amount as number).numeric
}
