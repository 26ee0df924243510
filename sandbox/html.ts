/**
 * The sandbox's HTML pages besides the payment window: receipt, the fake
 * bank for virtual account deposits, errors; and the Toss-like look they
 * share with the window.
 */
import { bankName } from "../src/lib/toss-banks"
import type { TossPayment } from "./toss-objects"

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

/** `15000` → `15,000원` */
export function won(amount: number): string {
  return `${amount.toLocaleString("ko-KR")}원`
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f2f4f6; color: #191f28; font: 15px/1.5 "Toss Product Sans", -apple-system, BlinkMacSystemFont, "Apple SD Gothic Neo", "Malgun Gothic", "Segoe UI", sans-serif; }
  main { max-width: 460px; margin: 0 auto; padding: 24px 16px 40px; }
  header.brand { display: flex; align-items: center; justify-content: space-between; margin-bottom: 16px; }
  .logo { font-weight: 800; font-size: 19px; color: #3182f6; letter-spacing: -0.3px; }
  .badge { font-size: 12px; font-weight: 600; color: #3182f6; background: #e8f3ff; border-radius: 999px; padding: 3px 10px; }
  .card { background: #fff; border-radius: 16px; padding: 20px; margin-bottom: 12px; box-shadow: 0 1px 3px rgba(0, 29, 58, 0.06); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  h2 { font-size: 15px; margin: 0 0 12px; }
  small, .sub { color: #8b95a1; font-weight: 400; font-size: 12px; }
  .muted { color: #4e5968; }
  .amount { font-size: 28px; font-weight: 700; margin: 8px 0 2px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 8px 16px; margin: 0; }
  dt { color: #8b95a1; }
  dd { margin: 0; text-align: right; word-break: break-all; }
  button { font: inherit; border: 0; border-radius: 12px; padding: 14px 16px; cursor: pointer; width: 100%; font-weight: 600; }
  button.primary { background: #3182f6; color: #fff; font-size: 17px; }
  button.primary:hover { background: #1b64da; }
  button.secondary { background: #fff; color: #4e5968; border: 1px solid #d1d6db; }
  button.secondary:hover { background: #f2f4f6; }
  button.link { background: none; color: #8b95a1; }
  button small { display: block; color: inherit; opacity: 0.8; }
  .row { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 8px; }
  .option { display: flex; align-items: center; gap: 10px; padding: 12px 14px; border: 1px solid #e5e8eb; border-radius: 12px; margin-bottom: 8px; cursor: pointer; }
  .option:has(input:checked) { border-color: #3182f6; background: #f5f9ff; }
  .option input { accent-color: #3182f6; width: 18px; height: 18px; margin: 0; }
  .field { display: grid; gap: 4px; margin-top: 10px; font-size: 13px; color: #4e5968; }
  .field select, .field input[type=text] { font: inherit; color: #191f28; padding: 10px 12px; border: 1px solid #d1d6db; border-radius: 10px; background: #fff; }
  .note { font-size: 13px; color: #4e5968; background: #f9fafb; border-radius: 10px; padding: 10px 12px; margin-top: 8px; }
  .status { display: inline-block; font-size: 12px; font-weight: 700; border-radius: 6px; padding: 2px 8px; background: #e8f3ff; color: #1b64da; }
  footer { text-align: center; color: #b0b8c1; font-size: 12px; margin-top: 20px; }
`

export function layout(title: string, body: string, script = "", lang: "ko" | "en" = "ko"): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="brand"><span class="logo">toss payments</span><span class="badge">${lang === "en" ? "SANDBOX · TEST" : "SANDBOX · 테스트"}</span></header>
${body}
<footer>${lang === "en" ? "Toss Payments local sandbox · no real money moves" : "Toss Payments local sandbox · 실제 결제가 일어나지 않습니다 (no real money moves)"}</footer>
</main>
${script ? `<script>${script}</script>` : ""}
</body>
</html>`
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<section class="card"><h1>${escapeHtml(title)}</h1><p class="muted">${escapeHtml(message)}</p></section>`)
}

export function receiptPage(payment: TossPayment): string {
  const account = payment.virtualAccount
  const rows: Array<[string, string, unknown]> = [
    ["상점", "Merchant", payment.mId],
    ["주문명", "Order", payment.orderName],
    ["주문번호", "Order ID", payment.orderId],
    ["결제수단", "Method", payment.easyPay ? `${payment.method} (${payment.easyPay.provider})` : payment.method],
    ["상태", "Status", payment.status],
    ["결제금액", "Amount", won(payment.totalAmount)],
    ["취소 후 잔액", "Balance", won(payment.balanceAmount)],
    ["공급가액 / 부가세", "Supplied / VAT", `${won(payment.suppliedAmount)} / ${won(payment.vat)}`],
    ["승인일시", "Approved at", payment.approvedAt ?? "-"],
  ]
  if (payment.card) {
    rows.push(["카드번호", "Card", payment.card.number])
    rows.push(["할부", "Installments", payment.card.installmentPlanMonths === 0 ? "일시불" : `${payment.card.installmentPlanMonths}개월${payment.card.isInterestFree ? " (무이자)" : ""}`])
  }
  if (payment.useEscrow) rows.push(["에스크로", "Escrow", "적용 (applied)"])
  if (account) rows.push(["입금계좌", "Account", `${bankName(account.bankCode)} ${account.accountNumber}`])
  const cancels = (payment.cancels ?? [])
    .map((c) => `<dt>${escapeHtml(c.canceledAt)}</dt><dd>-${won(c.cancelAmount)} · ${escapeHtml(c.cancelReason)}</dd>`)
    .join("")
  return layout(
    `영수증 ${payment.orderId}`,
    `<section class="card">
      <h1>매출전표 <small>Receipt</small></h1>
      <div class="amount">${won(payment.balanceAmount)}</div>
      <span class="status">${escapeHtml(payment.status)}</span>
    </section>
    <section class="card"><dl>${rows
      .map(([ko, en, value]) => `<dt>${ko} <small>${en}</small></dt><dd>${escapeHtml(value)}</dd>`)
      .join("")}</dl></section>
    ${cancels ? `<section class="card"><h2>취소 내역 <small>Cancels</small></h2><dl>${cancels}</dl></section>` : ""}`
  )
}

/** A cash receipt (현금영수증) of a payment: the issue or one of its cancels. */
export function cashReceiptPage(payment: TossPayment, receiptKey: string): string {
  const entry = payment.cashReceipts!.find((e) => e.receiptKey === receiptKey)!
  const rows: Array<[string, string, unknown]> = [
    ["용도", "Type", entry.type],
    ["거래 구분", "Transaction", entry.transactionType === "CONFIRM" ? "승인 (issue)" : "취소 (cancel)"],
    ["승인번호", "Issue number", entry.issueNumber],
    ["금액", "Amount", won(entry.amount)],
    ["면세 금액", "Tax-free", won(entry.taxFreeAmount)],
    ["식별 번호", "Identity", entry.customerIdentityNumber],
    ["주문번호", "Order ID", entry.orderId],
    ["발급일시", "Requested at", entry.requestedAt],
  ]
  return layout(
    `현금영수증 ${entry.orderId}`,
    `<section class="card"><h1>현금영수증 <small>Cash receipt</small></h1>
      <div class="amount">${won(entry.amount)}</div><span class="status">${escapeHtml(entry.issueStatus)}</span></section>
    <section class="card"><dl>${rows
      .map(([ko, en, value]) => `<dt>${ko} <small>${en}</small></dt><dd>${escapeHtml(value)}</dd>`)
      .join("")}</dl></section>`
  )
}

/** A fake bank listing virtual accounts waiting for their deposit, one button each. */
export function bankPage(payments: TossPayment[]): string {
  const waiting = payments.filter(
    (p) => p.status === "WAITING_FOR_DEPOSIT" && p.virtualAccount && !p.virtualAccount.expired
  )
  const cards = waiting
    .map((p) => {
      const account = p.virtualAccount!
      return `<section class="card">
        <h2>${escapeHtml(p.orderName)} <small>${escapeHtml(p.orderId)}</small></h2>
        <dl>
          <dt>입금계좌 <small>Account</small></dt><dd>${escapeHtml(bankName(account.bankCode))} ${escapeHtml(account.accountNumber)}</dd>
          <dt>입금자 <small>Customer</small></dt><dd>${escapeHtml(account.customerName)}</dd>
          <dt>입금기한 <small>Due</small></dt><dd>${escapeHtml(account.dueDate)}</dd>
        </dl>
        <div class="amount">${won(p.totalAmount)}</div>
        <button class="primary" data-payment-key="${escapeHtml(p.paymentKey)}" data-testid="bank-deposit-${escapeHtml(p.orderId)}">입금하기 <small>deposit</small></button>
      </section>`
    })
    .join("")
  const empty = `<section class="card"><p class="muted">입금 대기 중인 가상계좌가 없습니다. <small>No virtual account is waiting for a deposit.</small></p></section>`
  // The buttons call the JSON control route, then show the updated list.
  const script = `
    document.querySelectorAll("[data-payment-key]").forEach(function (button) {
      button.addEventListener("click", function () {
        button.disabled = true;
        fetch("/sandbox/payments/" + encodeURIComponent(button.dataset.paymentKey) + "/deposit", { method: "POST" })
          .then(function (response) { return response.ok ? null : response.json().then(function (e) { alert(e.message); }); })
          .then(function () { location.reload(); });
      });
    });`
  return layout(
    "가상계좌 입금 (Sandbox bank)",
    `<section class="card"><h1>가상계좌 입금 <small>Sandbox bank</small></h1>
      <p class="muted">쇼핑객이 은행에서 입금하는 것을 흉내 냅니다. <small>Pretend to be the shopper paying at their bank.</small></p></section>
    ${cards || empty}`,
    script
  )
}
