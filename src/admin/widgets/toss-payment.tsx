import { ReactNode, useCallback, useEffect, useState } from "react"
import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Alert, Button, Container, Copy, Heading, StatusBadge, Table, Text, Tooltip } from "@medusajs/ui"
import type { AdminTossPaymentResponse } from "../../api/admin/toss/operator-view"
import type { TossPaymentView } from "../../providers/toss/session-data"
import { bankName } from "../../lib/toss-banks"
import { isTossProviderId } from "../../lib/toss-provider-id"
import { RefundAccountForm } from "../components/refund-account-form"
import { TossCashReceipts } from "../components/toss-cash-receipts"
import { TossSettlements } from "../components/toss-settlements"
import { sdk } from "../lib/sdk"
import { cardCompany, koreanTime, STATUS_BADGES, won } from "../lib/toss-labels"

/** The order page's Toss panel: one section per Toss payment of the order, nothing without one. */
const TossPaymentWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const payments = (order.payment_collections ?? [])
    .flatMap((collection) => collection.payments ?? [])
    .filter((payment) => isTossProviderId(payment.provider_id))
  if (!payments.length) {
    return null
  }
  return (
    <>
      {payments.map((payment) => (
        // A refund made on the page changes the order; the section then asks Toss again.
        <TossPaymentSection
          key={payment.id}
          paymentId={payment.id}
          version={`${payment.refunds?.length ?? 0}:${String(payment.updated_at ?? "")}`}
        />
      ))}
    </>
  )
}

function TossPaymentSection({ paymentId, version }: { paymentId: string; version: string }) {
  const [view, setView] = useState<AdminTossPaymentResponse | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const load = useCallback(async () => {
    setLoading(true)
    try {
      setView(await sdk.client.fetch<AdminTossPaymentResponse>(`/admin/toss/payments/${paymentId}`))
      setLoadError(null)
    } catch (error) {
      setLoadError((error as Error).message)
    } finally {
      setLoading(false)
    }
  }, [paymentId])

  useEffect(() => {
    void load()
  }, [load, version])

  const payment = view?.payment ?? null
  return (
    <Container data-testid="toss-payment-widget" className="divide-y p-0">
      <div className="flex items-center justify-between gap-x-2 px-6 py-4">
        <Heading level="h2">토스페이먼츠 결제 · Toss payment</Heading>
        <div className="flex items-center gap-x-2">
          {payment && (
            <StatusBadge data-testid="toss-status" color={STATUS_BADGES[payment.status]?.color ?? "grey"}>
              {STATUS_BADGES[payment.status]?.label ?? payment.status}
            </StatusBadge>
          )}
          <Button size="small" variant="secondary" onClick={() => void load()} isLoading={loading}>
            새로고침 · Refresh
          </Button>
        </div>
      </div>
      {loadError && (
        <div className="px-6 py-4">
          <Alert variant="error">{loadError}</Alert>
        </div>
      )}
      {view?.error && (
        <div className="px-6 py-4">
          <Alert variant="warning" data-testid="toss-offline">
            {view.error}
          </Alert>
        </div>
      )}
      {view?.refundable.mobilePhoneWarning && (
        <div className="px-6 py-4">
          <Alert variant="warning" data-testid="toss-mobile-phone-warning">
            {view.refundable.mobilePhoneWarning}
          </Alert>
        </div>
      )}
      {view && payment && (
        <>
          <PaymentDetails payment={payment} view={view} />
          <Cancels payment={payment} />
          {view.refundable.needsRefundAccount && (
            <RefundAccountForm paymentId={paymentId} current={view.refundable.refundAccount} onSaved={() => void load()} />
          )}
          <TossSettlements paymentId={paymentId} version={version} />
          {(payment.method === "계좌이체" || payment.method === "가상계좌") && <TossCashReceipts paymentId={paymentId} />}
        </>
      )}
    </Container>
  )
}

