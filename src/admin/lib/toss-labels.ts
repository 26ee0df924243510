import type { TossPaymentStatus } from "../../toss/types"

/** Toss card company codes (`card.issuerCode`) → names; an unknown code is shown as it is. */
export const CARD_COMPANIES: Readonly<Record<string, string>> = {
  "3K": "기업BC",
  "46": "광주은행",
  "71": "롯데카드",
  "30": "KDB산업은행",
  "31": "BC카드",
  "51": "삼성카드",
  "38": "새마을금고",
  "41": "신한카드",
  "62": "신협",
  "36": "씨티카드",
  "33": "우리BC카드",
  "W1": "우리카드",
  "37": "우체국예금보험",
  "39": "저축은행중앙회",
  "35": "전북은행",
  "42": "제주은행",
  "15": "카카오뱅크",
  "3A": "케이뱅크",
  "24": "토스뱅크",
  "21": "하나카드",
  "61": "현대카드",
  "11": "KB국민카드",
  "91": "NH농협카드",
  "34": "Sh수협은행",
  "6D": "다이너스 클럽",
  "4M": "마스터카드",
  "3C": "유니온페이",
  "7A": "아메리칸 익스프레스",
  "4J": "JCB",
  "4V": "VISA",
}

type BadgeColor = "green" | "orange" | "blue" | "red" | "grey"

/** Toss status → the badge an operator reads at a glance. */
export const STATUS_BADGES: Record<TossPaymentStatus, { label: string; color: BadgeColor }> = {
  READY: { label: "결제 대기 · Ready", color: "grey" },
  IN_PROGRESS: { label: "인증 완료 · Authenticated", color: "blue" },
  WAITING_FOR_DEPOSIT: { label: "입금 대기 · Waiting for deposit", color: "orange" },
  DONE: { label: "결제 완료 · Paid", color: "green" },
  PARTIAL_CANCELED: { label: "부분 취소 · Partly refunded", color: "blue" },
  CANCELED: { label: "취소 완료 · Refunded", color: "grey" },
  ABORTED: { label: "승인 실패 · Failed", color: "red" },
  EXPIRED: { label: "만료 · Expired", color: "red" },
}

export function cardCompany(code: string): string {
  return CARD_COMPANIES[code] ?? code
}

export function won(amount: number): string {
  return `${amount.toLocaleString("ko-KR")}원`
}

const KOREAN_TIME = new Intl.DateTimeFormat("ko-KR", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
})

/** Toss's times (ISO 8601, +09:00) in Korean time, whatever the operator's own time zone. */
export function koreanTime(iso: string | null): string {
  return iso ? KOREAN_TIME.format(new Date(iso)) : "–"
}
