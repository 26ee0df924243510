/**
 * Capacity on paper, backed by a simulation: how many Medusa servers and
 * workers a store needs at 10,000, 100,000 and 1,000,000 Toss payments a day,
 * and which limit binds first, from what the benchmark measured.
 *
 *   npx tsx bench/capacity.ts [bench-results/soak-….json] [bench-results/bench-….json]
 *
 * Fed with a soak's cluster run (CPU per payment on the servers and on the
 * worker, database connections per process, Toss lookups per payment) and a
 * benchmark run's cluster phase (the worker's time for one payment's burst of
 * deliveries, the database time of a checkout, the reconciliation run);
 * without files, with the figures of the runs docs/benchmark.md reports
 * (`MEASURED` below). Each count is then checked by simulating the busiest
 * hour: work arriving at random (Poisson) at the peak rate, served by that
 * many processes (a server: one core, taking a checkout's store requests one
 * at a time; a worker: Medusa's Redis event bus, one payment's events at a
 * time), each job's time spread exponentially around the measured mean, and
 * the 95th percentile of the wait reported; the reconciliation's backlog is
 * simulated over a day.
 */
import fs from "node:fs"
import { mulberry32, quantile } from "./stats"

export interface CapacityInputs {
  /**
   * CPU of the server processes per checkout: the shopper's five store
   * requests from the cart to the order (cart, shipping method, payment
   * collection, payment session, the hand-off), everything else the servers
   * did meanwhile included. Browsing the shop is not counted.
   */
  serverCpuMsPerCheckout: number
  /** CPU of a worker per payment: its webhooks, Medusa's own events, the reconciliation's share. */
  workerCpuMsPerPayment: number
  /** Wall time the worker's event bus spends on one payment's deliveries (one event at a time). */
  workerSerialMsPerPayment: number
  /** Postgres time of one checkout (the statements' own time). */
  databaseMsPerCheckout: number
  /** Toss lookups per payment, webhooks and reconciliation together. */
  tossLookupsPerPayment: number
  /** Most database connections one Medusa process was seen to hold (its pool may grow to 10). */
  connectionsPerProcess: number
  /** The reconciliation job: lookups per run, pause between them, one lookup's time, runs' period. */
  reconcile: { lookupsPerRun: number; pauseMs: number; lookupMs: number; periodMinutes: number }
  /** Where each figure came from. */
  sources: string[]
}

/** What a store's traffic looks like; change them for yours. */
export const ASSUMPTIONS = {
  /** The busiest hour's rate against the day's average (Korean shops: lunch, 9–11 pm, a live sale). */
  peakFactor: 4,
  /** Processes planned to run at most this busy, so that a burst does not queue. */
  utilisation: 0.6,
  /** Virtual accounts among payments: each is looked up once a day by the reconciliation while it waits (about a day). */
  virtualAccountShare: 0.1,
  /** Payments whose webhook Toss never delivers (or was lost): the ledger flags them for a lookup. */
  missedWebhookShare: 0.01,
  /** Postgres's default max_connections, less a few for administration. */
  databaseConnections: 100 - 10,
  /** Medusa's pool per process (knex's default most), planned for whatever the soak saw. */
  poolPerProcess: 10,
  /** A checkout's store requests; a server's core takes them one at a time. */
  requestsPerCheckout: 5,
}

/**
 * The figures of the runs docs/benchmark.md reports (2 shared cores, so
 * every figure is an upper bound on a store's own machine).
 */
export const MEASURED: CapacityInputs = {
  // The soak's cluster run, 2026-12-07 (2 minutes, machine load 8–12).
  serverCpuMsPerCheckout: 1644,
  workerCpuMsPerPayment: 314,
  tossLookupsPerPayment: 0.34,
  connectionsPerProcess: 6,
  // The benchmark's cluster phase, 2026-12-02: 10 orders' bursts of 5 deliveries settled 4.2 s after Medusa's delay.
  workerSerialMsPerPayment: 420,
  // The profile of a Toss completion (SQL time of its 149 statements), 2026-12-02; the cart's four requests before it are not counted.
  databaseMsPerCheckout: 154,
  // The reconciliation's defaults; a lookup answered in about 40 ms by the sandbox (14 s for a run of 100).
  reconcile: { lookupsPerRun: 100, pauseMs: 100, lookupMs: 40, periodMinutes: 5 },
  sources: ["the runs docs/benchmark.md reports (soak 2026-12-07, benchmark 2026-12-02)"],
}

