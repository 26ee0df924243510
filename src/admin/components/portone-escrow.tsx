import { FormEvent, useState } from "react"
import { Button, Input, Select, StatusBadge, Text } from "@medusajs/ui"
import type { AdminPortOneView } from "../../api/admin/portone/admin-view"
import { portOneTexts } from "../lib/portone-i18n"
import { sdk } from "../lib/sdk"
import { useAdminLanguage } from "../lib/toss-i18n"
import { koreanTime } from "../lib/toss-labels"
import { Field, PortOnePanelUpdate } from "./portone-field"

/** The carriers the form offers first (PortOne's codes); PortOne knows more, which the API takes. */
const CARRIERS: Record<string, string> = {
  CJ: "CJ대한통운",
  HANJIN: "한진택배",
  LOTTE: "롯데택배",
  LOGEN: "로젠택배",
  POST: "우체국택배",
  GS: "GS Postbox",
  KYUNGDONG: "경동택배",
  DAESIN: "대신택배",
  ILYANG: "일양로지스",
  ETC: "기타 (other)",
}

/** An escrow payment's delivery registration (or correction) and the purchase confirmation, at PortOne. */
export function PortOneEscrow({
  base,
  escrow,
  can,
  update,
  busy,
}: {
  base: string
  escrow: NonNullable<AdminPortOneView["escrow"]>
  can: AdminPortOneView["can"]
  update: PortOnePanelUpdate
  busy: boolean
}) {
  const t = portOneTexts(useAdminLanguage())
  const [company, setCompany] = useState(escrow.company ?? "CJ")
  const [invoice, setInvoice] = useState(escrow.invoice_number ?? "")
  const [sentOn, setSentOn] = useState(() => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10))
  const [receiverName, setReceiverName] = useState("")
  const [receiverPhone, setReceiverPhone] = useState("")

  function register(event: FormEvent) {
    event.preventDefault()
    const receiver = { ...(receiverName.trim() && { name: receiverName.trim() }), ...(receiverPhone.trim() && { phone_number: receiverPhone.trim() }) }
    void update(() =>
      sdk.client.fetch(`${base}/escrow/logistics`, {
        method: "POST",
        body: {
          company,
          invoice_number: invoice.trim(),
          // The day the parcel left, in Korea's time.
          sent_at: `${sentOn}T09:00:00+09:00`,
          ...(Object.keys(receiver).length && { receiver }),
        },
      })
    )
  }

  return (
    <div data-testid="portone-escrow" className="flex flex-col gap-y-2 px-6 py-4">
      <div className="flex items-center gap-x-2">
        <Text size="small" weight="plus">
          {t.escrow}
        </Text>
        <StatusBadge color={escrow.status === "CONFIRMED" ? "green" : escrow.status === "REGISTERED" ? "blue" : "grey"}>
          {t.escrowStatus[escrow.status] ?? escrow.status}
        </StatusBadge>
      </div>
      {escrow.invoice_number && (
        <Text size="small">
          {CARRIERS[escrow.company ?? ""] ?? escrow.company} · {escrow.invoice_number}
          {escrow.sent_at ? ` · ${koreanTime(escrow.sent_at)}` : ""}
        </Text>
      )}
      {can.escrow_logistics && (
        <form onSubmit={register} className="flex flex-wrap items-end gap-2">
          <Field id="portone-escrow-company" label={t.company}>
            <Select value={company} onValueChange={setCompany}>
              <Select.Trigger data-testid="portone-escrow-company">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {Object.entries(CARRIERS).map(([code, name]) => (
                  <Select.Item key={code} value={code}>
                    {name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          <Field id="portone-escrow-invoice" label={t.invoice}>
            <Input id="portone-escrow-invoice" value={invoice} onChange={(event) => setInvoice(event.target.value)} />
          </Field>
          <Field id="portone-escrow-sent" label={t.sentAt}>
            <Input id="portone-escrow-sent" type="date" value={sentOn} onChange={(event) => setSentOn(event.target.value)} />
          </Field>
          <Field id="portone-escrow-receiver" label={t.receiverName}>
            <Input id="portone-escrow-receiver" value={receiverName} onChange={(event) => setReceiverName(event.target.value)} />
          </Field>
          <Field id="portone-escrow-phone" label={t.receiverPhone}>
            <Input id="portone-escrow-phone" inputMode="tel" value={receiverPhone} onChange={(event) => setReceiverPhone(event.target.value)} />
          </Field>
          <Button size="small" type="submit" isLoading={busy} data-testid="portone-escrow-register">
            {escrow.status === "REGISTERED" ? t.modify : t.register}
          </Button>
        </form>
      )}
      {can.escrow_complete && (
        <div>
          <Button
            size="small"
            variant="secondary"
            isLoading={busy}
            data-testid="portone-escrow-complete"
            onClick={() => void update(() => sdk.client.fetch(`${base}/escrow/complete`, { method: "POST" }))}
          >
            {t.confirm}
          </Button>
        </div>
      )}
    </div>
  )
}
