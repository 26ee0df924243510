/**
 * The plugin in Medusa's production topology: two server instances and a
 * worker (cluster.ts), sharing Postgres and Redis. Everything is asserted on
 * HTTP answers, database rows, the requests the Toss sandbox received and
 * what each process logged.
 */
import { PORTONE_PROVIDER_ID, PreparedCart, Shop, TOSS_PROVIDER_ID } from "../../bench/shop"
import type { AuthenticatedPayment, RecordedRequest } from "../../sandbox"
import { signWebhook } from "../../sandbox/portone"
import { TEST_KEYS, waitFor } from "../helpers/toss"
import { Cluster, Instance, portOneWebhookUrl, RECONCILE_INTERVAL_MS, startCluster, webhookUrl } from "./cluster"

jest.setTimeout(240_000)

let cluster: Cluster

beforeAll(async () => {
  cluster = await startCluster()
}, 300_000)

afterAll(async () => {
  if (cluster) await printFigures().finally(() => cluster.stop())
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const worker = () => cluster.instances.get("worker")!

/** Medusa's Redis event bus logs each event it starts handling. */
function webhooksHandled(instance: Instance): number {
  return instance.log().match(/Processing payment\.webhook_received/g)?.length ?? 0
}

/** Webhook events handled by every worker so far, restarted ones included. */
function handledInWorkers(): number {
  return cluster.started.filter((instance) => instance.mode === "worker").reduce((sum, instance) => sum + webhooksHandled(instance), 0)
}

let handledAtStart = 0

/** What Toss saw over the whole run (the sandbox's log is cleared before each test), and what the tests noted. */
const tally = { confirms: 0, cancels: 0, lookups: 0, portOneLookups: 0, deliveries: new Map<string, number>(), notes: [] as string[] }

function countTossTraffic() {
  const { sandbox } = cluster
  tally.confirms += sandbox.requestsTo("POST", "/v1/payments/confirm").length
  tally.cancels += sandbox.requestsTo("POST", "/cancel").length
  tally.lookups += sandbox.requestsTo("GET", "/v1/payments/").length
  for (const delivery of sandbox.webhooks) tally.deliveries.set(delivery.url, (tally.deliveries.get(delivery.url) ?? 0) + 1)
}

async function printFigures() {
  const [totals] = await cluster.sql(
    `SELECT (SELECT count(*)::int FROM "order" WHERE deleted_at IS NULL) AS orders,
            (SELECT count(*)::int FROM payment WHERE deleted_at IS NULL) AS payments,
            (SELECT count(*)::int FROM capture WHERE deleted_at IS NULL) AS captures,
            (SELECT count(*)::int FROM refund WHERE deleted_at IS NULL) AS refunds,
            (SELECT coalesce(sum(amount), 0)::int FROM refund WHERE deleted_at IS NULL) AS refunded`
  )
  const deliveries = cluster.servers.map((server) => `${tally.deliveries.get(webhookUrl(server)) ?? 0} to ${server.name}`).join(", ")
  process.stderr.write(
    [
      "cluster figures:",
      `  Medusa: ${totals.orders} orders, ${totals.payments} payments, ${totals.captures} captures, ${totals.refunds} refunds (${totals.refunded} won)`,
      `  Toss received ${tally.confirms} confirms, ${tally.cancels} cancels, ${tally.lookups} lookups; sent webhooks ${deliveries}`,
      `  PortOne received ${tally.portOneLookups} payment lookups`,
      `  webhook events handled: ${handledInWorkers()} by workers, ${cluster.servers.map(webhooksHandled).reduce((a, b) => a + b)} by servers`,
      ...tally.notes.map((note) => `  ${note}`),
      "",
    ].join("\n")
  )
}

beforeEach(() => {
  cluster.sandbox.reset()
  cluster.sandbox.setWebhookUrl(cluster.servers.map(webhookUrl))
  handledAtStart = handledInWorkers()
})

// Each test's webhooks are handled before the next test counts its own.
afterEach(async () => {
  await cluster.sandbox.flushWebhooks()
  countTossTraffic()
  const delivered = cluster.sandbox.webhooks.filter((delivery) => delivery.status === 200).length
  await waitFor(async () => handledInWorkers() - handledAtStart >= delivered, { timeoutMs: 60_000 })
  await sleep(1000)
})

interface PaymentRow {
  id: string
  amount: number
  captures: number
  /** Amounts, smallest first. */
  refunds: number[]
}

async function ordersOf(cartId: string): Promise<string[]> {
  const rows = await cluster.sql(`SELECT order_id FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`, [cartId])
  return rows.map((row) => row.order_id)
}

async function paymentsOf(cartId: string): Promise<PaymentRow[]> {
  return cluster.sql<PaymentRow>(
    `SELECT p.id, p.amount::float8 AS amount,
            (SELECT count(*)::int FROM capture c WHERE c.payment_id = p.id AND c.deleted_at IS NULL) AS captures,
            COALESCE((SELECT array_agg(r.amount::float8 ORDER BY r.amount) FROM refund r
                       WHERE r.payment_id = p.id AND r.deleted_at IS NULL), '{}') AS refunds
       FROM payment p
       JOIN cart_payment_collection link ON link.payment_collection_id = p.payment_collection_id AND link.deleted_at IS NULL
      WHERE link.cart_id = $1 AND p.deleted_at IS NULL`,
    [cartId]
  )
}

interface Checkout {
  cart: PreparedCart
  paid: AuthenticatedPayment
  body: { cart_id: string; paymentKey: string; orderId: string; amount: number }
}

/** A cart prepared through `shop` with a Toss session, and the shopper done in the Toss window. */
async function authenticatedCart(shop: Shop, method: "CARD" | "VIRTUAL_ACCOUNT" = "CARD"): Promise<Checkout> {
  const cart = await shop.prepareCart(TOSS_PROVIDER_ID, { method })
  const paid = cluster.sandbox.authenticate({ orderId: cart.session.data.orderId, amount: cart.total, method })
  return { cart, paid, body: { cart_id: cart.cartId, ...paid } }
}

/** A completed checkout: prepared through `shop`, its success page handed off through `handOff`. */
async function placedOrder(shop: Shop, handOff: Shop, method: "CARD" | "VIRTUAL_ACCOUNT" = "CARD") {
  const checkout = await authenticatedCart(shop, method)
  // Ten checkouts at once of the same product can meet Medusa's inventory lock: the hand-off then
  // answers 409 "still being completed", which the storefront module retries every second.
  let answer = await handOff.completeWithToss(checkout.body)
  for (let attempt = 1; answer.status === 409 && attempt < 30; attempt++) {
    await sleep(1000)
    answer = await handOff.completeWithToss(checkout.body)
  }
  expect(answer).toMatchObject({ status: 200, data: { type: "order" } })
  const [payment] = await paymentsOf(checkout.cart.cartId)
  return { ...checkout, orderId: answer.data.order.id as string, paymentId: payment?.id, paymentKey: checkout.paid.paymentKey }
}

function confirmsOf(paymentKey: string) {
  return cluster.sandbox.requestsTo("POST", "/v1/payments/confirm").filter((request) => (request.body as any)?.paymentKey === paymentKey)
}

/** Every answer is the cart's one order, or "still being completed" (409); never an error. */
function expectOneOrder(answers: Array<{ status: number; data: any }>, orderId: string) {
  for (const answer of answers) {
    expect([200, 409]).toContain(answer.status)
    if (answer.status === 200) expect(answer.data).toMatchObject({ type: "order", order: { id: orderId } })
  }
  expect(answers.some((answer) => answer.status === 200)).toBe(true)
}

describe("checkouts", () => {
  it("makes one order per cart and one confirm per payment, whichever server each step reaches", async () => {
    const [a, b] = cluster.shops
    const checkouts = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => authenticatedCart(i % 2 ? b : a)))

    // The first four success pages reach the other server than the cart; the last two both servers at once.
    const answers = await Promise.all(
      checkouts.map(({ body }, i) => Promise.all((i < 4 ? [i % 2 ? a : b] : [a, b]).map((shop) => shop.completeWithToss(body))))
    )

    for (const [i, { cart, paid }] of checkouts.entries()) {
      const orders = await ordersOf(cart.cartId)
      expect(orders).toHaveLength(1)
      expectOneOrder(answers[i], orders[0])
      expect(await paymentsOf(cart.cartId)).toEqual([expect.objectContaining({ amount: cart.total, captures: 1, refunds: [] })])
      const confirms = confirmsOf(paid.paymentKey)
      if (i < 4) expect(confirms).toHaveLength(1)
      // Toss runs a confirm once per Idempotency-Key, replaying it for a repeat.
      expect(new Set(confirms.map((request) => request.idempotencyKey)).size).toBe(1)
      expect(cluster.sandbox.getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: cart.total })
    }
    expect(cluster.sandbox.requestsTo("POST", "/cancel")).toHaveLength(0)
  })
})

