import { MedusaError } from "@medusajs/framework/utils"

/** A Toss payment of an order, with what Medusa can still refund of it (captured less refunded). */
export interface RefundablePayment {
  id: string
  refundable: number
  created_at: Date | string
}

export interface RefundPart {
  payment_id: string
  amount: number
}

/**
 * Which Toss payments of an order a refund of `amount` comes from, never
 * more than any one payment has left. One payment when one can take it all
 * (the newest such: a balance paid after the order is refunded before the
 * checkout's payment); else parts, newest payment first. More than all of
 * them have left is refused with what is left.
 */
export function planOrderRefund(payments: RefundablePayment[], amount: number): RefundPart[] {
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `A Toss refund must be a positive whole number of won, got ${amount}.`)
  }
  const newestFirst = payments
    .filter((payment) => payment.refundable > 0)
    .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
  const whole = newestFirst.find((payment) => payment.refundable >= amount)
  if (whole) {
    return [{ payment_id: whole.id, amount }]
  }
  const left = newestFirst.reduce((sum, payment) => sum + payment.refundable, 0)
  if (left < amount) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Cannot refund ${amount.toLocaleString("en-US")} KRW: this order's Toss payments have ${left.toLocaleString("en-US")} KRW left to refund.`
    )
  }
  const parts: RefundPart[] = []
  let rest = amount
  for (const payment of newestFirst) {
    if (rest === 0) break
    const part = Math.min(rest, payment.refundable)
    parts.push({ payment_id: payment.id, amount: part })
    rest -= part
  }
  return parts
}