const DAY_S = 86_400

/** Waits in a queue of `servers` processes, each taking one job at a time, for jobs arriving at random at `perSecond`. */
export function simulateQueue({ perSecond, serviceMs, servers, seconds = 3600, seed = 1 }: { perSecond: number; serviceMs: number; servers: number; seconds?: number; seed?: number }) {
  const random = mulberry32(seed)
  const exponential = (mean: number) => -Math.log(1 - random()) * mean
  const free = Array.from({ length: servers }, () => 0)
  const waits: number[] = []
  let busy = 0
  for (let at = exponential(1000 / perSecond); at < seconds * 1000; at += exponential(1000 / perSecond)) {
    const next = free.indexOf(Math.min(...free))
    const start = Math.max(at, free[next])
    // A job's time varies: exponential around the measured mean (a pessimistic spread).
    const service = exponential(serviceMs)
    free[next] = start + service
    busy += service
    waits.push(start - at)
  }
  return { jobs: waits.length, p95WaitMs: quantile(waits, 0.95), utilisation: busy / (servers * seconds * 1000) }
}

/** Payments still waiting for the reconciliation's look at the day's end, run after run (due at an even pace). */
export function simulateReconciliation({ duePerDay, lookupsPerRun, periodMinutes }: { duePerDay: number; lookupsPerRun: number; periodMinutes: number }) {
  const runs = (24 * 60) / periodMinutes
  let backlog = 0
  let most = 0
  for (let run = 0; run < runs; run++) {
    backlog = Math.max(0, backlog + duePerDay / runs - lookupsPerRun)
    most = Math.max(most, backlog)
  }
  return { backlogAtEndOfDay: Math.round(backlog), mostWaiting: Math.round(most) }
}

/** The least count of processes whose simulated busiest hour stays within the planned utilisation and keeps waits short. */
function processesFor(perSecond: number, serviceMs: number, waitLimitMs: number) {
  let count = Math.max(1, Math.ceil((perSecond * serviceMs) / 1000 / ASSUMPTIONS.utilisation))
  for (;;) {
    const simulated = simulateQueue({ perSecond, serviceMs, servers: count })
    if (simulated.p95WaitMs <= waitLimitMs) return { count, simulated }
    count++
  }
}

export function plan(inputs: CapacityInputs, paymentsPerDay: number) {
  const peakPerSecond = (paymentsPerDay / DAY_S) * ASSUMPTIONS.peakFactor
  // A shopper's checkout should not wait more than a fifth of a second for a free server; a webhook's sync within 5 s.
  const servers = processesFor(peakPerSecond * ASSUMPTIONS.requestsPerCheckout, inputs.serverCpuMsPerCheckout / ASSUMPTIONS.requestsPerCheckout, 200)
  const workers = processesFor(peakPerSecond, Math.max(inputs.workerSerialMsPerPayment, inputs.workerCpuMsPerPayment), 5000)
  const databaseCores = (peakPerSecond * inputs.databaseMsPerCheckout) / 1000 / ASSUMPTIONS.utilisation
  const { lookupsPerRun, pauseMs, lookupMs, periodMinutes } = inputs.reconcile
  const duePerDay = paymentsPerDay * (ASSUMPTIONS.virtualAccountShare + ASSUMPTIONS.missedWebhookShare)
  const reconcileCapacityPerDay = lookupsPerRun * ((24 * 60) / periodMinutes)
  const reconciliation = simulateReconciliation({ duePerDay, lookupsPerRun, periodMinutes })
  const reconcileRunMs = lookupsPerRun * (pauseMs + lookupMs)
  // Confirms (one per payment), lookups, and the reconciliation's lookups while it runs.
  const tossPerSecond = peakPerSecond * (1 + inputs.tossLookupsPerPayment) + 1000 / (pauseMs + lookupMs)
  const connections = (servers.count + workers.count) * Math.max(inputs.connectionsPerProcess, ASSUMPTIONS.poolPerProcess)
  return {
    paymentsPerDay,
    peakPerSecond,
    servers,
    workers,
    databaseCores,
    reconciliation: { duePerDay, capacityPerDay: reconcileCapacityPerDay, runMs: reconcileRunMs, ...reconciliation },
    tossPerSecond,
    connections,
  }
}