describe("webhooks", () => {
  it("are answered by both servers, handled in the worker only, and 20 duplicate deliveries capture once after one lookup", async () => {
    const [a, b] = cluster.shops
    cluster.sandbox.setWebhookUrl(null)
    const order = await placedOrder(a, b, "VIRTUAL_ACCOUNT")
    expect(await paymentsOf(order.cart.cartId)).toEqual([])
    const deposited = cluster.sandbox.deposit(order.paymentKey)
    cluster.sandbox.setWebhookUrl(cluster.servers.map(webhookUrl))
    const handledBefore = handledInWorkers()
    const lookupsOf = () =>
      cluster.sandbox.requestsTo("GET", "/v1/payments/").filter((request) => [order.paymentKey, deposited.orderId].some((id) => request.path.endsWith(id)))
    const lookupsBefore = lookupsOf().length

    const callback = {
      createdAt: "2026-12-01T12:00:00.000000",
      secret: deposited.secret,
      status: "DONE",
      transactionKey: deposited.lastTransactionKey,
      orderId: deposited.orderId,
    }
    const answers = await Promise.all(Array.from({ length: 20 }, () => cluster.sandbox.sendWebhook(callback)))

    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200))
    const urls = cluster.sandbox.webhooks.map((delivery) => delivery.url)
    expect(cluster.servers.map((server) => urls.filter((url) => url === webhookUrl(server)).length)).toEqual([10, 10])
    await waitFor(async () => handledInWorkers() - handledBefore >= 20, { timeoutMs: 60_000 })
    await sleep(2000)
    expect(await paymentsOf(order.cart.cartId)).toEqual([expect.objectContaining({ amount: order.cart.total, captures: 1 })])
    expect(handledInWorkers() - handledBefore).toBe(20)
    for (const server of cluster.servers) expect(webhooksHandled(server)).toBe(0)
    // The worker takes the deliveries up one at a time, seconds after they came: Toss's one answer,
    // given after they all arrived, covers every one of them (the reconciliation's tick included).
    expect(lookupsOf().length - lookupsBefore).toBe(1)
  })
})

