import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { portOneClient } from "../../../../../../lib/portone-config"
import type { PortOneClient } from "../../../../../../portone/client"
import { idempotencyKey } from "../../../../../../portone/idempotency-key"
import type { Payment } from "../../../../../../portone/types"
import { balanceOf } from "../../../../../../providers/portone/cancel"
import { meaningOf } from "../../../../../../providers/portone/const"
import { retrievePortOnePayment, PortOneMedusaPayment } from "../../../medusa-payment"
import { portOneFailure } from "../../../portone-error"
import { portOnePaymentPanel } from "../route"
import type { AdminPortOneCashReceiptBody } from "./validators"

type Paid = Extract<Payment, { amount: unknown }>

/** A paid transfer or virtual-account payment, with its client: 400 for any other (PortOne is not asked to issue). */
export async function cashReceiptPayment(container: MedusaContainer, paymentId: string): Promise<{ payment: PortOneMedusaPayment; live: Paid; client: PortOneClient }> {
  const payment = await retrievePortOnePayment(container, paymentId)
  const client = portOneClient(container, payment.providerId)
  let live: Payment | null
  try {
    live = await client.findPayment(payment.paymentSessionId)
  } catch (error) {
    throw portOneFailure(error, "look the payment up")
  }
  const method = live && "method" in live ? (live.method as { type?: string } | undefined)?.type : undefined
  if (!live || !("amount" in live) || !meaningOf(live).paid || (method !== "PaymentMethodTransfer" && method !== "PaymentMethodVirtualAccount")) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A cash receipt is issued for a paid bank transfer or virtual-account payment only.")
  }
  return { payment, live, client }
}

/** Issues a cash receipt (현금영수증) for what is left of the payment; the shopper's identity number is sent to PortOne and kept nowhere. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPortOneCashReceiptBody>, res: MedusaResponse) => {
  const { payment, live, client } = await cashReceiptPayment(req.scope, req.params.id)
  const { cancellable, taxFreeCancellable } = balanceOf(live)
  const channelKey = (live as { channel?: { key?: string } }).channel?.key
  if (!channelKey || cancellable <= 0) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Nothing of this payment is left to receipt.")
  }
  let issued: { issueNumber?: string; url?: string }
  try {
    const answer = await client.issueCashReceipt(
      {
        paymentId: payment.paymentSessionId,
        channelKey,
        type: req.validatedBody.type,
        orderName: live.orderName,
        currency: live.currency,
        amount: { total: cancellable, taxFree: taxFreeCancellable },
        customer: { identityNumber: req.validatedBody.identity_number },
      },
      idempotencyKey("cash-receipt", payment.paymentSessionId, cancellable)
    )
    issued = answer.cashReceipt ?? {}
  } catch (error) {
    throw portOneFailure(error, "issue the cash receipt")
  }
  res.json({
    cash_receipt: { issue_number: issued.issueNumber ?? null, url: issued.url ?? null, amount: cancellable },
    portone_payment: await portOnePaymentPanel(req.scope, payment.id),
  })
}
