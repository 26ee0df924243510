import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../../../../../../modules/toss"
import { issueTossCashReceipt } from "../../../../../../lib/toss-cash-receipts"
import { retrieveTossPayment, TossMedusaPayment } from "../../../medusa-payment"
import type { AdminTossCashReceiptsResponse, TossCashReceiptView } from "../../../desk-types"
import type { AdminTossCashReceiptBody } from "./validators"

export async function cashReceiptsOf(container: MedusaContainer, paymentId: string): Promise<TossCashReceiptView[]> {
  const rows = await container.resolve<TossModuleService>(TOSS_MODULE).listTossCashReceipts({ payment_id: paymentId }, { order: { created_at: "DESC" } })
  return rows.map((row) => ({
    receipt_key: row.receipt_key,
    type: row.type,
    amount: row.amount,
    tax_free_amount: row.tax_free_amount,
    issue_number: row.issue_number,
    receipt_url: row.receipt_url,
    issued_at: new Date(row.created_at).toISOString(),
    canceled_at: row.canceled_at ? new Date(row.canceled_at).toISOString() : null,
  }))
}

/** The Toss keys a payment was made with; a payment without a paymentKey has nothing to receipt. */
export function tossKeysOf(payment: TossMedusaPayment) {
  if (!payment.data.paymentKey) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment was never confirmed by Toss, so it has no cash receipt.")
  }
  return { providerId: payment.providerId, paymentKey: payment.data.paymentKey, integration: payment.data.integration ?? "payment" }
}

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossCashReceiptsResponse>) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  res.json({ cash_receipts: await cashReceiptsOf(req.scope, payment.id) })
}

/** Issues a cash receipt (현금영수증) for what Toss holds of a paid transfer or virtual account. The identity number is sent to Toss and kept nowhere. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminTossCashReceiptBody>, res: MedusaResponse<AdminTossCashReceiptsResponse>) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  await issueTossCashReceipt(req.scope, {
    paymentId: payment.id,
    orderId: payment.orderId,
    ...tossKeysOf(payment),
    type: req.validatedBody.type,
    customerIdentityNumber: req.validatedBody.customerIdentityNumber,
  })
  res.json({ cash_receipts: await cashReceiptsOf(req.scope, payment.id) })
}
