import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TOSS_MODULE, TossModuleService } from "../../../../../../modules/toss"
import { retrieveTossPayment } from "../../../medusa-payment"
import type { AdminTossPaymentSettlementsResponse } from "../../../desk-types"
import { settlementView } from "../../../settlements/view"

/** `GET /admin/toss/payments/:id/settlements`: what Toss pays out for this payment, fee and VAT withheld, as the settlements job stored it. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossPaymentSettlementsResponse>) => {
  const payment = await retrieveTossPayment(req.scope, req.params.id)
  const rows = await req.scope
    .resolve<TossModuleService>(TOSS_MODULE)
    .listTossSettlements({ payment_session_id: payment.orderId }, { order: { sold_date: "ASC", created_at: "ASC" } })
  res.json({ settlements: rows.map(settlementView) })
}
