import { FormEvent, useCallback, useEffect, useState } from "react"
import { Button, Input, Label, Select, StatusBadge, Text } from "@medusajs/ui"
import type { AdminTossCashReceiptsResponse, TossCashReceiptView } from "../../api/admin/toss/desk-types"
import { sdk } from "../lib/sdk"
import { useAdminLanguage } from "../lib/toss-i18n"
import { koreanTime, won } from "../lib/toss-labels"

const TEXTS = {
  ko: {
    title: "현금영수증",
    none: "발급한 현금영수증이 없어요.",
    type: "용도",
    deduction: "소득공제 (개인)",
    evidence: "지출증빙 (사업자)",
    number: "휴대폰 번호 또는 사업자등록번호",
    issue: "발급",
    cancel: "발급 취소",
    canceled: "취소됨",
    issued: "발급됨",
    open: "보기",
    note: "번호는 토스에만 보내고 저장하지 않아요.",
  },
  en: {
    title: "Cash receipt",
    none: "No cash receipt issued.",
    type: "Purpose",
    deduction: "Income deduction (person)",
    evidence: "Expense evidence (business)",
    number: "Phone or business registration number",
    issue: "Issue",
    cancel: "Cancel receipt",
    canceled: "Cancelled",
    issued: "Issued",
    open: "Open",
    note: "The number goes to Toss only; the store does not keep it.",
  },
}

/** The order panel's cash receipts (현금영수증) of a transfer or virtual-account payment: issue one the shopper asks for, see it, cancel it. */
export function TossCashReceipts({ paymentId }: { paymentId: string }) {
  const t = TEXTS[useAdminLanguage()]
  const [receipts, setReceipts] = useState<TossCashReceiptView[] | null>(null)
  const [type, setType] = useState<"소득공제" | "지출증빙">("소득공제")
  const [number, setNumber] = useState("")
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const url = `/admin/toss/payments/${paymentId}/cash-receipts`

  const act = useCallback(async (request: () => Promise<AdminTossCashReceiptsResponse>) => {
    setBusy(true)
    setError(null)
    try {
      setReceipts((await request()).cash_receipts)
      return true
    } catch (caught) {
      setError((caught as Error).message)
      return false
    } finally {
      setBusy(false)
    }
  }, [])

  useEffect(() => {
    void act(() => sdk.client.fetch<AdminTossCashReceiptsResponse>(url))
  }, [act, url])

  async function issue(event: FormEvent) {
    event.preventDefault()
    const done = await act(() => sdk.client.fetch<AdminTossCashReceiptsResponse>(url, { method: "POST", body: { type, customerIdentityNumber: number } }))
    if (done) {
      setNumber("")
    }
  }

  const inForce = receipts?.some((receipt) => !receipt.canceled_at)
  return (
    <div data-testid="toss-cash-receipts" className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        {t.title}
      </Text>
      {receipts?.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle">
          {t.none}
        </Text>
      )}
      {receipts?.map((receipt) => (
        <div key={receipt.receipt_key} data-testid="toss-cash-receipt" className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <StatusBadge color={receipt.canceled_at ? "grey" : "green"}>{receipt.canceled_at ? t.canceled : t.issued}</StatusBadge>
          <Text size="small">
            {receipt.type} · {won(receipt.amount)} · {receipt.issue_number} · {koreanTime(receipt.canceled_at ?? receipt.issued_at)}
          </Text>
          <a href={receipt.receipt_url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive text-small">
            {t.open}
          </a>
          {!receipt.canceled_at && (
            <Button
              size="small"
              variant="secondary"
              isLoading={busy}
              data-testid="toss-cash-receipt-cancel"
              onClick={() => void act(() => sdk.client.fetch<AdminTossCashReceiptsResponse>(`${url}/${receipt.receipt_key}/cancel`, { method: "POST" }))}
            >
              {t.cancel}
            </Button>
          )}
        </div>
      ))}
      {receipts && !inForce && (
        <form onSubmit={(event) => void issue(event)} className="flex flex-wrap items-end gap-2">
          <div className="flex flex-col gap-y-1">
            <Label size="small">{t.type}</Label>
            <Select value={type} onValueChange={(value) => setType(value as "소득공제" | "지출증빙")}>
              <Select.Trigger data-testid="toss-cash-receipt-type">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="소득공제">{t.deduction}</Select.Item>
                <Select.Item value="지출증빙">{t.evidence}</Select.Item>
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="toss-cash-receipt-number">
              {t.number}
            </Label>
            <Input id="toss-cash-receipt-number" inputMode="numeric" autoComplete="off" value={number} onChange={(event) => setNumber(event.target.value)} />
          </div>
          <Button size="small" type="submit" isLoading={busy} data-testid="toss-cash-receipt-issue">
            {t.issue}
          </Button>
        </form>
      )}
      {receipts && !inForce && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {t.note}
        </Text>
      )}
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {error}
        </Text>
      )}
    </div>
  )
}
