import { FormEvent, ReactNode, useCallback, useEffect, useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Alert, Button, Container, Heading, Input, Select, StatusBadge, Table, Text } from "@medusajs/ui"
import type { AdminPortOnePayment } from "../../api/admin/portone/admin-view"
import { PORTONE_BANKS } from "../../lib/portone-banks"
import { isPortOneProviderId } from "../../lib/portone-provider-id"
import { PortOneCashReceipt } from "../components/portone-cash-receipt"
import { PortOneEscrow } from "../components/portone-escrow"
import { Field, PortOnePanelUpdate } from "../components/portone-field"
import { portOneTexts, PortOneTexts, PORTONE_METHODS, PORTONE_STATUS_BADGES } from "../lib/portone-i18n"
import { sdk } from "../lib/sdk"
import { useAdminLanguage } from "../lib/toss-i18n"
import { koreanTime, won } from "../lib/toss-labels"

/** The order page's PortOne panel, beside the Toss one: a section per PortOne payment of the order, nothing without one. */
const PortOnePaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const payments = (order.payment_collections ?? [])
    .flatMap((collection) => collection.payments ?? [])
    .filter((payment) => isPortOneProviderId(payment.provider_id))
  if (!payments.length) {
    return null
  }
  return (
    <>
      {payments.map((payment) => (
        <PortOnePaymentSection key={payment.id} paymentId={payment.id} version={`${payment.refunds?.length ?? 0}:${String(payment.updated_at ?? "")}`} />
      ))}
    </>
  )
}

function PortOnePaymentSection({ paymentId, version }: { paymentId: string; version: string }) {
  const language = useAdminLanguage()
  const t = portOneTexts(language)
  const [view, setView] = useState<AdminPortOnePayment | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const base = `/admin/portone/payments/${paymentId}`

  /** Runs a request that answers the panel anew; its refusal is shown in the panel. */
  const update: PortOnePanelUpdate = useCallback(async (request) => {
    setBusy(true)
    setError(null)
    try {
      setView((await request()).portone_payment)
      return true
    } catch (caught) {
      setError((caught as Error).message)
      return false
    } finally {
      setBusy(false)
    }
  }, [])

  const load = useCallback(() => update(() => sdk.client.fetch(base)), [update, base])
  useEffect(() => {
    void load()
  }, [load, version])

  const live = view?.portone ?? null
  const badge = live ? PORTONE_STATUS_BADGES[live.status] : undefined
  return (
    <Container data-testid="portone-payment-widget" className="divide-y p-0">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <Heading level="h2">{t.title}</Heading>
        <div className="flex items-center gap-x-2">
          {live && (
            <StatusBadge data-testid="portone-status" color={badge?.color ?? "grey"}>
              {badge?.[language] ?? live.status}
            </StatusBadge>
          )}
          <Button size="small" variant="secondary" onClick={() => void load()} isLoading={busy}>
            {t.refresh}
          </Button>
        </div>
      </div>
      {(error || view?.error) && (
        <div className="px-6 py-4">
          <Alert variant={error ? "error" : "warning"} data-testid="portone-error">
            {error ?? view?.error}
          </Alert>
        </div>
      )}
      {view && live && (
        <>
          <Details view={view} live={live} t={t} language={language} />
          <Cancels live={live} t={t} />
          {live.can.refund && <RefundForm base={base} live={live} t={t} onDone={load} />}
          {live.escrow && <PortOneEscrow base={base} escrow={live.escrow} can={live.can} update={update} busy={busy} />}
          {live.can.cash_receipt && <PortOneCashReceipt base={base} receipt={live.cash_receipt} update={update} busy={busy} />}
        </>
      )}
    </Container>
  )
}

type Live = NonNullable<AdminPortOnePayment["portone"]>

function Details({ view, live, t, language }: { view: AdminPortOnePayment; live: Live; t: PortOneTexts; language: "ko" | "en" }) {
  const va = live.virtual_account
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Row label={t.method}>
        {(live.method && PORTONE_METHODS[live.method]?.[language]) ?? live.method ?? "–"}
        {live.method_detail ? ` (${live.method_detail})` : ""}
      </Row>
      {live.channel && (
        <Row label={t.channel}>
          {[live.channel.name, live.channel.pg_provider].filter(Boolean).join(" · ")}
          {live.channel.test ? ` (${t.test})` : ""}
        </Row>
      )}
      {live.amount && (
        <>
          <Row label={t.amount}>{won(live.amount.total)}</Row>
          <Row label={t.cancellable}>{won(live.amount.cancellable)}</Row>
          {live.amount.cancelled > 0 && <Row label={t.cancelled}>{won(live.amount.cancelled)}</Row>}
          {live.amount.tax_free > 0 && (
            <Row label={t.taxFree}>
              {won(live.amount.tax_free)} ({t.cancellable} {won(live.amount.tax_free_cancellable)})
            </Row>
          )}
        </>
      )}
      <Row label={t.medusa}>{t.medusaAmounts(won(view.medusa.captured), won(view.medusa.refunded))}</Row>
      {live.paid_at && <Row label={t.paidAt}>{koreanTime(live.paid_at)}</Row>}
      {va && (
        <>
          <Row label={t.bank}>{(va.bank && PORTONE_BANKS[va.bank as keyof typeof PORTONE_BANKS]) ?? va.bank ?? "–"}</Row>
          <Row label={t.virtualAccount}>{va.account_number}</Row>
          {va.remittee_name && <Row label={t.holder}>{va.remittee_name}</Row>}
          {va.expired_at && <Row label={t.due}>{koreanTime(va.expired_at)}</Row>}
        </>
      )}
      <Row label="paymentId">
        <span className="font-mono">{view.portone_payment_id}</span>
      </Row>
      {live.receipt_url && (
        <Row label={t.receipt}>
          <a href={live.receipt_url} target="_blank" rel="noreferrer" className="text-ui-fg-interactive hover:underline">
            {t.open}
          </a>
        </Row>
      )}
    </div>
  )
}

