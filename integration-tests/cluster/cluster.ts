/**
 * The test application run as Medusa runs in production: one database,
 * migrated and seeded once, and several `medusa start` processes booted from
 * medusa-config.ts, two server instances and a worker, sharing Postgres and
 * the Redis that scripts/test-cluster.js started (REDIS_URL). The local Toss
 * sandbox runs in the spec's process and sends its webhooks to the two
 * servers in turn, as a load balancer would. A PortOne sandbox runs beside
 * it (the second road, registered as `portone`); its webhooks are sent by
 * the specs themselves, signed, to whichever servers a case names.
 */
import fs from "node:fs"
import path from "node:path"
import { Client, Pool } from "pg"
import { Shop } from "../../bench/shop"
import { DEMO_ADMIN, PORTONE_WEBHOOK_PATH, TOSS_WEBHOOK_PATH } from "../../demo/constants"
import { startTossSandbox, TossSandbox } from "../../sandbox"
import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, PortOneSandbox, startPortOneSandbox } from "../../sandbox/portone"
import { ROOT, runMedusaCommand, spawnMedusa, stopProcess, waitForHealth } from "../../scripts/medusa-process"
import { TEST_KEYS } from "../helpers/toss"

const { freePort } = require("../../scripts/free-port") as { freePort(): Promise<number> }

const DATABASE_NAME = "medusa_toss_cluster"
/** Each instance's output, kept after the run (test-artifacts/ is not committed). */
export const LOG_DIR = path.join(ROOT, "test-artifacts", "cluster")
/** The reconciliation job's schedule in the cluster: every 3 seconds (a leading seconds field). */
export const RECONCILE_INTERVAL_MS = 3000
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

export type WorkerMode = "server" | "worker"

/** One `medusa start` process. */
export interface Instance {
  readonly name: string
  readonly mode: WorkerMode
  readonly url: string
  /** Everything it logged so far, without colours. */
  log(): string
  /** SIGTERM: Medusa's graceful shutdown. */
  stop(): Promise<void>
  /** SIGKILL: a crash, in the middle of whatever it was doing. */
  kill(): Promise<void>
}

export interface Cluster {
  databaseUrl: string
  sandbox: TossSandbox
  /** PortOne's sandbox: its webhooks are not sent by itself (the specs sign and send them). */
  portOne: PortOneSandbox
  servers: [Instance, Instance]
  /** The store API through each server. */
  shops: [Shop, Shop]
  /** Boots another instance from medusa-config.ts; resolves once it answers /health. */
  start(name: string, mode: WorkerMode): Promise<Instance>
  /** Every instance started and not stopped, by name. */
  instances: Map<string, Instance>
  /** Every instance started, stopped ones too, in order. */
  started: Instance[]
  /** An admin's `authorization` header, logged in through `server`. */
  adminToken(server: Instance): Promise<string>
  sql<T = any>(text: string, values?: unknown[]): Promise<T[]>
  stop(): Promise<void>
}

