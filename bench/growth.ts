/**
 * Cost as the store grows: the same measurements on a store with 0, 10,000
 * and 100,000 past Toss payments (bench/history.ts writes them) and, at
 * every size, the same virtual accounts waiting for their deposit, all due
 * for a look, with PortOne virtual accounts waiting beside them (real
 * PortOne checkouts left unpaid, so the reconciliation covers both roads'
 * backlogs). At each size: checkout completions (Toss and the floor,
 * interleaved), one reconciliation run (bench/reconcile-once.ts in its own
 * `medusa exec`), webhook bursts about real payments and a flood of forged
 * ones.
 */
import path from "node:path"
import { Client } from "pg"
import type { TossSandbox } from "../sandbox"
import type { PortOneSandbox } from "../sandbox/portone"
import { runMedusaCommand } from "../scripts/medusa-process"
import { CheckoutRun, runCheckouts, toPortOneCall, toTossCall, TossCall } from "./checkout"
import { APP_DIRECTORY } from "./footprint"
import { historyCounts, HistoryCounts, insertPastPayments, insertWaitingVirtualAccounts, makeDue, sessionTemplates } from "./history"
import { MedusaServer } from "./medusa"
import type { ReconcileRun } from "./reconcile-once"
import { mapLimit, PORTONE_PROVIDER_ID, type Shop } from "./shop"
import { ForgedWebhookRun, runForgedWebhooks, runWebhookBursts, WebhookRun } from "./webhooks"

export interface GrowthSettings {
  sizes: number[]
  checkouts: number
  waitingVirtualAccounts: number
  /** PortOne virtual accounts left waiting beside Toss's (checkouts through the API: a few dozen, not thousands). */
  waitingPortOneVirtualAccounts: number
  webhookOrders: number
  deliveriesPerOrder: number
  forgedDeliveries: number
}

export interface GrowthStep {
  /** Past Toss payments in the store. */
  size: number
  insertMs: number
  /** Before the reconciliation run. */
  counts: HistoryCounts
  checkouts: CheckoutRun
  reconcile: ReconcileRun & { tossCalls: TossCall[]; portOneCalls: TossCall[]; dueAfter: number }
  webhooks: WebhookRun
  forged: ForgedWebhookRun
}

export async function runGrowth({
  shop,
  server,
  sandbox,
  portOne,
  databaseUrl,
  env,
  settings,
  log,
}: {
  shop: Shop
  server: MedusaServer
  sandbox: TossSandbox
  portOne: PortOneSandbox
  databaseUrl: string
  env: NodeJS.ProcessEnv
  settings: GrowthSettings
  log: (line: string) => void
}): Promise<GrowthStep[]> {
  const db = new Client({ connectionString: databaseUrl })
  await db.connect()
  try {
    log(`  ${settings.waitingVirtualAccounts} virtual accounts waiting for their deposit, issued at the sandbox`)
    const waiting = await insertWaitingVirtualAccounts(db, sandbox, settings.waitingVirtualAccounts)
    log(`  ${settings.waitingPortOneVirtualAccounts} PortOne virtual accounts waiting for their deposit, through the store API`)
    waiting.push(...(await waitingPortOneVirtualAccounts(shop, portOne, settings.waitingPortOneVirtualAccounts)))
    const templates = sessionTemplates(sandbox)
    const steps: GrowthStep[] = []
    let inserted = 0
    for (const size of [...settings.sizes].sort((a, b) => a - b)) {
      const started = performance.now()
      await insertPastPayments(db, { from: inserted, to: size, templates })
      const insertMs = performance.now() - started
      if (size > inserted) log(`  ${size - inserted} past payments inserted in ${(insertMs / 1000).toFixed(1)} s`)
      inserted = Math.max(inserted, size)

      log(`  ${size} past payments: checkouts`)
      const checkouts = await runCheckouts({ through: [{ shop, server }], sandbox, providers: ["toss", "floor"], perProvider: settings.checkouts, warmup: 3, log })

      await makeDue(db, waiting)
      const counts = await historyCounts(db)
      log(`  ${size} past payments: one reconciliation run (${counts.due} payments due)`)
      const reconcile = await reconcileOnce(env, sandbox, portOne)
      const dueAfter = (await historyCounts(db)).due

      log(`  ${size} past payments: webhooks`)
      const webhooks = await runWebhookBursts({
        shop,
        servers: [server],
        sandbox,
        databaseUrl,
        orders: settings.webhookOrders,
        deliveriesPerOrder: settings.deliveriesPerOrder,
        log,
      })
      const forged = await runForgedWebhooks({ server, sandbox, deliveries: settings.forgedDeliveries })
      steps.push({ size, insertMs, counts, checkouts, reconcile: { ...reconcile, dueAfter }, webhooks, forged })
    }
    return steps
  } finally {
    await db.end()
  }
}

/** PortOne checkouts by virtual account, left unpaid: their orders wait for the deposit, their tracked rows for a look. */
async function waitingPortOneVirtualAccounts(shop: Shop, portOne: PortOneSandbox, count: number): Promise<string[]> {
  return mapLimit(Array.from({ length: count }), 4, async () => {
    const cart = await shop.prepareCart(PORTONE_PROVIDER_ID, { orderName: "제주 감귤 5kg" })
    const paymentId = cart.session.id
    const issued = portOne.pay({ paymentId, totalAmount: cart.total, payMethod: "VIRTUAL_ACCOUNT" })
    const answer = await shop.completeWithPortOne({ paymentId })
    if (issued.code || answer.data?.type !== "order") throw new Error(`A PortOne virtual account was not left waiting: ${issued.code ?? JSON.stringify(answer.data).slice(0, 300)}`)
    return paymentId
  })
}

/** bench/reconcile-once.ts in its own `medusa exec`; the Toss and PortOne requests the sandboxes received meanwhile. */
async function reconcileOnce(env: NodeJS.ProcessEnv, sandbox: TossSandbox, portOne: PortOneSandbox): Promise<ReconcileRun & { tossCalls: TossCall[]; portOneCalls: TossCall[] }> {
  const mark = sandbox.requests.length
  const portOneMark = portOne.requests.length
  const output = await runMedusaCommand(["exec", path.join(__dirname, "reconcile-once.ts")], { cwd: APP_DIRECTORY.plugin, env })
  const line = output.split("\n").find((candidate) => candidate.startsWith("BENCH_RECONCILE "))
  if (!line) throw new Error(`bench/reconcile-once.ts printed no result:\n${output.slice(-4000)}`)
  return {
    ...(JSON.parse(line.slice("BENCH_RECONCILE ".length)) as ReconcileRun),
    tossCalls: sandbox.requests.slice(mark).map(toTossCall),
    portOneCalls: portOne.requests.slice(portOneMark).map(toPortOneCall),
  }
}
