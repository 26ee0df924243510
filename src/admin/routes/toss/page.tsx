import { useCallback, useEffect, useState } from "react"
import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Alert, Button, Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import type {
  AdminTossAttentionItem,
  AdminTossAttentionResponse,
  AdminTossHealthResponse,
  AdminTossSettlementsResponse,
} from "../../../api/admin/toss/desk-types"
import { sdk } from "../../lib/sdk"
import { ITEM_TEXTS, TossTexts, textsFor, useAdminLanguage } from "../../lib/toss-i18n"
import { koreanTime, won } from "../../lib/toss-labels"

/** The operator's desk: what needs a person, and whether the plugin keeps up with Toss. */
const TossPage = () => {
  const language = useAdminLanguage()
  const t = textsFor(language)
  const [items, setItems] = useState<AdminTossAttentionItem[] | null>(null)
  const [health, setHealth] = useState<AdminTossHealthResponse | null>(null)
  const [months, setMonths] = useState<AdminTossSettlementsResponse["months"] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const load = useCallback(async () => {
    setLoading(true)
    try {
      const [attention, status, settlements] = await Promise.all([
        sdk.client.fetch<AdminTossAttentionResponse>("/admin/toss/attention"),
        sdk.client.fetch<AdminTossHealthResponse>("/admin/toss/health"),
        sdk.client.fetch<AdminTossSettlementsResponse>("/admin/toss/settlements"),
      ])
      setItems(attention.items)
      setHealth(status)
      setMonths(settlements.months)
      setError(null)
    } catch (caught) {
      setError((caught as Error).message)
    } finally {
      setLoading(false)
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  return (
    <div className="flex flex-col gap-y-3" data-testid="toss-page" lang={language}>
      <Container className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">{t.title}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t.subtitle}
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => void load()} isLoading={loading}>
          {t.refresh}
        </Button>
      </Container>
      {error && <Alert variant="error">{error}</Alert>}
      <Attention items={items} t={t} language={language} onChange={load} />
      <Settlements months={months} t={t} />
      <Health health={health} t={t} />
    </div>
  )
}

function Attention({ items, t, language, onChange }: { items: AdminTossAttentionItem[] | null; t: TossTexts; language: "ko" | "en"; onChange: () => Promise<void> }) {
  return (
    <Container className="divide-y p-0" data-testid="toss-attention">
      <div className="px-6 py-4">
        <Heading level="h2">
          {t.attention}
          {items?.length ? ` (${items.length})` : ""}
        </Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t.attentionNote}
        </Text>
      </div>
      {items && items.length === 0 && (
        <div className="px-6 py-4">
          <Text data-testid="toss-attention-empty">{t.attentionEmpty}</Text>
        </div>
      )}
      {items && items.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t.order}</Table.HeaderCell>
              <Table.HeaderCell>{t.amount}</Table.HeaderCell>
              <Table.HeaderCell>{t.what}</Table.HeaderCell>
              <Table.HeaderCell>{t.action}</Table.HeaderCell>
              <Table.HeaderCell>{t.since}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((item) => (
              <AttentionRow key={item.id} item={item} t={t} language={language} onChange={onChange} />
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

/** Kinds whose message carries Toss's answer (its refusal and code). */
const TOSS_WORDS = new Set(["refund-refused", "give-back-refused"])

function AttentionRow({ item, t, language, onChange }: { item: AdminTossAttentionItem; t: TossTexts; language: "ko" | "en"; onChange: () => Promise<void> }) {
  const texts = ITEM_TEXTS[item.kind]?.[language] ?? { what: item.kind, todo: "" }
  const [state, setState] = useState<{ busy: boolean; done: boolean; error: string | null }>({ busy: false, done: false, error: null })
  const refund = async () => {
    setState({ busy: true, done: false, error: null })
    try {
      await sdk.client.fetch(`/admin/payments/${item.payment_id}/refund`, { method: "POST", body: { amount: item.refundable!.balanceAmount } })
      setState({ busy: false, done: true, error: null })
      // Toss's cancel webhook brings the sync that resolves the item; look again shortly.
      setTimeout(() => void onChange(), 8000)
    } catch (caught) {
      setState({ busy: false, done: false, error: (caught as Error).message })
    }
  }
  const refundable = item.action === "refund" && item.refundable && item.payment_id && item.refundable.balanceAmount > 0
  const accountMissing = refundable && item.refundable!.needsRefundAccount && !item.refundable!.hasRefundAccount
  return (
    <Table.Row data-testid="toss-attention-item" data-kind={item.kind}>
      <Table.Cell className="whitespace-nowrap">
        {item.order ? <a className="text-ui-fg-interactive" href={`../orders/${item.order.id}`}>{item.order.display_id ? `#${item.order.display_id}` : item.order.id}</a> : t.noOrder}
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap">{won(item.amount)}</Table.Cell>
      <Table.Cell>
        <div className="flex flex-col py-2">
          <Text size="small" weight="plus">
            {texts.what}
          </Text>
          {/* Toss's own words about a refusal; the other kinds say it all above. */}
          {TOSS_WORDS.has(item.kind) && (
            <Text size="xsmall" className="text-ui-fg-subtle">
              {item.message}
            </Text>
          )}
        </div>
      </Table.Cell>
      <Table.Cell>
        <div className="flex flex-col gap-y-1 py-2">
          {refundable && !accountMissing && !state.done && (
            <Button size="small" variant="primary" onClick={() => void refund()} isLoading={state.busy} data-testid="toss-attention-refund">
              {t.refund(won(item.refundable!.balanceAmount))}
            </Button>
          )}
          {accountMissing && <Text size="small">{t.enterAccount}</Text>}
          {!refundable && <Text size="small">{texts.todo}</Text>}
          {state.done && <StatusBadge color="blue">{t.refundRequested}</StatusBadge>}
          {state.error && (
            <Text size="xsmall" className="text-ui-fg-error">
              {state.error}
            </Text>
          )}
        </div>
      </Table.Cell>
      <Table.Cell className="whitespace-nowrap">{koreanTime(item.created_at)}</Table.Cell>
    </Table.Row>
  )
}

/** The month's rows as CSV, downloaded with the operator's session cookie. */
function exportUrl(month: string): string {
  return new URL(`/admin/toss/settlements/export?month=${month}`, import.meta.env.VITE_BACKEND_URL || window.location.origin).toString()
}

function Settlements({ months, t }: { months: AdminTossSettlementsResponse["months"] | null; t: TossTexts }) {
  return (
    <Container className="divide-y p-0" data-testid="toss-settlements-summary">
      <div className="px-6 py-4">
        <Heading level="h2">{t.settlements}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t.settlementsNote}
        </Text>
      </div>
      {months && months.length === 0 && (
        <div className="px-6 py-4">
          <Text size="small">{t.settlementsEmpty}</Text>
        </div>
      )}
      {months && months.length > 0 && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t.month}</Table.HeaderCell>
              <Table.HeaderCell>{t.transactions}</Table.HeaderCell>
              <Table.HeaderCell>{t.amount}</Table.HeaderCell>
              <Table.HeaderCell>{t.fee}</Table.HeaderCell>
              <Table.HeaderCell>{t.vat}</Table.HeaderCell>
              <Table.HeaderCell>{t.payout}</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {months.map((month) => (
              <Table.Row key={month.month} data-testid="toss-settlement-month">
                <Table.Cell>{t.monthLabel(month.month)}</Table.Cell>
                <Table.Cell>{month.transactions}</Table.Cell>
                <Table.Cell>{won(month.amount)}</Table.Cell>
                <Table.Cell>{won(month.fee)}</Table.Cell>
                <Table.Cell>{won(month.vat)}</Table.Cell>
                <Table.Cell>{won(month.payout_amount)}</Table.Cell>
                <Table.Cell>
                  <a className="text-ui-fg-interactive" href={exportUrl(month.month)} download={`toss-settlements-${month.month}.csv`} data-testid="toss-settlement-csv">
                    CSV
                  </a>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

function Health({ health, t }: { health: AdminTossHealthResponse | null; t: TossTexts }) {
  if (!health) {
    return null
  }
  const run = health.lastRun
  const outcome = run ? { ok: { label: t.runOk, color: "green" }, partial: { label: t.runPartial, color: "orange" } }[run.outcome] ?? { label: t.runFailed, color: "red" } : null
  return (
    <Container className="divide-y p-0" data-testid="toss-health">
      <div className="px-6 py-4">
        <Heading level="h2">{t.health}</Heading>
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Row label={t.lastRun}>
          {run ? (
            <span className="flex items-center gap-x-2">
              {koreanTime(run.finished_at ?? run.started_at)}
              <StatusBadge color={outcome!.color as "green" | "orange" | "red"}>{outcome!.label}</StatusBadge>
              {t.checked(run.checked)}
            </span>
          ) : (
            t.never
          )}
        </Row>
        <Row label={t.due}>{health.due.count}</Row>
        <Row label={t.oldestDue}>{health.due.oldestDueAt ? koreanTime(health.due.oldestDueAt) : t.none}</Row>
        <Row label={t.ledgerLag}>{health.ledger.lagSeconds === null ? t.never : t.seconds(health.ledger.lagSeconds)}</Row>
        <Row label={t.webhooks}>{t.webhookCounts(health.webhooks.lastHour, health.webhooks.unknown, health.webhooks.failed)}</Row>
      </div>
    </Container>
  )
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-2 items-center gap-x-4">
      <Text size="small" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Text>
      <Text size="small">{children}</Text>
    </div>
  )
}

/** A won sign in the sidebar's icon size (15 px, current colour). */
const WonIcon = () => (
  <svg width="15" height="15" viewBox="0 0 15 15" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
    <path d="M2 3l2.5 9L7.5 5l3 7L13 3M1.5 7h12M1.5 9.5h12" />
  </svg>
)

export const config = defineRouteConfig({
  label: "Toss",
  icon: WonIcon,
})

export default TossPage