describe("the PortOne road", () => {
  /** A PortOne checkout: the cart and session through `shop`, PortOne's window, the hand-off through `handOff`. */
  async function portOneOrder(shop: Shop, handOff: Shop, payMethod: "CARD" | "VIRTUAL_ACCOUNT" = "CARD") {
    const cart = await shop.prepareCart(PORTONE_PROVIDER_ID, { orderName: "제주 감귤 5kg" })
    const paymentId = cart.session.id
    expect(cluster.portOne.pay({ paymentId, totalAmount: cart.total, payMethod }).code).toBeUndefined()
    const answer = await handOff.completeWithPortOne({ paymentId })
    expect(answer).toMatchObject({ status: 200, data: { type: "order" } })
    return { cart, paymentId, orderId: answer.data.order.id as string }
  }
  /** PortOne's lookups of one payment (`GET /payments/{paymentId}`). */
  const lookupsOf = (paymentId: string) => cluster.portOne.requests.filter((request) => request.method === "GET" && request.path === `/payments/${encodeURIComponent(paymentId)}`)

  /** `copies` deliveries of one PortOne webhook to each server at once, signed with `secret`. */
  async function deliverToBoth(type: string, paymentId: string, copies: number, secret = cluster.portOne.webhookSecret) {
    const at = new Date()
    const body = JSON.stringify({ type, timestamp: at.toISOString(), data: { storeId: cluster.portOne.storeId, paymentId, transactionId: `tx_${paymentId}` } })
    const headers = { "content-type": "application/json", ...signWebhook(secret, `msg_${paymentId}_${type}_${secret.length}`, body, at) }
    const answers = await Promise.all(
      cluster.servers.flatMap((server) => Array.from({ length: copies }, () => fetch(portOneWebhookUrl(server), { method: "POST", headers, body }).then((response) => response.status)))
    )
    expect(answers).toEqual(answers.map(() => 200))
    return answers.length
  }

  beforeEach(() => cluster.portOne.reset())
  afterEach(() => {
    tally.portOneLookups += cluster.portOne.requests.filter((request) => request.method === "GET" && request.path.startsWith("/payments/")).length
  })

  it("makes one order per PortOne checkout, whichever server prepared the cart and which took the hand-off", async () => {
    const [a, b] = cluster.shops
    const orders = await Promise.all([portOneOrder(a, b), portOneOrder(b, a)])

    for (const { cart, paymentId, orderId } of orders) {
      expect(await ordersOf(cart.cartId)).toEqual([orderId])
      expect(await paymentsOf(cart.cartId)).toEqual([expect.objectContaining({ amount: cart.total, captures: 1, refunds: [] })])
      expect(cluster.portOne.getPayment(paymentId)).toMatchObject({ status: "PAID" })
    }
    expect(cluster.portOne.requests.filter((request) => request.path.endsWith("/cancel"))).toEqual([])
  })

  it("captures a virtual account's deposit once from duplicate signed deliveries to both servers, handled in the worker after one lookup; a forged burst asks nothing", async () => {
    const [a, b] = cluster.shops
    const order = await portOneOrder(a, b, "VIRTUAL_ACCOUNT")
    expect(await paymentsOf(order.cart.cartId)).toEqual([])
    const handledBefore = handledInWorkers()

    // PortOne's deliveries of the deposit, five to each server at once. The reconciliation (every
    // 3 s here) reads the deposit in PortOne's payment events too: its lookup and the burst's are
    // one, since a lookup answered after a delivery arrived covers that delivery.
    cluster.portOne.reset()
    cluster.portOne.deposit(order.paymentId)
    const genuine = await deliverToBoth("Transaction.Paid", order.paymentId, 5)
    await waitFor(async () => handledInWorkers() - handledBefore >= genuine, { timeoutMs: 60_000 })
    await sleep(2000)
    expect(await paymentsOf(order.cart.cartId)).toEqual([expect.objectContaining({ amount: order.cart.total, captures: 1 })])
    expect(lookupsOf(order.paymentId)).toHaveLength(1)
    const lookups = lookupsOf(order.paymentId).length

    // Signed with another secret: refused before anything is asked (verified, each would look the payment up again).
    cluster.portOne.reset()
    const forged = await deliverToBoth("Transaction.Paid", order.paymentId, 5, "whsec_" + Buffer.from("a-secret-that-is-not-the-store-s").toString("base64"))
    await waitFor(async () => handledInWorkers() - handledBefore >= genuine + forged, { timeoutMs: 60_000 })
    await sleep(1000)
    expect(lookupsOf(order.paymentId)).toEqual([])
    expect(await paymentsOf(order.cart.cartId)).toEqual([expect.objectContaining({ captures: 1 })])
    expect(handledInWorkers() - handledBefore).toBe(genuine + forged)
    for (const server of cluster.servers) expect(webhooksHandled(server)).toBe(0)
    tally.notes.push(`PortOne: ${genuine} duplicate deliveries of one deposit → ${lookups} lookup; ${forged} forged → 0`)
  })
})

