import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../../../lib/toss-config"
import { planOrderRefund, RefundPart } from "../../../../../../providers/toss/refund-selection"
import { refundTossPaymentWorkflow } from "../../../../../../workflows/refund-toss-payment"
import type { AdminTossOrderRefundBody } from "./validators"

interface PaymentRow {
  id: string
  provider_id: string
  created_at: Date | string
  captures?: ({ amount: unknown } | null)[] | null
  refunds?: ({ amount: unknown } | null)[] | null
}

const won = (amount: unknown) => new BigNumber(amount as number).numeric
const sum = (rows: ({ amount: unknown } | null)[] | null | undefined) => (rows ?? []).reduce((total, row) => total + (row ? won(row.amount) : 0), 0)

/**
 * Refunds `amount` of an order's Toss money (after a return, an exchange
 * for a cheaper item, a claim) from the payments that can take it: an order
 * may hold the checkout's payment and balances paid later. Each part is the
 * admin's refund of one payment (`refund-toss-payment`: asks Toss first,
 * the note as the cancel reason, the payment's own tax-free share and refund
 * account). Answers `{refunds: [{payment_id, amount}]}`.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminTossOrderRefundBody>, res: MedusaResponse) => {
  const { amount, note, refund_reason_id } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "payment_collections.payments.id",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.created_at",
      "payment_collections.payments.captures.amount",
      "payment_collections.payments.refunds.amount",
    ],
    filters: { id: req.params.id },
  })
  if (!order) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Order ${req.params.id} was not found.`)
  }
  const collections = (order.payment_collections ?? []) as unknown as ({ payments?: (PaymentRow | null)[] | null } | null)[]
  const payments = collections
    .flatMap((collection) => collection?.payments ?? [])
    .filter((payment): payment is PaymentRow => !!payment && isTossProviderId(payment.provider_id))
    .map((payment) => ({ id: payment.id, created_at: payment.created_at, refundable: sum(payment.captures) - sum(payment.refunds) }))
  const parts = planOrderRefund(payments, amount)
  const done: RefundPart[] = []
  for (const part of parts) {
    let refunded: boolean
    try {
      ;({
        result: { refunded },
      } = await refundTossPaymentWorkflow(req.scope).run({
        input: { ...part, note, refund_reason_id, created_by: req.auth_context?.actor_id },
      }))
    } catch (error) {
      throw partly(done, `${(error as Error).message}`)
    }
    if (!refunded) {
      throw partly(
        done,
        `Toss had already refunded money on payment ${part.payment_id} that Medusa had not recorded; it is recorded now, and nothing more was refunded from it. Look at the order's refunds, then refund again if more is due.`
      )
    }
    done.push(part)
  }
  res.json({ refunds: done })
}

/** A part failed: what was refunded before it stays refunded, and the operator is told so. */
function partly(done: RefundPart[], reason: string): MedusaError {
  const before = done.length
    ? `Refunded ${done.map((part) => `${part.amount.toLocaleString("en-US")} KRW from payment ${part.payment_id}`).join(" and ")}; the rest was not refunded. `
    : ""
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, `${before}${reason}`)
}
