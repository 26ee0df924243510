/**
 * The plugin in a cluster, as README "Production" sets it up: two server
 * instances and a worker (MEDUSA_WORKER_MODE) booted from bench/app, sharing
 * the benchmark's Postgres and a local Redis (REDIS_URL: Medusa's Redis event
 * bus, workflow engine, cache and locking). Measured: the same interleaved
 * checkouts (Toss, PortOne, the floor, `pp_system_default`), through the two
 * servers in turn; webhook bursts, Toss's and PortOne's, delivered to the
 * servers in turn and handled by the worker; and checkouts per second with
 * 1, 4 and 16 shoppers at once, through one server and through both: Toss's,
 * then PortOne's with fewer checkouts.
 */
import path from "node:path"
import type { TossSandbox } from "../sandbox"
import type { PortOneSandbox } from "../sandbox/portone"
import { CheckoutRun, runCheckouts, runConcurrentCheckouts, Storefront, ThroughputRun } from "./checkout"
import { APP_DIRECTORY } from "./footprint"
import { MedusaServer, startMedusa } from "./medusa"
import { freePort } from "./postgres"
import { Shop } from "./shop"
import { runPortOneWebhookBursts, runWebhookBursts, WebhookRun } from "./webhooks"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startRedis } = require("../scripts/redis") as { startRedis(options: { needs: string }): Promise<{ url: string; stop(): Promise<void> }> }

export interface ClusterSettings {
  checkouts: number
  vaOrders: number
  deliveriesPerOrder: number
  shoppers: number[]
  /** Toss checkouts per throughput measurement, about (each shopper completes the same number). */
  throughputCheckouts: number
  /** PortOne checkouts per throughput measurement, about (at least one per shopper). */
  portOneThroughputCheckouts: number
}

export interface ClusterRun {
  checkouts: CheckoutRun
  webhooks: WebhookRun
  /** Absent in runs from before PortOne's. */
  portOneWebhooks?: WebhookRun
  /** Toss's runs, then PortOne's. */
  throughput: ThroughputRun[]
  bootMs: number
}

export async function runCluster({
  env,
  databaseUrl,
  sandbox,
  portOne,
  logDir,
  settings,
  cleanup,
  log,
}: {
  env: NodeJS.ProcessEnv
  databaseUrl: string
  sandbox: TossSandbox
  portOne: PortOneSandbox
  logDir: string
  settings: ClusterSettings
  /** Where stops go if the run is interrupted. */
  cleanup: Array<() => Promise<unknown>>
  log: (line: string) => void
}): Promise<ClusterRun> {
  const redis = await startRedis({ needs: "The benchmark's cluster phase (or --skip-cluster)" })
  cleanup.push(() => redis.stop())
  const started = performance.now()
  // The phase runs what it measures; a scheduled reconciliation would add its own Toss requests.
  const clusterEnv = { ...env, REDIS_URL: redis.url, TOSS_RECONCILE_DISABLED: "true" }
  const boot = async (name: string, mode: "server" | "worker") => {
    const instance = await startMedusa({
      cwd: APP_DIRECTORY.plugin,
      env: { ...clusterEnv, MEDUSA_WORKER_MODE: mode },
      port: await freePort(),
      logFile: path.join(logDir, `medusa-cluster-${name}.log`),
    })
    cleanup.push(() => instance.stop())
    return instance
  }
  const [serverA, serverB, worker] = await Promise.all([boot("server-a", "server"), boot("server-b", "server"), boot("worker", "worker")])
  const bootMs = performance.now() - started
  log(`  two servers and a worker up in ${(bootMs / 1000).toFixed(1)} s`)
  const shops = await Shop.openEach([serverA.url, serverB.url], databaseUrl)
  const through: Storefront[] = [serverA, serverB].map((server, index) => ({ server, shop: shops[index] }))

  const checkouts = await runCheckouts({ through, sandbox, portOne, providers: ["toss", "portone", "floor", "system"], perProvider: settings.checkouts, warmup: 2, log })
  const burst = { servers: [serverA, serverB], worker, databaseUrl, orders: settings.vaOrders, deliveriesPerOrder: settings.deliveriesPerOrder, log }
  const webhooks = await runWebhookBursts({ ...burst, shop: through[0].shop, sandbox })
  const portOneWebhooks = await runPortOneWebhookBursts({ ...burst, shop: through[1].shop, portOne })

  const throughput: ThroughputRun[] = []
  for (const [provider, checkoutsPerRun] of [
    ["toss", settings.throughputCheckouts],
    ["portone", settings.portOneThroughputCheckouts],
  ] as const) {
    for (const shoppers of settings.shoppers) {
      for (const servers of [through.slice(0, 1), through]) {
        const run = await runConcurrentCheckouts({
          through: servers,
          sandbox,
          portOne,
          provider,
          shoppers,
          cartsPerShopper: Math.ceil(checkoutsPerRun / shoppers),
        })
        log(`  ${provider}, ${shoppers} shoppers, ${servers.length} server${servers.length > 1 ? "s" : ""}: ${run.perSecond.toFixed(1)} checkouts/s`)
        throughput.push(run)
      }
    }
  }

  await Promise.all([serverA, serverB, worker].map((instance: MedusaServer) => instance.stop()))
  await redis.stop()
  return { checkouts, webhooks, portOneWebhooks, throughput, bootMs }
}