describe("refunds", () => {
  it("records one Medusa refund per Toss cancel when an admin refund on one server meets a dashboard cancel handled in the worker", async () => {
    const [a] = cluster.shops
    const [serverA] = cluster.servers
    const order = await placedOrder(a, a)
    const authorization = await cluster.adminToken(serverA)
    cluster.sandbox.reset()
    const handledBefore = handledInWorkers()

    // Toss makes the admin's cancel at once but its answer is lost: the refund
    // stays in flight on server A (an 8-second timeout, then a retry). Meanwhile
    // a cancel is made in the Toss dashboard, and the worker takes up its
    // webhooks (and those of the admin's cancel) 5 seconds after they came.
    cluster.sandbox.dropNextResponse({ mode: "hang", path: `/v1/payments/${order.paymentKey}/cancel` })
    const refund = fetch(`${serverA.url}/admin/payments/${order.paymentId}/refund`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ amount: 3000, note: "고객 요청 환불" }),
    })
    await waitFor(async () => cluster.sandbox.requestsTo("POST", "/cancel").length > 0, { intervalMs: 50 })
    cluster.sandbox.dashboardCancel(order.paymentKey, { cancelReason: "부분 반품", cancelAmount: 5000 })
    const answer = await refund
    const handledDuringRefund = handledInWorkers() - handledBefore

    expect(answer.status).toBe(200)
    // The race was real: the worker took up the cancels' webhooks while the refund was in flight.
    expect(handledDuringRefund).toBeGreaterThan(0)
    await cluster.sandbox.flushWebhooks()
    const deliveries = cluster.sandbox.webhooks.length
    await waitFor(async () => handledInWorkers() - handledBefore >= deliveries, { timeoutMs: 60_000 })
    await waitFor(async () => (await paymentsOf(order.cart.cartId))[0].refunds.length >= 2)
    await sleep(3000)

    const [payment] = await paymentsOf(order.cart.cartId)
    expect(payment.refunds).toEqual([3000, 5000])
    expect(cluster.sandbox.getPayment(order.paymentKey)).toMatchObject({
      status: "PARTIAL_CANCELED",
      balanceAmount: order.cart.total - 8000,
      cancels: [expect.objectContaining({ cancelAmount: 3000 }), expect.objectContaining({ cancelAmount: 5000 })],
    })
    // Medusa asked Toss for one cancel (its retry carries the same Idempotency-Key).
    const cancels = cluster.sandbox.requestsTo("POST", "/cancel")
    expect(new Set(cancels.map((request) => request.idempotencyKey)).size).toBe(1)
  })
})

