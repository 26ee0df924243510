/**
 * The soak (`npm run bench -- --soak`): mixed traffic for a long while, on
 * one server and on the cluster (two servers and a worker over Redis), with
 * the reconciliation job every minute. Shoppers check out with every method
 * Toss offers here (card, transfer, mobile phone, gift certificate, easy pay,
 * a virtual account deposited into a little later with a burst of duplicate
 * deliveries sent to the servers at once), a logged-in customer pays with a
 * saved card, and the admin makes partial refunds. Sampled all along: each
 * Medusa process's resident memory and event-loop delay (bench/probe.js),
 * the database's connections, and every completion's time. At the end,
 * every payment the soak made is compared with the sandbox's: captured and
 * refunded amounts in Medusa against Toss's total and balance.
 */
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import type { TossSandbox } from "../sandbox"
import { kstMicros } from "../sandbox/clock"
import { DEMO_ADMIN, DEMO_CUSTOMER } from "../demo/constants"
import { APP_DIRECTORY } from "./footprint"
import { MedusaServer, ProbeSample, startMedusa } from "./medusa"
import { freePort } from "./postgres"
import { Shop, TOSS_PROVIDER_ID } from "./shop"

/** Stock per variant during a soak (see `restock`). */
const SOAK_STOCK = 1_000_000

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startRedis } = require("../scripts/redis") as { startRedis(options: { needs: string }): Promise<{ url: string; stop(): Promise<void> }> }

export type SoakTopology = "one server" | "cluster"

export interface SoakSettings {
  durationMs: number
  topologies: SoakTopology[]
  /** Shoppers at once, each one action after the other. */
  shoppers: number
  /** A shopper's pause between two actions. */
  pauseMs: number
  sampleEveryMs: number
  /** Duplicate deliveries of a deposit sent at once, besides the sandbox's own. */
  duplicateDeliveries: number
}

export const SOAK_DEFAULTS: SoakSettings = {
  durationMs: 30 * 60_000,
  topologies: ["one server", "cluster"],
  shoppers: 2,
  pauseMs: 500,
  sampleEveryMs: 10_000,
  duplicateDeliveries: 4,
}

/** One round of a shopper's actions: every method, a saved-card charge, a refund. */
const ROUND = ["CARD", "TRANSFER", "VIRTUAL_ACCOUNT", "MOBILE_PHONE", "CARD", "EASY_PAY", "saved card", "refund", "CULTURE_GIFT_CERTIFICATE", "CARD"] as const
type Action = (typeof ROUND)[number]

export interface SoakAction {
  action: Action
  /** ms after the soak's start. */
  startedMs: number
  /** The completion (or the refund) as the client timed it. */
  clientMs: number
  ok: boolean
  error?: string
}

export interface SoakRun {
  topology: SoakTopology
  durationMs: number
  /** Per Medusa process, what bench/probe.js sampled; `ms` after the soak's start. */
  processes: Array<{ name: string; samples: Array<ProbeSample & { ms: number }> }>
  /** Connections to the soak's database (pg_stat_activity), sampled, with the machine's 1-minute load average then. */
  pgConnections: Array<{ ms: number; count: number; loadAverage?: number }>
  actions: SoakAction[]
  /** Deposits made, and the duplicate deliveries sent for them (the sandbox's own deliveries come on top). */
  deposits: number
  duplicateDeliveries: number
  tossRequests: Record<string, number>
  reconcileRuns: number
  /** Every payment the soak made, compared with the sandbox's once traffic stopped and Medusa went quiet. */
  check: { payments: number; matched: number; mismatches: string[]; settleMs: number }
  problems: string[]
}

interface Paid {
  sessionId: string
  paymentKey: string
}

