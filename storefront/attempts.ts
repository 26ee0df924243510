/**
 * The orderIds this browser has sent to Toss. Toss never accepts an orderId
 * twice, so a session whose orderId was already used must not be reused even
 * if the server has not heard of the attempt (the shopper closed the window).
 * Kept in sessionStorage so it survives Toss's redirect back to the store.
 */
const STORAGE_KEY = "medusa-payment-toss:attempted-order-ids"
// Enough for any realistic number of retries in one tab.
const MAX_REMEMBERED = 50

const inMemory = new Set<string>()

function storage(): Storage | undefined {
  try {
    return typeof window === "undefined" ? undefined : window.sessionStorage
  } catch {
    // Some privacy modes throw on access; fall back to memory for this page.
    return undefined
  }
}

function read(): string[] {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? "[]")
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === "string") : []
  } catch {
    return []
  }
}

export function wasAttempted(orderId: string): boolean {
  return inMemory.has(orderId) || read().includes(orderId)
}

export function markAttempted(orderId: string): void {
  // On a server (a Next.js route calling handleSuccess) there is no shopper's page to remember for.
  if (typeof window === "undefined") return
  inMemory.add(orderId)
  const ids = read().filter((id) => id !== orderId)
  ids.push(orderId)
  try {
    storage()?.setItem(STORAGE_KEY, JSON.stringify(ids.slice(-MAX_REMEMBERED)))
  } catch {
    // Storage full or blocked: the in-memory mark still protects this page.
  }
}