/**
 * The payments a day at which each limit binds, with the defaults: one
 * server and one worker process per core, Medusa's event bus one event at a
 * time, the reconciliation's 100 lookups every 5 minutes, Postgres's
 * default 100 connections and a pool of 10 per process.
 */
export function limits(inputs: CapacityInputs) {
  const perDay = (peakPerSecond: number) => Math.floor((peakPerSecond / ASSUMPTIONS.peakFactor) * DAY_S)
  return [
    { limit: "one worker: Medusa's event bus handles one event at a time", perDay: perDay((1000 / Math.max(inputs.workerSerialMsPerPayment, inputs.workerCpuMsPerPayment)) * ASSUMPTIONS.utilisation) },
    {
      limit: "the reconciliation's 100 lookups per 5-minute run (waiting virtual accounts and missed webhooks)",
      perDay: Math.floor((inputs.reconcile.lookupsPerRun * ((24 * 60) / inputs.reconcile.periodMinutes)) / (ASSUMPTIONS.virtualAccountShare + ASSUMPTIONS.missedWebhookShare)),
    },
    { limit: "one server process (a core's worth of checkouts)", perDay: perDay((1000 / inputs.serverCpuMsPerCheckout) * ASSUMPTIONS.utilisation) },
    {
      limit: `Postgres connections (100, a pool of ${ASSUMPTIONS.poolPerProcess} per process): ${Math.floor(ASSUMPTIONS.databaseConnections / ASSUMPTIONS.poolPerProcess)} processes, one a worker`,
      perDay: (Math.floor(ASSUMPTIONS.databaseConnections / ASSUMPTIONS.poolPerProcess) - 1) * perDay((1000 / inputs.serverCpuMsPerCheckout) * ASSUMPTIONS.utilisation),
    },
    { limit: "one Postgres core", perDay: perDay((1000 / inputs.databaseMsPerCheckout) * ASSUMPTIONS.utilisation) },
  ].sort((a, b) => a.perDay - b.perDay)
}

/** Inputs from a soak's cluster run and a benchmark run's results (their .json files), over the measured defaults. */
export function readInputs(files: string[]): CapacityInputs {
  const inputs: CapacityInputs = { ...MEASURED, reconcile: { ...MEASURED.reconcile }, sources: [] }
  for (const file of files) {
    const results = JSON.parse(fs.readFileSync(file, "utf8"))
    const cluster = results.runs?.find((run: { topology: string }) => run.topology === "cluster")
    if (cluster) {
      const servers = cluster.cpu.filter((process: { name: string }) => process.name !== "worker")
      const worker = cluster.cpu.find((process: { name: string }) => process.name === "worker")
      // Each server took half the payments.
      inputs.serverCpuMsPerCheckout = servers.reduce((sum: number, process: { cpuMsPerPayment: number }) => sum + process.cpuMsPerPayment, 0)
      inputs.workerCpuMsPerPayment = worker.cpuMsPerPayment
      inputs.tossLookupsPerPayment = cluster.lookupsPerPayment
      inputs.connectionsPerProcess = Math.max(cluster.first.connections, cluster.last.connections) / cluster.processes.length
      inputs.sources.push(`${file} (soak, cluster run)`)
    }
    const webhooks = results.cluster?.webhooks
    if (webhooks?.allSettledMs) {
      // The worker took the orders' bursts one event at a time after Medusa's 5 s delay.
      inputs.workerSerialMsPerPayment = (webhooks.allSettledMs - 5000 - webhooks.sendMs) / webhooks.orders
      inputs.sources.push(`${file} (benchmark, cluster webhooks)`)
    }
    const profile = results.profile?.toss?.total ?? null
    if (profile?.sqlMs) {
      inputs.databaseMsPerCheckout = profile.sqlMs
    }
  }
  if (!inputs.sources.length) inputs.sources = MEASURED.sources
  return inputs
}

