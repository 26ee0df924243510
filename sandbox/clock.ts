/**
 * Sandbox time. Real time plus an offset that tests move forward, so the
 * 10-minute confirm limit and virtual account due dates can be reached
 * without waiting. Everything in the sandbox reads `now()`.
 */
export class SandboxClock {
  private offsetMs = 0

  now(): number {
    return Date.now() + this.offsetMs
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`clock.advance(ms) needs a positive number of milliseconds, got ${ms}`)
    }
    this.offsetMs += ms
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

/** `20240101120000`: the timestamp Toss puts at the start of test paymentKeys. */
export function kstCompact(ms: number): string {
  return kstIso(ms).slice(0, 19).replace(/[-T:]/g, "")
}
