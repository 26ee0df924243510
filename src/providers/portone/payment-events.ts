import type { CallOptions, PortOneClient } from "../../portone/client"

export interface EventsRun {
  /** Payments that had an event since the cursor, each once, in event order: each is looked up and synced. */
  paymentIds: string[]
  /** Where the next run starts; unchanged when there was nothing new. */
  cursor?: string
  /** The run reached the newest event (false: it stopped at its bound and the next run goes on). */
  done: boolean
}

/**
 * One bounded reconciliation run over PortOne's payment events (paid,
 * partially cancelled, cancelled), the PortOne twin of reading Toss's
 * transaction ledger: at most `maxEvents` events, from the stored cursor
 * (or from `from` on the first run). An event is only a pointer to a
 * payment: the caller looks each payment up and lets the sync decide.
 */
export async function readPaymentEvents(
  client: Pick<PortOneClient, "listPaymentEvents">,
  { cursor, from, pageSize = 100, maxEvents = 500 }: { cursor?: string; from?: string; pageSize?: number; maxEvents?: number },
  options: CallOptions = {}
): Promise<EventsRun> {
  const paymentIds = new Set<string>()
  let read = 0
  for (;;) {
    const size = Math.min(pageSize, maxEvents - read)
    if (size <= 0) {
      return { paymentIds: [...paymentIds], cursor, done: false }
    }
    const { items } = await client.listPaymentEvents(cursor ? { cursor, size } : { ...(from && { from }), size }, options)
    for (const { paymentEvent, cursor: next } of items) {
      if ("paymentId" in paymentEvent && typeof paymentEvent.paymentId === "string") {
        paymentIds.add(paymentEvent.paymentId)
      }
      cursor = next
    }
    read += items.length
    if (items.length < size) {
      return { paymentIds: [...paymentIds], cursor, done: true }
    }
  }
}
