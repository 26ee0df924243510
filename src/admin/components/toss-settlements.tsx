import { useEffect, useState } from "react"
import { Table, Text } from "@medusajs/ui"
import type { AdminTossPaymentSettlementsResponse } from "../../api/admin/toss/desk-types"
import { sdk } from "../lib/sdk"
import { useAdminLanguage } from "../lib/toss-i18n"
import { won } from "../lib/toss-labels"

const TEXTS = {
  ko: {
    title: "정산",
    none: "아직 정산 내역이 없어요. 토스는 판매 다음 영업일부터 정산 내역을 보여줘요.",
    sold: "판매일",
    amount: "금액",
    fee: "수수료",
    vat: "부가세",
    payout: "지급액",
    paidOut: "지급일",
  },
  en: {
    title: "Settlement",
    none: "No settlement yet. Toss lists a sale from the next business day on.",
    sold: "Sold",
    amount: "Amount",
    fee: "Fee",
    vat: "VAT on fee",
    payout: "Payout",
    paidOut: "Paid out",
  },
}

/** The order panel's settlement rows of one Toss payment: fee, VAT on it, payout and its date. */
export function TossSettlements({ paymentId, version }: { paymentId: string; version: string }) {
  const t = TEXTS[useAdminLanguage()]
  const [rows, setRows] = useState<AdminTossPaymentSettlementsResponse["settlements"] | null>(null)
  useEffect(() => {
    sdk.client
      .fetch<AdminTossPaymentSettlementsResponse>(`/admin/toss/payments/${paymentId}/settlements`)
      .then((answer) => setRows(answer.settlements))
      .catch(() => setRows(null))
  }, [paymentId, version])
  if (!rows) {
    return null
  }
  return (
    <div data-testid="toss-settlements" className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        {t.title}
      </Text>
      {rows.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t.none}
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t.sold}</Table.HeaderCell>
              <Table.HeaderCell>{t.amount}</Table.HeaderCell>
              <Table.HeaderCell>{t.fee}</Table.HeaderCell>
              <Table.HeaderCell>{t.vat}</Table.HeaderCell>
              <Table.HeaderCell>{t.payout}</Table.HeaderCell>
              <Table.HeaderCell>{t.paidOut}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.transaction_key} data-testid="toss-settlement-row">
                <Table.Cell>{row.sold_date}</Table.Cell>
                <Table.Cell>{won(row.amount)}</Table.Cell>
                <Table.Cell>{won(row.fee)}</Table.Cell>
                <Table.Cell>{won(row.vat)}</Table.Cell>
                <Table.Cell>{won(row.payout_amount)}</Table.Cell>
                <Table.Cell>{row.paid_out_date}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}