export async function runSoak({
  topology,
  env,
  databaseUrl,
  sandbox,
  logDir,
  settings,
  cleanup,
  log,
}: {
  topology: SoakTopology
  env: NodeJS.ProcessEnv
  databaseUrl: string
  sandbox: TossSandbox
  logDir: string
  settings: SoakSettings
  cleanup: Array<() => Promise<unknown>>
  log: (line: string) => void
}): Promise<SoakRun> {
  // Saved cards on, the reconciliation every minute, the probe on.
  const soakEnv: NodeJS.ProcessEnv = { ...env, TOSS_BILLING: "true", TOSS_RECONCILE_SCHEDULE: "* * * * *", BENCH_PROBE_EVERY_MS: String(settings.sampleEveryMs) }
  const slug = topology === "cluster" ? "cluster" : "one-server"
  const boot = async (name: string, mode: "shared" | "server" | "worker", extra: NodeJS.ProcessEnv = {}) => {
    const instance = await startMedusa({
      cwd: APP_DIRECTORY.plugin,
      env: { ...soakEnv, ...extra, MEDUSA_WORKER_MODE: mode },
      port: await freePort(),
      logFile: path.join(logDir, `medusa-soak-${slug}-${name}.log`),
    })
    cleanup.push(() => instance.stop())
    return { name, instance }
  }
  let stopRedis: (() => Promise<void>) | null = null
  let processes: Array<{ name: string; instance: MedusaServer }>
  if (topology === "cluster") {
    const redis = await startRedis({ needs: "The soak on the cluster (or --soak-topology 'one server')" })
    cleanup.push(() => redis.stop())
    stopRedis = () => redis.stop()
    processes = await Promise.all([
      boot("server-a", "server", { REDIS_URL: redis.url }),
      boot("server-b", "server", { REDIS_URL: redis.url }),
      boot("worker", "worker", { REDIS_URL: redis.url }),
    ])
  } else {
    processes = [await boot("server", "shared")]
  }
  const servers = processes.filter(({ name }) => name !== "worker").map(({ instance }) => instance)
  const shops = await Shop.openEach(servers.map((server) => server.url), databaseUrl)
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  const databaseName = new URL(databaseUrl).pathname.slice(1)

  try {
    const admin = await adminAuthorization(servers[0].url)
    await restock(servers[0].url, admin)
    const customer = await shops[0].as(await customerAuthorization(servers[0].url))
    const savedCard = await saveCard(customer, sandbox)
    sandbox.setWebhookUrl(servers.map((server) => `${server.url}/hooks/payment/toss_toss`))

    const mark = { toss: sandbox.requests.length, problems: processes.map(({ instance }) => instance.problems.length) }
    const [{ runs: runsBefore }] = (await db.query(`SELECT count(*)::int AS runs FROM toss_reconcile_run`)).rows
    const started = performance.now()
    const startedAt = Date.now()
    const since = () => performance.now() - started
    const end = started + settings.durationMs
    const paid: Paid[] = []
    const refundable: Paid[] = []
    const waitingDeposit: Array<Paid & { issuedMs: number }> = []
    const actions: SoakAction[] = []
    let deposits = 0
    let duplicateDeliveries = 0
    const samples: SoakRun["processes"] = processes.map(({ name }) => ({ name, samples: [] }))
    const pgConnections: SoakRun["pgConnections"] = []

    const sample = async () => {
      processes.forEach(({ instance }, index) => samples[index].samples.push(...instance.probes().map((probe) => ({ ...probe, ms: probe.at - startedAt }))))
      const { rows } = await db.query(`SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [databaseName])
      pgConnections.push({ ms: since(), count: rows[0].count, loadAverage: os.loadavg()[0] })
    }

    const checkout = async (shop: Shop, method: Exclude<Action, "saved card" | "refund">) => {
      const sessionMethod = method === "EASY_PAY" ? "CARD" : method
      const cart = await shop.prepareCart(TOSS_PROVIDER_ID, { method: sessionMethod })
      const { orderId, amount } = cart.session.data
      const window = method === "EASY_PAY" ? { flowMode: "DIRECT" as const, easyPay: "TOSSPAY" } : {}
      const issued = sandbox.authenticate({ orderId, amount, method: sessionMethod, customerName: "홍길동", customerEmail: "shopper@example.com", ...window } as Parameters<TossSandbox["authenticate"]>[0])
      const answer = await shop.completeWithToss({ cart_id: cart.cartId, ...issued })
      const ok = answer.status === 200 && answer.data?.type === "order"
      if (ok) {
        const payment = { sessionId: cart.session.id, paymentKey: issued.paymentKey }
        paid.push(payment)
        if (method === "VIRTUAL_ACCOUNT") waitingDeposit.push({ ...payment, issuedMs: since() })
        else if (method === "CARD") refundable.push(payment)
      }
      return { ms: answer.ms, ok, error: ok ? undefined : `${answer.status} ${JSON.stringify(answer.data).slice(0, 200)}` }
    }

    const chargeSavedCard = async () => {
      const cart = await customer.prepareCart(TOSS_PROVIDER_ID, { payment_method: savedCard })
      const answer = await customer.call("POST", "/store/toss/billing/complete", { cart_id: cart.cartId }, { check: false })
      const ok = answer.status === 200 && answer.data?.type === "order"
      // Toss's orderId is the session's id.
      if (ok) paid.push({ sessionId: cart.session.id, paymentKey: sandbox.getPayment(cart.session.id)?.paymentKey ?? "" })
      return { ms: answer.ms, ok, error: ok ? undefined : `${answer.status} ${JSON.stringify(answer.data).slice(0, 200)}` }
    }

    const refund = async (shop: Shop) => {
      const payment = refundable.shift()
      if (!payment) return checkout(shop, "CARD")
      const { rows } = await db.query(`SELECT id FROM payment WHERE payment_session_id = $1 AND deleted_at IS NULL`, [payment.sessionId])
      const began = performance.now()
      const response = await fetch(`${shop.url}/admin/payments/${rows[0].id}/refund`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: admin },
        body: JSON.stringify({ amount: 1000 }),
      })
      const text = await response.text()
      return { ms: performance.now() - began, ok: response.ok, error: response.ok ? undefined : `${response.status} ${text.slice(0, 200)}` }
    }

    /** Deposits into the accounts issued at least 5 s ago, each with duplicate deliveries to the servers at once. */
    const depositDue = async () => {
      const due = waitingDeposit.filter((account) => since() - account.issuedMs >= 5000)
      for (const account of due) waitingDeposit.splice(waitingDeposit.indexOf(account), 1)
      await Promise.all(
        due.map(async ({ paymentKey }) => {
          const payment = sandbox.deposit(paymentKey)
          deposits++
          const callback = { createdAt: kstMicros(sandbox.clock.now()), secret: payment.secret, status: payment.status, transactionKey: payment.lastTransactionKey, orderId: payment.orderId }
          duplicateDeliveries += settings.duplicateDeliveries
          await Promise.all(Array.from({ length: settings.duplicateDeliveries }, () => sandbox.sendWebhook(callback).catch(() => null)))
        })
      )
    }

    const shopper = async (index: number) => {
      for (let step = index * 3; performance.now() < end; step++) {
        const action = ROUND[step % ROUND.length]
        const shop = shops[step % shops.length]
        const startedMs = since()
        try {
          const result = action === "saved card" ? await chargeSavedCard() : action === "refund" ? await refund(shop) : await checkout(shop, action)
          actions.push({ action, startedMs, clientMs: result.ms, ok: result.ok, error: result.error })
        } catch (error) {
          actions.push({ action, startedMs, clientMs: since() - startedMs, ok: false, error: (error as Error).message.slice(0, 200) })
        }
        await sleep(settings.pauseMs)
      }
    }

    log(`  ${topology}: ${settings.shoppers} shoppers for ${(settings.durationMs / 60_000).toFixed(1)} min`)
    let lastReport = 0
    const background = (async () => {
      while (performance.now() < end) {
        await sleep(Math.min(settings.sampleEveryMs, Math.max(0, end - performance.now())))
        await depositDue()
        await sample()
        if (since() - lastReport >= 60_000) {
          lastReport = since()
          const done = actions.filter((action) => action.ok).length
          log(`  ${(since() / 60_000).toFixed(0)} min: ${done} actions done, ${actions.length - done} failed, ${pgConnections.at(-1)?.count} database connections`)
        }
      }
    })()
    await Promise.all([...Array.from({ length: settings.shoppers }, (_, index) => shopper(index)), background])
    const durationMs = since()
    for (const account of waitingDeposit) account.issuedMs = -Infinity
    await depositDue()

    log("  traffic stopped: waiting until Medusa is quiet, then comparing every payment with the sandbox's")
    const settleStarted = performance.now()
    let mismatches = await compare(db, sandbox, paid)
    // A deposit's webhooks are handled 5 s after they came; a missed one waits for the next reconciliation (every minute).
    while (mismatches.length && performance.now() - settleStarted < 150_000) {
      await sleep(5000)
      mismatches = await compare(db, sandbox, paid)
    }
    const settleMs = performance.now() - settleStarted
    await sample()
    const [{ runs }] = (await db.query(`SELECT count(*)::int AS runs FROM toss_reconcile_run`)).rows
    const tossRequests: Record<string, number> = {}
    for (const request of sandbox.requests.slice(mark.toss)) {
      const endpoint = `${request.method} ${request.path.replace(/^\/v1\/payments\/(?!confirm$)[^/]+/, "/v1/payments/{paymentKey}").replace(/^\/v1\/billing\/(?!authorizations)[^/]+/, "/v1/billing/{billingKey}")}`
      tossRequests[endpoint] = (tossRequests[endpoint] ?? 0) + 1
    }
    sandbox.setWebhookUrl(null)
    return {
      topology,
      durationMs,
      processes: samples,
      pgConnections,
      actions,
      deposits,
      duplicateDeliveries,
      tossRequests,
      reconcileRuns: runs - runsBefore,
      check: { payments: paid.length, matched: paid.length - mismatches.length, mismatches, settleMs },
      problems: processes.flatMap(({ name, instance }, index) => instance.problems.slice(mark.problems[index]).map((line) => `${name}: ${line}`)),
    }
  } finally {
    await db.end()
    await Promise.all(processes.map(({ instance }) => instance.stop()))
    await stopRedis?.()
  }
}

/**
 * Each payment in Medusa against the sandbox: what Toss took is captured
 * once, what Toss gave back is refunded, and a deposit still awaited is not
 * captured. Returns what differs, one line per payment.
 */
async function compare(db: Client, sandbox: TossSandbox, paid: Paid[]): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT ps.id,
            coalesce((SELECT sum(c.amount) FROM payment p JOIN capture c ON c.payment_id = p.id AND c.deleted_at IS NULL
                       WHERE p.payment_session_id = ps.id AND p.deleted_at IS NULL), 0)::int AS captured,
            coalesce((SELECT sum(r.amount) FROM payment p JOIN refund r ON r.payment_id = p.id AND r.deleted_at IS NULL
                       WHERE p.payment_session_id = ps.id AND p.deleted_at IS NULL), 0)::int AS refunded
       FROM payment_session ps WHERE ps.id = ANY($1::text[])`,
    [paid.map((payment) => payment.sessionId)]
  )
  const medusa = new Map(rows.map((row) => [row.id as string, row as { captured: number; refunded: number }]))
  const mismatches: string[] = []
  for (const { sessionId, paymentKey } of paid) {
    const toss = sandbox.getPayment(paymentKey || sessionId)
    const mine = medusa.get(sessionId) ?? { captured: 0, refunded: 0 }
    if (!toss) {
      mismatches.push(`${sessionId}: unknown to the sandbox`)
      continue
    }
    const took = toss.status === "WAITING_FOR_DEPOSIT" ? 0 : toss.totalAmount
    const gaveBack = took - toss.balanceAmount
    if (mine.captured !== took || mine.refunded !== gaveBack) {
      mismatches.push(`${sessionId} (${toss.status}): Medusa captured ${mine.captured}, refunded ${mine.refunded}; Toss took ${took}, gave back ${gaveBack}`)
    }
  }
  return mismatches
}

/**
 * Every stock level raised far above what 30 minutes sell: the demo's 1,000
 * per variant run out within the cluster's half hour, and a soak that only
 * refuses carts measures nothing.
 */
async function restock(url: string, admin: string) {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: body ? "POST" : "GET",
      headers: { "content-type": "application/json", authorization: admin },
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
    return response.json()
  }
  const { inventory_items } = (await call("/admin/inventory-items?fields=id,location_levels.location_id&limit=1000")) as {
    inventory_items: { id: string; location_levels: { location_id: string }[] }[]
  }
  for (const item of inventory_items) {
    for (const level of item.location_levels) {
      await call(`/admin/inventory-items/${item.id}/location-levels/${level.location_id}`, { stocked_quantity: SOAK_STOCK })
    }
  }
}

async function adminAuthorization(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  })
  if (!response.ok) throw new Error(`The demo admin could not log in (${response.status}): did the seed run?`)
  return `Bearer ${((await response.json()) as { token: string }).token}`
}

async function customerAuthorization(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password }),
  })
  if (!response.ok) throw new Error(`The demo customer could not log in (${response.status}): did the seed run?`)
  return `Bearer ${((await response.json()) as { token: string }).token}`
}

/** The customer registers a card in Toss's billing window; the id of the saved payment method. */
async function saveCard(customer: Shop, sandbox: TossSandbox): Promise<string> {
  const { data: holder } = await customer.call("POST", "/store/toss/billing/account-holders")
  const redirect = sandbox.authorizeBilling({ customerKey: holder.account_holder.data.customerKey, clientKey: holder.clientKey, issuerCode: "71" })
  const { data: saved } = await customer.call("POST", `/store/toss/billing/account-holders/${holder.account_holder.id}/payment-methods`, redirect)
  return saved.payment_method.id
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