describe("the storefront's hand-off and Medusa's webhook capture of one payment (medusajs/medusa#13301)", () => {
  it("end with one order and one capture across processes", async () => {
    const [a, b] = cluster.shops
    const { cart, paid, body } = await authenticatedCart(a)
    cluster.sandbox.reset()
    const handledBefore = handledInWorkers()

    // Toss confirms at once but the answer is lost: the first hand-off holds
    // the cart for 8 seconds (then retries) while Toss's DONE webhook reaches
    // the worker (after Medusa's 5 seconds) and the shopper's browser retries
    // the success page on both servers.
    cluster.sandbox.dropNextResponse({ mode: "hang", path: "/v1/payments/confirm" })
    const first = a.completeWithToss(body)
    await waitFor(async () => cluster.sandbox.webhooks.length > 0)
    await sleep(4500)
    const retries = []
    for (const shop of [a, b, a, b, a, b]) {
      retries.push(shop.completeWithToss(body))
      await sleep(250)
    }
    const answers = await Promise.all([first, ...retries])
    await waitFor(async () => handledInWorkers() > handledBefore, { timeoutMs: 30_000 })
    await sleep(3000)

    const orders = await ordersOf(cart.cartId)
    expect(orders).toHaveLength(1)
    expectOneOrder(answers, orders[0])
    expect(await paymentsOf(cart.cartId)).toEqual([expect.objectContaining({ amount: cart.total, captures: 1, refunds: [] })])
    expect(cluster.sandbox.getPayment(paid.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: cart.total })
    expect(new Set(confirmsOf(paid.paymentKey).map((request) => request.idempotencyKey)).size).toBe(1)
    expect(cluster.sandbox.requestsTo("POST", "/cancel")).toHaveLength(0)
  })
})

