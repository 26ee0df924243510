/**
 * Webhook bursts: virtual-account orders waiting for their deposit, the
 * deposits made at Toss with webhooks held back, then every order's
 * webhooks delivered several times at once (PAYMENT_STATUS_CHANGED and
 * DEPOSIT_CALLBACK, as Toss sends them for a deposit), as a store sees them
 * when Toss retries or its deliveries cross. Measured: how long until every
 * order is captured, captures per order, and Toss lookups per delivery. The
 * same for PortOne's virtual accounts and its signed `Transaction.Paid`.
 */
import { Client } from "pg"
import { PORTONE_WEBHOOK_PATH, TOSS_WEBHOOK_PATH } from "../demo/constants"
import type { TossSandbox } from "../sandbox"
import { kstMicros } from "../sandbox/clock"
import { PortOneSandbox, signWebhook } from "../sandbox/portone"
import { toPortOneCall, toTossCall, TossCall } from "./checkout"
import type { MedusaServer } from "./medusa"
import { mapLimit, PORTONE_PROVIDER_ID, Shop, TOSS_PROVIDER_ID } from "./shop"
import { tally } from "./stats"

/** Medusa handles a webhook 5 s after receiving it (see /work/shared/medusa-notes.md). */
export const MEDUSA_WEBHOOK_DELAY_MS = 5000
const PREPARE_CONCURRENCY = 4
/** Orders whose deliveries are sent at once. */
const ORDERS_PER_BURST = 10
const CAPTURE_TIMEOUT_MS = 120_000
/** No new Toss request for this long: Medusa has finished handling the deliveries. */
const QUIET_MS = 3000

/** Which PSP's webhooks: Toss's, or PortOne's (absent in runs from before PortOne's: Toss). */
export type Road = "toss" | "portone"

export interface WebhookRun {
  road?: Road
  orders: number
  deliveries: number
  /** Deliveries Medusa answered 200. */
  accepted: number
  /** First delivery sent → last answer received. */
  sendMs: number
  /** First delivery sent → every order captured in the database; null if some never were. */
  allCapturedMs: number | null
  /**
   * First delivery sent → every order's tracked payment settled: the sync
   * that captured it has finished (its last step writes that down); null if
   * some never were.
   */
  allSettledMs: number | null
  /** Captures per order: how many orders had 0, 1, 2 … captures once everything settled. */
  captureHistogram: Record<string, number>
  /** Payments per order, likewise. */
  paymentHistogram: Record<string, number>
  /** Orders captured so far, each time the count changed (ms after the first delivery). */
  captureTimeline: Array<{ ms: number; captured: number }>
  /** What the road's sandbox (Toss's or PortOne's) received from the first delivery until Medusa went quiet. */
  tossCalls: TossCall[]
  /** Lookups of each order's payment: how many orders had 1, 2, 3 … (answered and refused alike). */
  lookupsPerOrderHistogram: Record<string, number>
  /** Warnings and errors Medusa logged meanwhile. */
  problems: string[]
  /** The webhook route's own answer time, as Medusa logged it. */
  hookAnswerMs: number[]
}

/** What a burst of either road needs besides its sandbox. */
interface BurstInput {
  shop: Shop
  /** Where the deliveries go, in turn (servers behind a load balancer). */
  servers: MedusaServer[]
  /** In a cluster, the instance that handles the events. */
  worker?: MedusaServer | null
  databaseUrl: string
  orders: number
  deliveriesPerOrder: number
  log: (line: string) => void
}

