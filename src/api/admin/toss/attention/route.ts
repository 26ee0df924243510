import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"
import type { TossSessionData } from "../../../../providers/toss/session-data"
import { OPERATOR_ITEM_KINDS, OperatorItemKind } from "../../../../lib/operator-items"
import type { AdminTossAttentionResponse } from "../desk-types"
import { needsRefundAccount } from "../operator-view"

const LIST_LIMIT = 100

interface SessionRow {
  id: string
  payment_collection?: { order?: { id: string; display_id: number } | null } | null
  payment?: { id: string; data: TossSessionData | null; toss_refund_account?: { id: string } | null } | null
}

/**
 * `GET /admin/toss/attention`: the Toss page's "Needs attention" list (open
 * items, newest first; `?status=resolved` for the last resolved ones), each
 * with its order and payment as Medusa holds them now.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossAttentionResponse>) => {
  const status = req.query.status ?? "open"
  if (status !== "open" && status !== "resolved") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "status must be open or resolved")
  }
  const items = await req.scope.resolve<TossModuleService>(TOSS_MODULE).listTossOperatorItems(
    { resolved_at: status === "open" ? null : { $ne: null } },
    { order: status === "open" ? { created_at: "DESC" } : { resolved_at: "DESC" }, take: LIST_LIMIT }
  )
  const sessions = await sessionsOf(req, [...new Set(items.map((item) => item.payment_session_id))])
  res.json({
    items: items.map((item) => {
      const session = sessions.get(item.payment_session_id)
      const order = session?.payment_collection?.order
      const payment = session?.payment
      const kind = item.kind as OperatorItemKind
      const action = OPERATOR_ITEM_KINDS[kind]?.action ?? "outside"
      const view = payment?.data?.payment ?? null
      return {
        id: item.id,
        kind,
        action,
        amount: item.amount,
        message: item.message,
        order: order ? { id: order.id, display_id: order.display_id ?? null } : item.order_id ? { id: item.order_id, display_id: null } : null,
        payment_id: payment?.id ?? null,
        refundable:
          action === "refund" && payment
            ? { balanceAmount: view?.balanceAmount ?? 0, needsRefundAccount: needsRefundAccount(view), hasRefundAccount: !!payment.toss_refund_account }
            : null,
        created_at: new Date(item.created_at).toISOString(),
        resolved_at: item.resolved_at ? new Date(item.resolved_at).toISOString() : null,
      }
    }),
  })
}

async function sessionsOf(req: AuthenticatedMedusaRequest, ids: string[]): Promise<Map<string, SessionRow>> {
  if (ids.length === 0) {
    return new Map()
  }
  const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "payment_session",
    fields: ["id", "payment_collection.order.id", "payment_collection.order.display_id", "payment.id", "payment.data", "payment.toss_refund_account.id"],
    filters: { id: ids },
  })
  return new Map((data as SessionRow[]).map((row) => [row.id, row]))
}
