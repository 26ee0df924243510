/**
 * Sandbox time. Real time plus an offset that tests move forward, so the
 * 10-minute confirm limit and virtual account due dates can be reached
 * without waiting. Everything in the sandbox reads `now()`.
 */
export class SandboxClock {
  private offsetMs = 0
  private readonly listeners: Array<() => void> = []

  now(): number {
    return Date.now() + this.offsetMs
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`clock.advance(ms) needs a positive number of milliseconds, got ${ms}`)
    }
    this.offsetMs += ms
    for (const listener of this.listeners) listener()
  }

  /** Called after every move of the clock, so what time does (expiries and their webhooks) happens at once. */
  onAdvance(listener: () => void): void {
    this.listeners.push(listener)
  }

  /** Jump to a moment (epoch ms or a Date), e.g. the last minute of a month. Only forward: time the sandbox already lived through stays in its ledger. */
  setTo(moment: number | Date): void {
    const target = typeof moment === "number" ? moment : moment.getTime()
    const now = this.now()
    if (!Number.isFinite(target) || target < now) {
      throw new Error(`clock.setTo(moment) only moves forward: ${new Date(target).toISOString()} is before ${new Date(now).toISOString()}`)
    }
    this.advance(target - now)
  }
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000

/** `2024-01-01T12:00:00+09:00`: how Toss writes times in a Payment. */
export function kstIso(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 19) + "+09:00"
}

/** `2024-01-01T12:00:00.000000`: how Toss writes a webhook's createdAt (Korean time, microseconds, no offset). */
export function kstMicros(ms: number): string {
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 23) + "000"
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/

/**
 * `2022-01-01T00:00:00` or `2022-01-01T00:00:00.000` in Korean time → epoch
 * ms; undefined for anything else (an offset, a date alone, 2022-02-30).
 */
export function parseKstLocalTime(value: unknown): number | undefined {
  const parts = typeof value === "string" ? LOCAL_TIME.exec(value) : null
  if (!parts) return undefined
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number)
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, Number((parts[7] ?? "0").padEnd(3, "0")))
  // Date.UTC rolls 2022-02-30 over to March 2: such a date does not exist.
  const back = new Date(ms)
  const real =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second
  return real ? ms - KST_OFFSET_MS : undefined
}

/** The Korean calendar month of a moment, e.g. "2024-01": mobile phone payments are refunded within it. */
export function kstMonth(ms: number): string {
  return kstIso(ms).slice(0, 7)
}

/** `20240101120000`: the timestamp Toss puts at the start of test paymentKeys. */
export function kstCompact(ms: number): string {
  return kstIso(ms).slice(0, 19).replace(/[-T:]/g, "")
}
