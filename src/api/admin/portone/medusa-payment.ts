import type { MedusaContainer } from "@medusajs/framework/types"
import { BigNumber, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../../../lib/portone-config"

/** A Medusa payment made with PortOne, with what Medusa has recorded against it. */
export interface PortOneMedusaPayment {
  id: string
  /** The PortOne registration it was made with (`pp_portone_<id>`). */
  providerId: string
  /** PortOne's paymentId: the payment session's id. */
  paymentSessionId: string
  amount: number
  captured: number
  refunded: number
}

/** The payment `id`: 404 when it does not exist, 400 when it was not made with PortOne (PortOne is then never asked). */
export async function retrievePortOnePayment(container: MedusaContainer, id: string): Promise<PortOneMedusaPayment> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [payment],
  } = await query.graph({
    entity: "payment",
    fields: ["id", "provider_id", "payment_session_id", "amount", "captures.amount", "refunds.amount"],
    filters: { id },
  })
  if (!payment) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Payment ${id} was not found.`)
  }
  if (!isPortOneProviderId(payment.provider_id)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Payment ${id} was not made with PortOne (its provider is ${payment.provider_id}), so PortOne knows nothing about it.`
    )
  }
  const sum = (rows: ({ amount: unknown } | null)[] | null | undefined) => (rows ?? []).reduce((total, row) => total + (row ? won(row.amount) : 0), 0)
  return {
    id: payment.id,
    providerId: payment.provider_id,
    paymentSessionId: payment.payment_session_id as string,
    amount: won(payment.amount),
    captured: sum(payment.captures),
    refunded: sum(payment.refunds),
  }
}

function won(amount: unknown): number {
  return new BigNumber(amount as number).numeric
}