export async function runWebhookBursts({
  shop,
  servers,
  worker = null,
  sandbox,
  databaseUrl,
  orders,
  deliveriesPerOrder,
  log,
}: BurstInput & { sandbox: TossSandbox }): Promise<WebhookRun> {
  sandbox.setWebhookUrl(null)
  log(`  creating ${orders} virtual-account orders waiting for their deposit`)
  const waiting = await mapLimit(Array.from({ length: orders }), PREPARE_CONCURRENCY, async () => {
    const cart = await shop.prepareCart(TOSS_PROVIDER_ID, { method: "VIRTUAL_ACCOUNT" })
    const { orderId, amount } = cart.session.data
    const issued = sandbox.authenticate({ orderId, amount, method: "VIRTUAL_ACCOUNT", customerName: "홍길동" })
    const answer = await shop.completeWithToss({ cart_id: cart.cartId, ...issued })
    if (answer.data?.type !== "order") {
      throw new Error(`A virtual-account checkout did not create an order (${answer.status}): ${JSON.stringify(answer.data).slice(0, 500)}`)
    }
    return { sessionId: cart.session.id as string, paymentKey: issued.paymentKey }
  })

  log(`  depositing into all ${orders} accounts at Toss, webhooks held back`)
  const deliveries = waiting.map(({ paymentKey }) => {
    const payment = sandbox.deposit(paymentKey)
    const createdAt = kstMicros(sandbox.clock.now())
    const statusChanged = { eventType: "PAYMENT_STATUS_CHANGED", createdAt, data: payment }
    const depositCallback = {
      createdAt,
      secret: payment.secret,
      status: payment.status,
      transactionKey: payment.lastTransactionKey,
      orderId: payment.orderId,
    }
    return Array.from({ length: deliveriesPerOrder }, (_, index) => {
      const payload = index % 2 === 0 ? statusChanged : depositCallback
      // The sandbox sends to the servers in turn.
      return () => sandbox.sendWebhook(payload).then((answer) => answer.status)
    })
  })

  sandbox.setWebhookUrl(servers.map(hookUrl))
  try {
    return await measureBurst({
      road: "toss",
      servers,
      worker,
      databaseUrl,
      sessionIds: waiting.map((order) => order.sessionId),
      deliveries,
      requestCount: () => sandbox.requests.length,
      callsSince: (mark) => {
        const requests = sandbox.requests.slice(mark)
        return {
          calls: requests.map(toTossCall),
          lookupsPerOrder: waiting.map(
            ({ sessionId, paymentKey }) =>
              requests.filter((request) => request.method === "GET" && [paymentKey, sessionId].includes(request.path.split("/").at(-1)!)).length
          ),
        }
      },
      log,
    })
  } finally {
    sandbox.setWebhookUrl(null)
  }
}

/**
 * The same burst on the PortOne road: PortOne checkouts by virtual account
 * left waiting, the deposits made in PortOne's sandbox with its webhooks
 * held back, then every order's `Transaction.Paid` delivered several times
 * at once, to the servers in turn, each copy signed as PortOne signs
 * (Standard Webhooks, the same webhook-id for a message's copies).
 */
export async function runPortOneWebhookBursts({
  shop,
  servers,
  worker = null,
  portOne,
  databaseUrl,
  orders,
  deliveriesPerOrder,
  log,
}: BurstInput & { portOne: PortOneSandbox }): Promise<WebhookRun> {
  portOne.setWebhookUrl(null)
  log(`  creating ${orders} PortOne virtual-account orders waiting for their deposit`)
  const paymentIds = await mapLimit(Array.from({ length: orders }), PREPARE_CONCURRENCY, async () => {
    const cart = await shop.prepareCart(PORTONE_PROVIDER_ID, { orderName: "제주 감귤 5kg" })
    const paymentId = cart.session.id
    const issued = portOne.pay({ paymentId, totalAmount: cart.total, payMethod: "VIRTUAL_ACCOUNT" })
    const answer = await shop.completeWithPortOne({ paymentId })
    if (issued.code || answer.data?.type !== "order") {
      throw new Error(`A PortOne virtual-account checkout did not create an order: ${issued.code ?? `${answer.status} ${JSON.stringify(answer.data).slice(0, 500)}`}`)
    }
    return paymentId
  })

  log(`  depositing into all ${orders} accounts at PortOne, webhooks held back`)
  let sent = 0
  const deliveries = paymentIds.map((paymentId) => {
    const payment = portOne.deposit(paymentId)
    const transactionId = "transactionId" in payment ? payment.transactionId : undefined
    const at = new Date()
    const body = JSON.stringify({ type: "Transaction.Paid", timestamp: at.toISOString(), data: { storeId: portOne.storeId, paymentId, transactionId } })
    const headers = { "content-type": "application/json", ...signWebhook(portOne.webhookSecret, `msg_${paymentId}_Transaction.Paid`, body, at) }
    return Array.from({ length: deliveriesPerOrder }, () => async () => {
      const server = servers[sent++ % servers.length]
      const response = await fetch(`${server.url}${PORTONE_WEBHOOK_PATH}`, { method: "POST", headers, body })
      await response.arrayBuffer()
      return response.status
    })
  })

  return measureBurst({
    road: "portone",
    servers,
    worker,
    databaseUrl,
    sessionIds: paymentIds,
    deliveries,
    requestCount: () => portOne.requests.length,
    callsSince: (mark) => {
      const requests = portOne.requests.slice(mark)
      return {
        calls: requests.map(toPortOneCall),
        lookupsPerOrder: paymentIds.map(
          (paymentId) => requests.filter((request) => request.method === "GET" && request.path === `/payments/${encodeURIComponent(paymentId)}`).length
        ),
      }
    },
    log,
  })
}

