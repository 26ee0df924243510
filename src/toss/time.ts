/** Korea has no daylight saving time: Korean time is UTC+9 all year. */
export const KST_OFFSET_MS = 9 * 60 * 60 * 1000

/** `2022-01-01T09:00:00.000`: Korean local time without an offset, as Toss's ledger takes dates. */
export function kstLocal(date: Date): string {
  return new Date(date.getTime() + KST_OFFSET_MS).toISOString().slice(0, 23)
}

/** Korean calendar month, `2026-12`. */
export function kstMonth(date: Date): string {
  return new Date(date.getTime() + KST_OFFSET_MS).toISOString().slice(0, 7)
}

/** "2025-06-01 14:03 KST", for operators in Korea. */
export function kstTime(date: Date): string {
  return new Date(date.getTime() + KST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ") + " KST"
}

/** Korean calendar date, `2026-12-07`, as Toss's settlements take dates. */
export function kstDate(date: Date): string {
  return new Date(date.getTime() + KST_OFFSET_MS).toISOString().slice(0, 10)
}