function PaymentDetails({ payment, view }: { payment: TossPaymentView; view: AdminTossPaymentResponse }) {
  const { card, easyPay, virtualAccount, transfer, mobilePhone } = payment
  const { medusa, refundable } = view
  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Row label="결제수단 · Method">
        {payment.method ?? "–"}
        {easyPay ? ` (${easyPay.provider})` : ""}
      </Row>
      <Row label="결제 금액 · Amount">{won(payment.totalAmount)}</Row>
      <Row label="환불 가능 잔액 · Refundable">
        {won(refundable.balanceAmount)}
        {refundable.partialCancelable === false ? " · 부분 취소 불가 (full refunds only)" : ""}
      </Row>
      <Row label="Medusa">
        결제 {won(medusa.captured)} · 환불 {won(medusa.refunded)}
      </Row>
      {payment.taxFreeAmount > 0 && <Row label="면세 금액 · Tax-free">{won(payment.taxFreeAmount)}</Row>}
      {payment.useEscrow && <Row label="에스크로 · Escrow">구매 안전 서비스 적용 (buyer protection; full refunds only)</Row>}
      <Row label="승인 시각 · Approved">{koreanTime(payment.approvedAt)}</Row>
      {card && (
        <>
          <Row label="카드사 · Card issuer">
            {cardCompany(card.issuerCode)} {card.cardType ? `(${card.cardType})` : ""}
          </Row>
          <Row label="카드번호 · Card number">{card.number}</Row>
          <Row label="할부 · Installment">
            {card.installmentPlanMonths > 0 ? `${card.installmentPlanMonths}개월` : "일시불 (single payment)"}
            {card.installmentPlanMonths > 0 && card.isInterestFree ? " · 무이자 (interest-free)" : ""}
          </Row>
          <Row label="승인번호 · Approval no.">{card.approveNo}</Row>
        </>
      )}
      {virtualAccount && (
        <>
          <Row label="입금 은행 · Bank">{bankName(virtualAccount.bankCode)}</Row>
          <Row label="가상계좌 · Account">{virtualAccount.accountNumber}</Row>
          <Row label="예금주 · Holder">{virtualAccount.customerName}</Row>
          <Row label="입금 기한 · Due">
            {koreanTime(virtualAccount.dueDate)}
            {virtualAccount.expired ? " · 만료됨 (expired)" : ""}
          </Row>
          <Row label="입금자 · Depositor">{virtualAccount.depositorName ?? "–"}</Row>
        </>
      )}
      {transfer && <Row label="은행 · Bank">{bankName(transfer.bankCode)}</Row>}
      {mobilePhone && <Row label="휴대폰 · Phone">{mobilePhone.customerMobilePhone}</Row>}
      {payment.failure && (
        <Row label="실패 · Failure">
          {payment.failure.message} ({payment.failure.code})
        </Row>
      )}
      <Row label="paymentKey">
        <span className="flex items-center gap-x-1 font-mono">
          {payment.paymentKey}
          <Copy content={payment.paymentKey} />
        </span>
      </Row>
      <Row label="orderId">
        <span className="font-mono">{payment.orderId}</span>
      </Row>
      {payment.cashReceipt && (
        <Row label="현금영수증 · Cash receipt">
          {payment.cashReceipt.type} · {won(payment.cashReceipt.amount)} ·{" "}
          <a href={payment.cashReceipt.receiptUrl} target="_blank" rel="noreferrer" className="text-ui-fg-interactive hover:underline">
            열기 · Open
          </a>
        </Row>
      )}
      {payment.receiptUrl && (
        <Row label="영수증 · Receipt">
          <a href={payment.receiptUrl} target="_blank" rel="noreferrer" className="text-ui-fg-interactive hover:underline">
            열기 · Open
          </a>
        </Row>
      )}
    </div>
  )
}

function Cancels({ payment }: { payment: TossPaymentView }) {
  return (
    <div data-testid="toss-cancels" className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        취소 내역 · Cancels
      </Text>
      {payment.cancels.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          취소 내역이 없어요 (no refunds at Toss).
        </Text>
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>금액 · Amount</Table.HeaderCell>
              <Table.HeaderCell>사유 · Reason</Table.HeaderCell>
              <Table.HeaderCell>시각 · Time</Table.HeaderCell>
              <Table.HeaderCell>거래 키 · Transaction</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {payment.cancels.map((cancel) => (
              <Table.Row key={cancel.transactionKey}>
                <Table.Cell>{won(cancel.cancelAmount)}</Table.Cell>
                <Table.Cell>{cancel.cancelReason ?? "–"}</Table.Cell>
                <Table.Cell>{koreanTime(cancel.canceledAt)}</Table.Cell>
                <Table.Cell>
                  <Tooltip content={cancel.transactionKey}>
                    <span className="font-mono">{cancel.transactionKey.slice(0, 8)}…</span>
                  </Tooltip>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </div>
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

export default TossPaymentWidget
