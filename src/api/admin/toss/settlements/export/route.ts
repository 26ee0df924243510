import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../../../../../modules/toss"
import { parseMonth } from "../view"

const COLUMNS = [
  "판매일 sold date",
  "지급일 payout date",
  "주문 order",
  "토스 주문번호 Toss orderId",
  "paymentKey",
  "결제수단 method",
  "금액 amount",
  "수수료 fee",
  "수수료 부가세 VAT on fee",
  "지급액 payout",
]

/** A CSV field: quoted when it holds a separator, a quote or a line break; a leading formula sign is defused. */
function field(value: string | number | null): string {
  const text = value === null ? "" : String(value)
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** `GET /admin/toss/settlements/export?month=2026-12`: the month's settlement rows as CSV (UTF-8 with BOM, for spreadsheets). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const month = parseMonth(req.query.month)
  if (!month) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "month must be a month as yyyy-MM, e.g. 2026-12")
  }
  const rows = await req.scope
    .resolve<TossModuleService>(TOSS_MODULE)
    .listTossSettlements({ sold_date: { $gte: `${month}-01`, $lte: `${month}-31` } }, { order: { sold_date: "ASC", created_at: "ASC" } })
  const { data: sessions } = rows.length
    ? await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "payment_session",
        fields: ["id", "payment_collection.order.display_id"],
        filters: { id: [...new Set(rows.map((row) => row.payment_session_id))] },
      })
    : { data: [] }
  const orders = new Map(
    sessions.map((session: { id: string; payment_collection?: { order?: { display_id: number } | null } | null }) => [
      session.id,
      session.payment_collection?.order?.display_id ?? null,
    ])
  )
  const lines = [
    COLUMNS.map(field).join(","),
    ...rows.map((row) =>
      [
        row.sold_date,
        row.paid_out_date,
        orders.get(row.payment_session_id) ?? null,
        row.payment_session_id,
        row.payment_key,
        row.method,
        row.amount,
        row.fee,
        row.vat,
        row.payout_amount,
      ]
        .map(field)
        .join(",")
    ),
  ]
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="toss-settlements-${month}.csv"`)
  res.send("\uFEFF" + lines.join("\r\n") + "\r\n")
}