function Cancels({ live, t }: { live: Live; t: PortOneTexts }) {
  return (
    <div data-testid="portone-cancels" className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        {t.cancels}
      </Text>
      {live.cancels.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          {t.noCancels}
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t.cancelAmount}</Table.HeaderCell>
              <Table.HeaderCell>{t.taxFree}</Table.HeaderCell>
              <Table.HeaderCell>{t.reason}</Table.HeaderCell>
              <Table.HeaderCell>{t.time}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {live.cancels.map((cancel) => (
              <Table.Row key={cancel.id}>
                <Table.Cell>{won(cancel.amount)}</Table.Cell>
                <Table.Cell>{won(cancel.tax_free_amount)}</Table.Cell>
                <Table.Cell>{cancel.reason ?? "–"}</Table.Cell>
                <Table.Cell>{koreanTime(cancel.cancelled_at)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
  )
}

/** The refund through PortOne; a virtual account's refund account is entered here and sent with this request only. */
function RefundForm({ base, live, t, onDone }: { base: string; live: Live; t: PortOneTexts; onDone: () => Promise<boolean> }) {
  const [amount, setAmount] = useState("")
  const [note, setNote] = useState("")
  const [bank, setBank] = useState("")
  const [number, setNumber] = useState("")
  const [holder, setHolder] = useState("")
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setMessage(null)
    try {
      await sdk.client.fetch(`${base}/refunds`, {
        method: "POST",
        body: {
          amount: Number(amount.replace(/[,\s]/g, "")),
          ...(note.trim() && { note }),
          ...(live.can.refund_needs_account && { refund_account: { bank, number, holder_name: holder } }),
        },
      })
      setAmount("")
      setNote("")
      setNumber("")
      setHolder("")
      setMessage({ error: false, text: t.refundDone })
      await onDone()
    } catch (caught) {
      setMessage({ error: true, text: (caught as Error).message })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form data-testid="portone-refund" onSubmit={(event) => void submit(event)} className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        {t.refund}
      </Text>
      <div className="flex flex-wrap items-end gap-2">
        <Field id="portone-refund-amount" label={t.refundAmount}>
          <Input id="portone-refund-amount" inputMode="numeric" placeholder={String(live.amount?.cancellable ?? "")} value={amount} onChange={(event) => setAmount(event.target.value)} />
        </Field>
        <Field id="portone-refund-note" label={t.note}>
          <Input id="portone-refund-note" value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
      </div>
      {live.can.refund_needs_account && (
        <>
          <Text size="small" className="text-ui-fg-subtle">
            {t.refundAccount}
          </Text>
          <div className="flex flex-wrap items-end gap-2">
            <Field id="portone-refund-bank" label={t.bank}>
              <Select value={bank} onValueChange={setBank}>
                <Select.Trigger data-testid="portone-refund-bank">
                  <Select.Value placeholder={t.bank} />
                </Select.Trigger>
                <Select.Content>
                  {Object.entries(PORTONE_BANKS).map(([code, name]) => (
                    <Select.Item key={code} value={code}>
                      {name}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Field id="portone-refund-account-number" label={t.accountNumber}>
              <Input id="portone-refund-account-number" inputMode="numeric" autoComplete="off" value={number} onChange={(event) => setNumber(event.target.value)} />
            </Field>
            <Field id="portone-refund-holder" label={t.holderName}>
              <Input id="portone-refund-holder" autoComplete="off" value={holder} onChange={(event) => setHolder(event.target.value)} />
            </Field>
          </div>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {t.accountNote}
          </Text>
        </>
      )}
      <div>
        <Button size="small" type="submit" isLoading={busy} data-testid="portone-refund-submit">
          {t.refund}
        </Button>
      </div>
      {message && (
        <Text size="small" className={message.error ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
          {message.text}
        </Text>
      )}
    </form>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-2 items-start gap-x-4">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small" className="break-all">
        {children}
      </Text>
    </div>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
})

export default PortOnePaymentWidget