/** Sends each order's deliveries, ORDERS_PER_BURST orders' at once, and watches the orders until captured, settled and quiet. */
async function measureBurst({
  road,
  servers,
  worker,
  databaseUrl,
  sessionIds,
  deliveries,
  requestCount,
  callsSince,
  log,
}: {
  road: Road
  servers: MedusaServer[]
  worker: MedusaServer | null
  databaseUrl: string
  /** The orders' payment sessions. */
  sessionIds: string[]
  /** Each order's deliveries: each sends one and resolves to the answer's status. */
  deliveries: Array<Array<() => Promise<number>>>
  /** Requests the road's sandbox has received so far. */
  requestCount: () => number
  /** The sandbox's requests from `mark` on, and how many of them looked up each order's payment. */
  callsSince: (mark: number) => { calls: TossCall[]; lookupsPerOrder: number[] }
  log: (line: string) => void
}): Promise<WebhookRun> {
  const orders = sessionIds.length
  const count = deliveries.reduce((sum, order) => sum + order.length, 0)
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    const watched = worker ? [...servers, worker] : servers
    const mark = {
      requests: requestCount(),
      logged: servers.map((server) => server.requests.length),
      problems: watched.map((instance) => instance.problems.length),
    }
    log(`  sending ${count} deliveries, ${ORDERS_PER_BURST * (deliveries[0]?.length ?? 0)} at a time`)
    const started = performance.now()
    let accepted = 0
    for (let first = 0; first < deliveries.length; first += ORDERS_PER_BURST) {
      const burst = deliveries.slice(first, first + ORDERS_PER_BURST).flat()
      const statuses = await Promise.all(burst.map((send) => send()))
      accepted += statuses.filter((status) => status === 200).length
    }
    const sendMs = performance.now() - started

    log("  waiting until every order is captured")
    let allCapturedMs: number | null = null
    const captureTimeline: WebhookRun["captureTimeline"] = []
    while (performance.now() - started < sendMs + CAPTURE_TIMEOUT_MS) {
      const captured = (await capturesOf(db, sessionIds)).filter((row) => row.captures > 0).length
      const ms = performance.now() - started
      if (captured !== captureTimeline.at(-1)?.captured) captureTimeline.push({ ms, captured })
      if (captured === orders) {
        allCapturedMs = ms
        break
      }
      await sleep(100)
    }

    log("  waiting until every capturing sync has finished")
    let allSettledMs: number | null = null
    while (performance.now() - started < sendMs + CAPTURE_TIMEOUT_MS) {
      if ((await settledCount(db, sessionIds)) === orders) {
        allSettledMs = performance.now() - started
        break
      }
      await sleep(100)
    }

    // Every delivery is handled 5 s after it arrived; then wait for quiet.
    await sleep(Math.max(0, started + sendMs + MEDUSA_WEBHOOK_DELAY_MS - performance.now()))
    let seen = -1
    while (requestCount() !== seen) {
      seen = requestCount()
      await sleep(QUIET_MS)
    }

    const rows = await capturesOf(db, sessionIds)
    const { calls, lookupsPerOrder } = callsSince(mark.requests)
    return {
      road,
      orders,
      deliveries: count,
      accepted,
      sendMs,
      allCapturedMs,
      allSettledMs,
      captureHistogram: tally(rows.map((row) => row.captures)),
      paymentHistogram: tally(rows.map((row) => row.payments)),
      captureTimeline,
      tossCalls: calls,
      lookupsPerOrderHistogram: tally(lookupsPerOrder),
      problems: watched.flatMap((instance, index) => instance.problems.slice(mark.problems[index])),
      hookAnswerMs: servers.flatMap((server, index) =>
        server.requests
          .slice(mark.logged[index])
          .filter((request) => request.url.startsWith("/hooks/payment/"))
          .map((request) => request.ms)
      ),
    }
  } finally {
    await db.end()
  }
}