export async function startCluster(): Promise<Cluster> {
  const redisUrl = process.env.REDIS_URL
  const runDir = process.env.CLUSTER_RUN_DIR
  if (!redisUrl || !runDir || !process.env.DB_HOST) {
    throw new Error("The cluster specs run through `npm run test:cluster`, which starts Redis and Postgres for them.")
  }
  const stops: Array<() => Promise<void>> = []
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined)
  }
  try {
    fs.rmSync(LOG_DIR, { recursive: true, force: true })
    const databaseUrl = await createDatabase()
    const db = new Pool({ connectionString: databaseUrl, max: 4 })
    stops.push(() => db.end())
    const sandbox = await startTossSandbox({ webhookUrl: null })
    stops.push(() => sandbox.close())
    const portOne = await startPortOneSandbox({ webhooks: false })
    stops.push(() => portOne.close())

    const env = medusaEnv({ databaseUrl, redisUrl, tossUrl: sandbox.url, portOne })
    const startedAt = Date.now()
    await runMedusaCommand(["db:migrate", "--execute-safe-links", "--execute-safe-search"], { cwd: ROOT, env })
    await runMedusaCommand(["exec", "./demo/seed.ts"], { cwd: ROOT, env })
    const seededAt = Date.now()
    const instances = new Map<string, Instance>()
    const started: Instance[] = []
    const start = async (name: string, mode: WorkerMode) => {
      const instance = await startInstance({ name, mode, env, logDir: LOG_DIR, pidFile: path.join(runDir, "medusa.pids") })
      instances.set(name, instance)
      started.push(instance)
      const stopInstance = instance.stop
      const killInstance = instance.kill
      return Object.assign(instance, {
        stop: () => stopInstance().finally(() => instances.delete(name)),
        kill: () => killInstance().finally(() => instances.delete(name)),
      })
    }
    stops.push(async () => {
      await Promise.all([...instances.values()].map((instance) => instance.stop()))
    })
    const [serverA, serverB] = await Promise.all([start("server-a", "server"), start("server-b", "server"), start("worker", "worker")])
    const shops: [Shop, Shop] = [await Shop.open(serverA.url, databaseUrl), await Shop.open(serverB.url, databaseUrl)]
    sandbox.setWebhookUrl([serverA, serverB].map(webhookUrl))
    const seconds = (from: number, to = Date.now()) => `${((to - from) / 1000).toFixed(0)} s`
    process.stderr.write(`cluster: database migrated and seeded in ${seconds(startedAt, seededAt)}, two servers and a worker up in ${seconds(seededAt)}\n`)

    return {
      databaseUrl,
      sandbox,
      portOne,
      servers: [serverA, serverB],
      shops,
      start,
      instances,
      started,
      adminToken: async (server) => {
        const response = await fetch(`${server.url}/auth/user/emailpass`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(DEMO_ADMIN),
        })
        const { token } = (await response.json()) as { token: string }
        return `Bearer ${token}`
      },
      sql: async (text, values) => (await db.query(text, values)).rows,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

export function webhookUrl(server: Instance): string {
  return `${server.url}${TOSS_WEBHOOK_PATH}`
}

export function portOneWebhookUrl(server: Instance): string {
  return `${server.url}${PORTONE_WEBHOOK_PATH}`
}

/** What every instance runs with: the same configuration, the sandbox's keys, a fast reconciliation schedule. */
function medusaEnv({ databaseUrl, redisUrl, tossUrl, portOne }: { databaseUrl: string; redisUrl: string; tossUrl: string; portOne: PortOneSandbox }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...TEST_KEYS,
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    TOSS_API_BASE_URL: tossUrl,
    // Longer than Medusa's 5-second webhook delay: a Toss answer the sandbox
    // holds back keeps its request open while the worker handles the webhook.
    TOSS_TIMEOUT_MS: "8000",
    TOSS_RETRY_BASE_DELAY_MS: "50",
    TOSS_RECONCILE_SCHEDULE: `*/${RECONCILE_INTERVAL_MS / 1000} * * * * *`,
    // medusa-config.ts registers PortOne (`portone`) once its secret is set.
    PORTONE_STORE_ID: PORTONE_TEST_STORE_ID,
    PORTONE_API_SECRET: PORTONE_TEST_API_SECRET,
    PORTONE_WEBHOOK_SECRET: portOne.webhookSecret,
    PORTONE_CHANNEL_KEYS: PORTONE_TEST_CHANNELS.filter((channel) => !channel.manualConfirm).map((channel) => channel.key).join(","),
    PORTONE_API_BASE_URL: portOne.url,
    PORTONE_TIMEOUT_MS: "8000",
    PORTONE_RETRY_BASE_DELAY_MS: "50",
  }
  for (const name of ["NODE_OPTIONS", "TEST_TYPE", "MEDUSA_WORKER_MODE", "TOSS_RECONCILE_DISABLED", "PORTONE_BILLING_CHANNEL_KEY"]) delete env[name]
  return env
}

async function createDatabase(): Promise<string> {
  const { DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD } = process.env
  const server = `postgres://${DB_USERNAME}:${DB_PASSWORD}@${DB_HOST}:${DB_PORT}`
  const admin = new Client({ connectionString: `${server}/postgres` })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE_NAME} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${DATABASE_NAME}`)
  } finally {
    await admin.end()
  }
  return `${server}/${DATABASE_NAME}`
}

async function startInstance({
  name,
  mode,
  env,
  logDir,
  pidFile,
}: {
  name: string
  mode: WorkerMode
  env: NodeJS.ProcessEnv
  logDir: string
  pidFile: string
}): Promise<Instance> {
  const port = await freePort()
  fs.mkdirSync(logDir, { recursive: true })
  const logFile = fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" })
  const child = spawnMedusa({ env: { ...env, MEDUSA_WORKER_MODE: mode }, port })
  // scripts/test-cluster.js ends whatever is left when the run ends.
  fs.appendFileSync(pidFile, `${child.pid}\n`)
  let output = ""
  const record = (chunk: Buffer) => {
    logFile.write(chunk)
    output += chunk.toString().replace(ANSI, "")
  }
  child.stdout!.on("data", record)
  child.stderr!.on("data", record)
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  void exited.then(() => logFile.end())

  const url = `http://localhost:${port}`
  await waitForHealth(url, child, { seeOutput: () => `${name}'s output:\n${output.slice(-6000)}`, intervalMs: 200 })
  return {
    name,
    mode,
    url,
    log: () => output,
    stop: () => stopProcess(child),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL")
        await exited
      }
    },
  }
}
