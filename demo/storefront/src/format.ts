const won = new Intl.NumberFormat("ko-KR")

/** 15000 → "15,000원", the way Korean shops write prices. */
export function formatWon(amount: number | null | undefined): string {
  return `${won.format(amount ?? 0)}원`
}

/** An ISO time (Toss sends +09:00) as "2025년 1월 8일 23:59", in Korean time. */
export function formatKoreanDateTime(iso: string): string {
  return new Intl.DateTimeFormat("ko-KR", {
    dateStyle: "long",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: "Asia/Seoul",
  }).format(new Date(iso))
}