export function renderCapacity(inputs: CapacityInputs): string {
  const sizes = [10_000, 100_000, 1_000_000]
  const plans = sizes.map((size) => plan(inputs, size))
  const count = (value: number) => Math.round(value).toLocaleString("en-US")
  const lines = [
    `Fed with: server CPU ${inputs.serverCpuMsPerCheckout.toFixed(0)} ms per checkout, worker CPU ${inputs.workerCpuMsPerPayment.toFixed(0)} ms and event-bus time ${inputs.workerSerialMsPerPayment.toFixed(0)} ms per payment, Postgres ${inputs.databaseMsPerCheckout.toFixed(0)} ms per checkout, ${inputs.tossLookupsPerPayment.toFixed(2)} Toss lookups per payment, ${inputs.connectionsPerProcess.toFixed(0)} connections per process (from ${inputs.sources.join("; ")}). Assumed: the busiest hour ${ASSUMPTIONS.peakFactor}× the day's average, processes planned ${ASSUMPTIONS.utilisation * 100} % busy, ${ASSUMPTIONS.virtualAccountShare * 100} % virtual accounts, ${ASSUMPTIONS.missedWebhookShare * 100} % of webhooks missed.`,
    "",
    `| Payments a day | ${sizes.map(count).join(" | ")} |`,
    `| --- | ${sizes.map(() => "---").join(" | ")} |`,
    `| Busiest hour, checkouts per second | ${plans.map((one) => one.peakPerSecond.toFixed(2)).join(" | ")} |`,
    `| Server processes (one core each), simulated p95 wait of a store request for the core | ${plans.map((one) => `${one.servers.count} (${one.servers.simulated.p95WaitMs.toFixed(0)} ms, ${(one.servers.simulated.utilisation * 100).toFixed(0)} % busy)`).join(" | ")} |`,
    `| Worker processes (event bus one event at a time), simulated p95 wait of a payment's webhooks | ${plans.map((one) => `${one.workers.count} (${(one.workers.simulated.p95WaitMs / 1000).toFixed(1)} s, ${(one.workers.simulated.utilisation * 100).toFixed(0)} % busy)`).join(" | ")} |`,
    `| Postgres cores for the checkouts | ${plans.map((one) => one.databaseCores.toFixed(2)).join(" | ")} |`,
    `| Database connections (pools of ${ASSUMPTIONS.poolPerProcess}; the soak saw ${inputs.connectionsPerProcess.toFixed(0)} a process) | ${plans.map((one) => `${one.connections}${one.connections > ASSUMPTIONS.databaseConnections ? " ❌ over 100" : ""}`).join(" | ")} |`,
    `| Reconciliation: payments due a day / looked at a day (${inputs.reconcile.lookupsPerRun} per run every ${inputs.reconcile.periodMinutes} min), backlog at the day's end (simulated) | ${plans.map((one) => `${count(one.reconciliation.duePerDay)} / ${count(one.reconciliation.capacityPerDay)}, ${count(one.reconciliation.backlogAtEndOfDay)}${one.reconciliation.backlogAtEndOfDay ? " ❌" : ""}`).join(" | ")} |`,
    `| Toss requests per second, busiest hour (confirms, lookups, the reconciliation while it runs) | ${plans.map((one) => one.tossPerSecond.toFixed(1)).join(" | ")} |`,
    "",
    "With the defaults (one process per core, one worker, the reconciliation's 100 lookups every 5 minutes, a pool of 10 per process, Postgres's 100 connections), the limits bind at, first to last:",
    "",
    ...limits(inputs).map((entry, index) => `${index + 1}. ${count(entry.perDay)} payments a day: ${entry.limit}`),
  ]
  return lines.join("\n")
}

if (require.main === module) {
  console.log(renderCapacity(readInputs(process.argv.slice(2))))
}