async function capturesOf(db: Client, sessionIds: string[]): Promise<Array<{ id: string; payments: number; captures: number }>> {
  const { rows } = await db.query(
    `SELECT ps.id, count(DISTINCT p.id)::int AS payments, count(c.id)::int AS captures
       FROM payment_session ps
       LEFT JOIN payment p ON p.payment_session_id = ps.id AND p.deleted_at IS NULL
       LEFT JOIN capture c ON c.payment_id = p.id AND c.deleted_at IS NULL
      WHERE ps.id = ANY($1::text[])
      GROUP BY ps.id`,
    [sessionIds]
  )
  return rows
}

const hookUrl = (server: MedusaServer) => `${server.url}${TOSS_WEBHOOK_PATH}`

/** Tracked payments of these sessions that need no more look (`next_check_at` null). */
async function settledCount(db: Client, sessionIds: string[]): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS settled FROM toss_tracked_payment WHERE payment_session_id = ANY($1::text[]) AND next_check_at IS NULL AND deleted_at IS NULL`,
    [sessionIds]
  )
  return rows[0].settled
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export interface ForgedWebhookRun {
  deliveries: number
  /** Deliveries Medusa answered 200 (it answers before handling). */
  accepted: number
  /** What the sandbox received from the first delivery until Medusa had handled them all. */
  tossCalls: TossCall[]
  problems: string[]
}

/**
 * Deliveries about payments this store never handed to Toss (made-up
 * orderIds and paymentKeys in the shapes Toss sends: PAYMENT_STATUS_CHANGED
 * and DEPOSIT_CALLBACK), all at once, as a flood of forged events would
 * arrive. The aim is that they cost no Toss request at all.
 */
export async function runForgedWebhooks({
  server,
  sandbox,
  deliveries,
}: {
  server: MedusaServer
  sandbox: TossSandbox
  deliveries: number
}): Promise<ForgedWebhookRun> {
  const createdAt = kstMicros(sandbox.clock.now())
  const payloads = Array.from({ length: deliveries }, (_, index) => {
    const orderId = `payses_FORGED${String(index).padStart(6, "0")}${Math.random().toString(36).slice(2, 10).toUpperCase()}`
    return index % 2 === 0
      ? { eventType: "PAYMENT_STATUS_CHANGED", createdAt, data: { paymentKey: `tforged_${orderId}`, orderId, status: "DONE", totalAmount: 18000 } }
      : { createdAt, secret: `ps_${orderId}`, status: "DONE", transactionKey: `TX${orderId}`, orderId }
  })
  const mark = { toss: sandbox.requests.length, problems: server.problems.length }
  sandbox.setWebhookUrl(hookUrl(server))
  const started = performance.now()
  const answers = await Promise.all(payloads.map((payload) => sandbox.sendWebhook(payload)))
  sandbox.setWebhookUrl(null)
  await sleep(Math.max(0, started + MEDUSA_WEBHOOK_DELAY_MS - performance.now()))
  let seen = -1
  while (sandbox.requests.length !== seen) {
    seen = sandbox.requests.length
    await sleep(QUIET_MS)
  }
  return {
    deliveries,
    accepted: answers.filter((answer) => answer.status === 200).length,
    tossCalls: sandbox.requests.slice(mark.toss).map(toTossCall),
    problems: server.problems.slice(mark.problems),
  }
}
