import { useEffect, useState } from "react"

export type TossLanguage = "ko" | "en"

/**
 * The admin's language, as Medusa's dashboard keeps it (its i18next
 * detector: the `lng` cookie, then `lng` in localStorage), else the
 * browser's. Korean for any `ko…`, English otherwise.
 */
export function adminLanguage(): TossLanguage {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("lng="))?.slice(4)
  let stored: string | null = null
  try {
    stored = window.localStorage.getItem("lng")
  } catch {
    // Storage can be off; the browser's language still tells.
  }
  const language = cookie || stored || navigator.language || "en"
  return language.toLowerCase().startsWith("ko") ? "ko" : "en"
}

/** The admin's language, read again when the operator comes back to the tab (a change in Settings → Profile). */
export function useAdminLanguage(): TossLanguage {
  const [language, setLanguage] = useState<TossLanguage>(adminLanguage)
  useEffect(() => {
    const update = () => setLanguage(adminLanguage())
    window.addEventListener("focus", update)
    window.addEventListener("storage", update)
    return () => {
      window.removeEventListener("focus", update)
      window.removeEventListener("storage", update)
    }
  }, [])
  return language
}

const TEXTS = {
  ko: {
    title: "토스페이먼츠",
    subtitle: "사람이 처리해야 할 결제와 토스 연동 상태",
    refresh: "새로고침",
    attention: "확인 필요",
    attentionEmpty: "처리할 항목이 없어요. 토스와 Medusa의 기록이 모두 일치해요.",
    attentionNote: "토스와 Medusa가 다시 일치하면 항목은 자동으로 사라져요.",
    order: "주문",
    amount: "금액",
    what: "무슨 일",
    action: "조치",
    since: "발생",
    noOrder: "주문 없음",
    refund: (amount: string) => `${amount} 환불`,
    refundRequested: "환불을 요청했어요. 토스가 확인하면 목록에서 사라져요.",
    enterAccount: "주문의 토스 패널에서 고객의 환불 계좌를 입력한 뒤 환불하세요.",
    health: "상태",
    lastRun: "마지막 대사(reconciliation)",
    never: "아직 실행되지 않음",
    runOk: "정상",
    runPartial: "일부 실패",
    runFailed: "실패",
    checked: (n: number) => `결제 ${n}건 확인`,
    due: "확인 대기 결제",
    oldestDue: "가장 오래된 대기",
    ledgerLag: "거래 내역 조회 지연",
    webhooks: "최근 1시간 웹훅",
    webhookCounts: (total: number, unknown: number, failed: number) => `${total}건 (알 수 없는 결제 ${unknown}건 무시, 처리 실패 ${failed}건)`,
    seconds: (s: number) => (s < 120 ? `${s}초` : s < 7200 ? `${Math.round(s / 60)}분` : `${Math.round(s / 3600)}시간`),
    none: "없음",
    settlements: "정산",
    settlementsNote: "토스가 수수료를 떼고 지급하는 금액, 판매월별 합계",
    settlementsEmpty: "아직 정산 내역이 없어요.",
    month: "판매월",
    monthLabel: (month: string) => `${month.slice(0, 4)}년 ${Number(month.slice(5, 7))}월`,
    transactions: "거래 수",
    fee: "수수료",
    vat: "수수료 부가세",
    payout: "지급액",
  },
  en: {
    title: "Toss Payments",
    subtitle: "Payments that need a person, and the health of the Toss connection",
    refresh: "Refresh",
    attention: "Needs attention",
    attentionEmpty: "Nothing to do: Toss and Medusa agree on every payment.",
    attentionNote: "An item leaves the list by itself once Toss and Medusa agree again.",
    order: "Order",
    amount: "Amount",
    what: "What happened",
    action: "Action",
    since: "Since",
    noOrder: "No order",
    refund: (amount: string) => `Refund ${amount}`,
    refundRequested: "Refund requested. The item leaves the list once Toss confirms it.",
    enterAccount: "Enter the shopper's refund account in the order's Toss panel, then refund.",
    health: "Health",
    lastRun: "Last reconciliation",
    never: "Not run yet",
    runOk: "OK",
    runPartial: "Some payments failed",
    runFailed: "Failed",
    checked: (n: number) => `${n} payments checked`,
    due: "Payments due for a check",
    oldestDue: "Oldest due",
    ledgerLag: "Ledger cursor lag",
    webhooks: "Webhooks in the last hour",
    webhookCounts: (total: number, unknown: number, failed: number) => `${total} (${unknown} dropped as unknown, ${failed} failed)`,
    seconds: (s: number) => (s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`),
    none: "None",
    settlements: "Settlements",
    settlementsNote: "What Toss pays out after its fee, per month of sale",
    settlementsEmpty: "No settlements yet.",
    month: "Month of sale",
    monthLabel: (month: string) => `${month.slice(0, 4)}. ${Number(month.slice(5, 7))}.`,
    transactions: "Transactions",
    fee: "Fee",
    vat: "VAT on fee",
    payout: "Payout",
  },
}

export type TossTexts = (typeof TEXTS)["en"]

export function textsFor(language: TossLanguage): TossTexts {
  return TEXTS[language]
}

/** Each kind of "Needs attention" item: what happened, and what to do when the page has no button for it. */
export const ITEM_TEXTS: Record<string, Record<TossLanguage, { what: string; todo: string }>> = {
  "deposit-after-cancel": {
    ko: { what: "취소된 주문에 입금됐어요", todo: "고객에게 환불하세요." },
    en: { what: "A deposit arrived for a cancelled order", todo: "Refund the shopper." },
  },
  "refund-refused": {
    ko: { what: "토스가 환불을 거절했어요", todo: "토스 밖에서 고객에게 환불하세요 (계좌 이체)." },
    en: { what: "Toss refused a refund", todo: "Refund the shopper outside Toss (bank transfer)." },
  },
  "deposit-reversed": {
    ko: { what: "결제 후 은행이 입금을 취소했어요", todo: "토스에 돈이 다시 들어올 때까지 주문을 보류하세요." },
    en: { what: "The bank reversed a deposit after the order was paid", todo: "Hold the order until Toss shows the money again." },
  },
  "give-back-refused": {
    ko: { what: "주문 없는 결제의 자동 취소를 토스가 거절했어요", todo: "토스 상점관리자에서 결제를 취소하세요." },
    en: { what: "Toss refused to give back a payment that has no order", todo: "Cancel the payment in the Toss merchant dashboard." },
  },
  "outcome-unknown": {
    ko: { what: "결제 승인 결과를 확인하지 못했어요", todo: "토스 상점관리자에서 결제를 확인하세요." },
    en: { what: "The outcome of a payment confirm stayed unknown", todo: "Look the payment up in the Toss merchant dashboard." },
  },
  "account-expiring": {
    ko: { what: "가상계좌 입금 기한이 곧 끝나요 (미입금)", todo: "고객에게 입금을 안내하세요." },
    en: { what: "A virtual account is about to expire unpaid", todo: "Remind the shopper to pay." },
  },
}
