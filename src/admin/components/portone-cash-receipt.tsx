import { FormEvent, useState } from "react"
import { Button, Input, Select, StatusBadge, Text } from "@medusajs/ui"
import type { AdminPortOneView } from "../../api/admin/portone/admin-view"
import { portOneTexts } from "../lib/portone-i18n"
import { sdk } from "../lib/sdk"
import { useAdminLanguage } from "../lib/toss-i18n"
import { won } from "../lib/toss-labels"
import { Field, PortOnePanelUpdate } from "./portone-field"

interface Issued {
  issue_number: string | null
  url: string | null
  amount: number
}

/** The cash receipt (현금영수증) of a transfer or virtual-account payment: issue the one the shopper asks for, cancel it. */
export function PortOneCashReceipt({
  base,
  receipt,
  update,
  busy,
}: {
  base: string
  receipt: AdminPortOneView["cash_receipt"]
  update: PortOnePanelUpdate
  busy: boolean
}) {
  const t = portOneTexts(useAdminLanguage())
  const [type, setType] = useState<"PERSONAL" | "CORPORATE">("PERSONAL")
  const [number, setNumber] = useState("")
  const [issued, setIssued] = useState<Issued | null>(null)
  const inForce = receipt?.status === "ISSUED" || !!issued

  function issue(event: FormEvent) {
    event.preventDefault()
    void update(async () => {
      const answer = await sdk.client.fetch<{ cash_receipt: Issued; portone_payment: never }>(`${base}/cash-receipt`, {
        method: "POST",
        body: { type, identity_number: number },
      })
      setIssued(answer.cash_receipt)
      setNumber("")
      return answer
    })
  }

  function cancel() {
    void update(async () => {
      const answer = await sdk.client.fetch<{ portone_payment: never }>(`${base}/cash-receipt/cancel`, { method: "POST" })
      setIssued(null)
      return answer
    })
  }

  const shown = issued ?? (receipt?.status === "ISSUED" ? { issue_number: receipt.issue_number, url: receipt.url, amount: receipt.amount ?? 0 } : null)
  return (
    <div data-testid="portone-cash-receipt" className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        {t.cashReceipt}
      </Text>
      {shown ? (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <StatusBadge color="green">{t.issued(shown.issue_number ?? "–")}</StatusBadge>
          <Text size="small">{won(shown.amount)}</Text>
          {shown.url && (
            <a href={shown.url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive text-small">
              {t.open}
            </a>
          )}
          <Button size="small" variant="secondary" isLoading={busy} onClick={cancel} data-testid="portone-cash-receipt-cancel">
            {t.cancelReceipt}
          </Button>
        </div>
      ) : (
        <Text size="small" className="text-ui-fg-subtle">
          {t.cashReceiptNone}
        </Text>
      )}
      {!inForce && (
        <>
          <form onSubmit={issue} className="flex flex-wrap items-end gap-2">
            <Field id="portone-cash-receipt-type" label={t.cashReceipt}>
              <Select value={type} onValueChange={(value) => setType(value as "PERSONAL" | "CORPORATE")}>
                <Select.Trigger data-testid="portone-cash-receipt-type">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="PERSONAL">{t.personal}</Select.Item>
                  <Select.Item value="CORPORATE">{t.corporate}</Select.Item>
                </Select.Content>
              </Select>
            </Field>
            <Field id="portone-cash-receipt-number" label={t.identity}>
              <Input id="portone-cash-receipt-number" inputMode="numeric" autoComplete="off" value={number} onChange={(event) => setNumber(event.target.value)} />
            </Field>
            <Button size="small" type="submit" isLoading={busy} data-testid="portone-cash-receipt-issue">
              {t.issue}
            </Button>
          </form>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t.identityNote}
          </Text>
        </>
      )}
    </div>
  )
}