describe("the reconciliation job", () => {
  /** Each run begins by reading Toss's transaction ledger, with the payment window's key pair first. */
  const ledgerRead = (request: RecordedRequest) =>
    request.method === "GET" &&
    request.path.startsWith("/v1/transactions") &&
    request.headers.authorization === `Basic ${Buffer.from(`${TEST_KEYS.TOSS_SECRET_KEY}:`).toString("base64")}`

  /** When each run began, and how many runs were waiting on Toss at the same moment. */
  async function watchRuns(ms: number) {
    const runs = () => cluster.sandbox.requests.filter(ledgerRead)
    const seen = new Set(runs())
    const startedAt: number[] = []
    let mostAtOnce = 0
    for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(25)) {
      for (const run of runs().filter((request) => !seen.has(request))) {
        seen.add(run)
        startedAt.push(Date.now())
      }
      mostAtOnce = Math.max(mostAtOnce, runs().filter((request) => request.status === null).length)
    }
    const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i])
    return { count: startedAt.length, shortestGap: Math.min(...gaps), mostAtOnce }
  }

  it("runs in the worker once per schedule for the cluster, never twice at once, also with a second worker", async () => {
    const span = 4 * RECONCILE_INTERVAL_MS
    const ticks = span / RECONCILE_INTERVAL_MS

    const oneWorker = await watchRuns(span)
    expect(oneWorker.count).toBeGreaterThanOrEqual(ticks - 1)
    expect(oneWorker.count).toBeLessThanOrEqual(ticks + 1)

    const second = await cluster.start("worker-2", "worker")
    try {
      const twoWorkers = await watchRuns(span)
      expect(twoWorkers.count).toBeGreaterThanOrEqual(ticks - 1)
      expect(twoWorkers.count).toBeLessThanOrEqual(ticks + 1)
      expect(twoWorkers.shortestGap).toBeGreaterThan(RECONCILE_INTERVAL_MS / 3)

      // Toss answers slowly: a run outlasts two ticks of its schedule.
      cluster.sandbox.delayNext({ method: "GET", path: "/v1/transactions", ms: 2.5 * RECONCILE_INTERVAL_MS, times: 3 })
      const slow = await watchRuns(span)
      expect(slow.count).toBeGreaterThan(0)
      expect(slow.mostAtOnce).toBe(1)
      tally.notes.push(
        `job runs in ${span / 1000} s, every ${RECONCILE_INTERVAL_MS / 1000} s: ${oneWorker.count} with one worker, ${twoWorkers.count} with two (runs at least ${(twoWorkers.shortestGap / 1000).toFixed(1)} s apart), ${slow.count} with two and a slow Toss (at most ${slow.mostAtOnce} at once)`
      )
    } finally {
      await second.stop()
    }
  })
})

describe("a worker restarted in the middle of a burst", () => {
  it("loses no event: every payment Toss took is captured afterwards", async () => {
    const [a, b] = cluster.shops
    cluster.sandbox.setWebhookUrl(null)
    const orders = await Promise.all(Array.from({ length: 10 }, (_, i) => placedOrder(i % 2 ? b : a, i % 2 ? a : b, "VIRTUAL_ACCOUNT")))
    cluster.sandbox.setWebhookUrl(cluster.servers.map(webhookUrl))
    const captured = async () => (await Promise.all(orders.map(({ cart }) => paymentsOf(cart.cartId)))).filter((payments) => payments.length > 0).length

    for (const order of orders) cluster.sandbox.deposit(order.paymentKey)
    await cluster.sandbox.flushWebhooks()
    expect(cluster.sandbox.webhooks.map((delivery) => delivery.status)).toEqual(cluster.sandbox.webhooks.map(() => 200))
    // The worker takes the deposits up twice over: from the webhooks (5 s after
    // they came) and from Toss's ledger (the job's next run). It dies as soon as
    // it has captured the first payment.
    await waitFor(async () => (await captured()) > 0, { timeoutMs: 30_000, intervalMs: 50 })
    await worker().kill()
    const capturedAtCrash = await captured()
    expect(capturedAtCrash).toBeLessThan(orders.length)
    // With no worker running, nothing asks Toss: the servers only queue the webhooks they answer.
    const requestsAtCrash = cluster.sandbox.requests.length
    await sleep(RECONCILE_INTERVAL_MS + 1000)
    expect(cluster.sandbox.requests.length).toBe(requestsAtCrash)

    const restartedAt = Date.now()
    await cluster.start("worker", "worker")
    expect(await waitFor(async () => (await captured()) === orders.length, { timeoutMs: 180_000, intervalMs: 1000 })).toBe(true)
    tally.notes.push(
      `worker killed in a burst of ${cluster.sandbox.webhooks.length} deliveries: ${capturedAtCrash}/${orders.length} captured at the crash, all ${orders.length} ${((Date.now() - restartedAt) / 1000).toFixed(0)} s after the restart`
    )
    await sleep(3000)
    for (const order of orders) {
      expect(await paymentsOf(order.cart.cartId)).toEqual([expect.objectContaining({ amount: order.cart.total, captures: 1 })])
      expect(cluster.sandbox.getPayment(order.paymentKey)).toMatchObject({ status: "DONE", balanceAmount: order.cart.total })
    }
    expect(cluster.sandbox.requestsTo("POST", "/cancel")).toHaveLength(0)
  })
})

describe("the server instances", () => {
  it("handled no webhook during the whole run: every one was left to a worker", () => {
    expect(handledInWorkers()).toBeGreaterThan(0)
    for (const server of cluster.servers) expect(webhooksHandled(server)).toBe(0)
  })
})
