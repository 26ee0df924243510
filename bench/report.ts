/** The benchmark's figures: summarised from the raw measurements, and as a markdown table. */
import type { CheckoutRun, CompletionSample, Provider, TossCall } from "./checkout"
import type { ClusterRun, ClusterSettings } from "./cluster"
import { BootSample, mb } from "./footprint"
import type { GrowthSettings, GrowthStep } from "./growth"
import type { MemorySample } from "./medusa"
import { CheckoutProfile, StepProfile, TOTAL, WAITING_FOR_TOSS } from "./profile-checkout"
import { median, p95, ratioInterval, ratioOfMediansInterval, tally } from "./stats"
import type { WebhookRun } from "./webhooks"

export interface Settings {
  checkouts: number
  vaOrders: number
  deliveriesPerOrder: number
  warmup: number
  boots: number
  footprint: boolean
  profile: boolean
  /** Completions per provider in the profile. */
  profileRounds: number
  growth: GrowthSettings | null
  cluster: ClusterSettings | null
}

export interface Machine {
  cores: number
  cpu: string
  memoryGb: number
  node: string
  medusa: string
}

export interface StorefrontSize {
  /** dist/storefront/index.mjs, minified and gzipped: what a storefront ships (Toss's SDK script excluded). */
  entryBytes: number
  /** The same with the npm loader of Toss's SDK bundled in (the SDK itself still loads from Toss). */
  entryWithLoaderBytes: number
  reactBytes: number
}

export interface Raw {
  date: Date
  durationMs: number
  machine: Machine
  settings: Settings
  storefront: StorefrontSize
  checkouts: CheckoutRun
  webhooks: WebhookRun
  /** PortOne's burst on the same server; absent in runs from before it. */
  portOneWebhooks?: WebhookRun
  /** Wall-clock spans of the run's phases (Date.now()), in order. */
  /** The machine's 1-minute load average (other processes included) as each phase started and ended. */
  phases: Array<{ label: string; startedAt: number; endedAt: number; loadAverage: { start: number; end: number } }>
  footprint: null | {
    boots: BootSample[]
    memoryAfterCheckouts: Record<"plugin" | "baseline", MemorySample>
    baselineCheckouts: CheckoutRun
  }
  profile: CheckoutProfile | null
  growth: GrowthStep[] | null
  cluster: ClusterRun | null
}

interface Timing {
  count: number
  median: number
  p95: number
}

interface Spread {
  median: number
  min: number
  max: number
  values: number[]
}

function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values }
}

function timing(values: number[]): Timing {
  return { count: values.length, median: median(values), p95: p95(values) }
}

function completionTimes(samples: CompletionSample[], provider: Provider) {
  const mine = samples.filter((sample) => sample.provider === provider)
  const server = mine.every((sample) => sample.serverMs !== null) ? mine.map((sample) => sample.serverMs!) : []
  return { server, client: mine.map((sample) => sample.clientMs) }
}

/** Calls per endpoint, divided by `per`. */
function perEndpoint(calls: TossCall[], per: number): Record<string, number> {
  return Object.fromEntries(Object.entries(tally(calls.map((call) => call.endpoint))).map(([endpoint, count]) => [endpoint, count / per]))
}

/** A lookup of one payment: Toss's (by paymentKey or orderId) or PortOne's. */
const isLookup = (call: TossCall) => call.endpoint.startsWith("GET /v1/payments/") || call.endpoint === "GET /payments/{paymentId}"
const RECONCILE_PERIOD_MS = 5 * 60_000

/** toss / other: ratio of medians and of 95th percentiles, each with its 95 % interval, server-side and client-side. */
function compareCompletions(toss: { server: number[]; client: number[] }, other: { server: number[]; client: number[] }) {
  return {
    median: toss.server.length ? median(toss.server) / median(other.server) : NaN,
    medianInterval95: ratioOfMediansInterval(toss.server, other.server),
    p95: p95(toss.server) / p95(other.server),
    p95Interval95: ratioInterval(toss.server, other.server, 0.95),
    clientMedian: median(toss.client) / median(other.client),
    clientMedianInterval95: ratioOfMediansInterval(toss.client, other.client),
  }
}

/** How a figure changes from the smallest store to the largest: flat within ±25 %, else by how much (the machine's load changes too: compare with the interleaved ratio). */
export function growthOf(values: number[]): string {
  const [first, last] = [values[0], values[values.length - 1]]
  if (values.length < 2 || !Number.isFinite(first) || !Number.isFinite(last)) return ""
  if (first === last) return "flat"
  if (first === 0) return `from 0 to ${last.toFixed(2)}`
  const ratio = last / first
  if (Math.abs(ratio - 1) <= 0.25) return `flat (×${ratio.toFixed(2)})`
  return ratio > 1 ? `grows ×${ratio.toFixed(2)}` : `falls ×${ratio.toFixed(2)}`
}

function summariseGrowth(steps: GrowthStep[]) {
  return steps.map((step) => {
    const ledger = step.reconcile.tossCalls.filter((call) => call.endpoint === "GET /v1/transactions")
    const lookups = step.reconcile.tossCalls.filter(isLookup)
    const webhookLookups = step.webhooks.tossCalls.filter(isLookup)
    const lookupsPerOrder = Object.keys(step.webhooks.lookupsPerOrderHistogram).map(Number)
    return {
      size: step.size,
      counts: step.counts,
      insertSeconds: step.insertMs / 1000,
      checkout: {
        toss: timing(completionTimes(step.checkouts.samples, "toss").server),
        floor: timing(completionTimes(step.checkouts.samples, "floor").server),
        tossOverFloor: compareCompletions(completionTimes(step.checkouts.samples, "toss"), completionTimes(step.checkouts.samples, "floor")),
      },
      reconcile: {
        wallMs: step.reconcile.wallMs,
        databaseMs: step.reconcile.database.execMs,
        statements: step.reconcile.database.statements,
        tossRequests: step.reconcile.tossCalls.length,
        portOneRequests: step.reconcile.portOneCalls?.length ?? 0,
        portOneLookups: step.reconcile.portOneCalls?.filter((call) => call.endpoint === "GET /payments/{paymentId}").length ?? 0,
        ledgerRequests: ledger.length,
        ledgerRows: step.reconcile.summary.ledgerRows,
        lookups: lookups.length,
        checked: step.reconcile.summary.checked,
        dueBefore: step.counts.due,
        dueAfter: step.reconcile.dueAfter,
        outcomes: step.reconcile.summary.outcomes,
        topStatements: step.reconcile.database.top,
      },
      webhooks: {
        orders: step.webhooks.orders,
        deliveries: step.webhooks.deliveries,
        ordersWithExactlyOneCapture: step.webhooks.captureHistogram[1] ?? 0,
        lookupsPerDelivery: webhookLookups.length / step.webhooks.deliveries,
        mostLookupsForOnePayment: Math.max(...lookupsPerOrder),
        lookupsPerOrderHistogram: step.webhooks.lookupsPerOrderHistogram,
      },
      forged: {
        deliveries: step.forged.deliveries,
        accepted: step.forged.accepted,
        tossRequests: step.forged.tossCalls.length,
        tossRequestsPerDelivery: step.forged.tossCalls.length / step.forged.deliveries,
      },
    }
  })
}

function summariseWebhooks(webhooks: WebhookRun) {
  const lookups = webhooks.tossCalls.filter(isLookup)
  return {
    road: webhooks.road ?? "toss",
    orders: webhooks.orders,
    deliveries: webhooks.deliveries,
    accepted: webhooks.accepted,
    sendMs: webhooks.sendMs,
    allCapturedMs: webhooks.allCapturedMs,
    allSettledMs: webhooks.allSettledMs,
    captureHistogram: webhooks.captureHistogram,
    paymentHistogram: webhooks.paymentHistogram,
    ordersWithExactlyOneCapture: webhooks.captureHistogram[1] ?? 0,
    lookupsPerDelivery: lookups.length / webhooks.deliveries,
    lookupsAnsweredPerDelivery: lookups.filter((call) => call.status === 200).length / webhooks.deliveries,
    refusedByCode: tally(webhooks.tossCalls.filter((call) => call.status !== 200).map((call) => call.code ?? `HTTP ${call.status}`)),
    callsPerDeliveryByEndpoint: perEndpoint(webhooks.tossCalls, webhooks.deliveries),
    lookupsPerOrderHistogram: webhooks.lookupsPerOrderHistogram,
    captureTimeline: webhooks.captureTimeline,
    hookAnswerMs: timing(webhooks.hookAnswerMs),
    problems: webhooks.problems,
  }
}

/** Toss, floor and `pp_system_default` completions of one run, and Toss against the other two; PortOne against the floor when it ran. */
function summariseCheckouts(run: CheckoutRun) {
  const toss = completionTimes(run.samples, "toss")
  const portOne = completionTimes(run.samples, "portone")
  const floor = completionTimes(run.samples, "floor")
  const system = completionTimes(run.samples, "system")
  return {
    toss: { server: timing(toss.server), client: timing(toss.client) },
    portOne: portOne.client.length ? { server: timing(portOne.server), client: timing(portOne.client) } : null,
    floor: { server: timing(floor.server), client: timing(floor.client) },
    system: { server: timing(system.server), client: timing(system.client) },
    tossOverFloor: compareCompletions(toss, floor),
    portOneOverFloor: portOne.client.length ? compareCompletions(portOne, floor) : null,
    tossOverSystem: compareCompletions(toss, system),
    checkoutsRun: run.samples.length + run.warmup * new Set(run.samples.map((sample) => sample.provider)).size,
    samples: run.samples.map(({ provider, clientMs, serverMs }) => ({ provider, clientMs, serverMs })),
  }
}

function summariseCluster(cluster: ClusterRun) {
  return {
    bootMs: cluster.bootMs,
    checkout: summariseCheckouts(cluster.checkouts),
    portOneCallsPerCheckout: portOneCallsPerCheckout(cluster.checkouts),
    webhooks: summariseWebhooks(cluster.webhooks),
    portOneWebhooks: cluster.portOneWebhooks ? summariseWebhooks(cluster.portOneWebhooks) : null,
    throughput: cluster.throughput.map(({ provider = "toss", shoppers, servers, completions, conflicts, wallMs, perSecond, clientMs }) => ({
      provider,
      shoppers,
      servers,
      completions,
      conflicts,
      wallMs,
      perSecond,
      clientMs: timing(clientMs),
    })),
  }
}

export function summarise(raw: Raw) {
  const tossSamples = raw.checkouts.samples.filter((sample) => sample.provider === "toss")
  const checkoutCalls = tossSamples.flatMap((sample) => sample.tossRequests)

  const footprint = raw.footprint && (() => {
    const { boots, memoryAfterCheckouts, baselineCheckouts } = raw.footprint
    const of = (app: "plugin" | "baseline") => {
      const mine = boots.filter((boot) => boot.app === app)
      return {
        boots: mine.length,
        bootMs: spread(mine.map((boot) => boot.bootMs)),
        bootCpuMs: spread(mine.map((boot) => boot.bootCpuMs)),
        rssAfterBootBytes: spread(mine.map((boot) => boot.memoryAfterBoot.rssBytes)),
        heapAfterBootBytes: spread(mine.map((boot) => boot.memoryAfterBoot.heapUsedBytes)),
        afterCheckouts: memoryAfterCheckouts[app],
        processes: Math.max(...mine.map((boot) => boot.memoryAfterBoot.processes)),
      }
    }
    const plugin = of("plugin")
    const baseline = of("baseline")
    // Too few boots for an interval to mean anything: none.
    const compare = (a: Spread, b: Spread) => ({
      ratio: a.median / b.median - 1,
      interval95: Math.min(a.values.length, b.values.length) < 3 ? null : ratioOfMediansInterval(a.values, b.values).map((r) => r - 1),
    })
    const baselineFloor = completionTimes(baselineCheckouts.samples, "floor")
    const baselineSystem = completionTimes(baselineCheckouts.samples, "system")
    return {
      plugin,
      baseline,
      overhead: {
        bootTime: compare(plugin.bootMs, baseline.bootMs),
        bootCpu: compare(plugin.bootCpuMs, baseline.bootCpuMs),
        rssAfterBoot: compare(plugin.rssAfterBootBytes, baseline.rssAfterBootBytes),
        heapAfterBootBytes: plugin.heapAfterBootBytes.median - baseline.heapAfterBootBytes.median,
        rssAfterCheckouts: plugin.afterCheckouts.rssBytes / baseline.afterCheckouts.rssBytes - 1,
        heapAfterCheckoutsBytes: plugin.afterCheckouts.heapUsedBytes - baseline.afterCheckouts.heapUsedBytes,
      },
      /** Checkouts on the application without the plugin (a separate boot, not interleaved with the plugin's). */
      baselineFloorCheckout: { server: timing(baselineFloor.server), client: timing(baselineFloor.client) },
      baselineSystemCheckout: { server: timing(baselineSystem.server), client: timing(baselineSystem.client) },
      checkoutsRun: baselineCheckouts.samples.length + baselineCheckouts.warmup * 3,
      boots: raw.footprint.boots,
    }
  })()

  // The plugin's reconciliation job runs every 5 minutes by the clock (src/jobs/toss-reconcile.ts).
  const reconcileMayHaveRun = raw.phases
    .filter(({ label, startedAt, endedAt }) => /^(checkouts|webhooks)/.test(label) && Math.floor(startedAt / RECONCILE_PERIOD_MS) !== Math.floor(endedAt / RECONCILE_PERIOD_MS))
    .map(({ label }) => label.split(":")[0])

  return {
    date: raw.date.toISOString(),
    durationMs: raw.durationMs,
    machine: raw.machine,
    settings: raw.settings,
    checkout: summariseCheckouts(raw.checkouts),
    portOneCallsPerCheckout: portOneCallsPerCheckout(raw.checkouts),
    tossCallsPerCheckout: {
      checkouts: tossSamples.length,
      total: checkoutCalls.length / tossSamples.length,
      byEndpoint: perEndpoint(checkoutCalls, tossSamples.length),
      refused: checkoutCalls.filter((call) => call.status !== 200).length,
      /** Sandbox requests during the phase that no completion caused. */
      other: raw.checkouts.otherTossCalls,
    },
    webhooks: summariseWebhooks(raw.webhooks),
    portOneWebhooks: raw.portOneWebhooks ? summariseWebhooks(raw.portOneWebhooks) : null,
    footprint,
    storefront: raw.storefront,
    profile: raw.profile,
    growth: raw.growth && summariseGrowth(raw.growth),
    cluster: raw.cluster && summariseCluster(raw.cluster),
    /** Measured phases during which the plugin's 5-minute reconciliation job may have run. */
    reconcileMayHaveRun,
    phaseSeconds: Object.fromEntries(raw.phases.map(({ label, startedAt, endedAt }) => [label, (endedAt - startedAt) / 1000])),
    loadAverages: raw.phases.flatMap(({ loadAverage }) => [loadAverage.start, loadAverage.end]),
  }
}

export type Results = ReturnType<typeof summarise>

/** What PortOne received per PortOne checkout, from the session's pre-registration to the hand-off's lookup; null when none ran. */
function portOneCallsPerCheckout(run: CheckoutRun) {
  const samples = run.samples.filter((sample) => sample.provider === "portone")
  if (!samples.length) return null
  const calls = samples.flatMap((sample) => sample.portOneRequests ?? [])
  const lookups = calls.filter((call) => call.endpoint === "GET /payments/{paymentId}")
  return {
    checkouts: samples.length,
    total: calls.length / samples.length,
    byEndpoint: perEndpoint(calls, samples.length),
    lookupsPerCheckout: lookups.length / samples.length,
    refused: calls.filter((call) => call.status !== 200).length,
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "n/a")
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`
const percent = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)} %`
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`
const verdict = (met: boolean) => (met ? "✅" : "❌")
/** Met or missed only when the whole 95 % interval says so; otherwise the machine's noise decides, and the row says that. */
const verdictWithin = (value: number, interval: number[] | null, limit: number) => {
  if (!interval) return verdict(value <= limit)
  if (interval[1] <= limit) return "✅"
  if (interval[0] > limit) return "❌"
  return "≈ (within noise)"
}

export function renderMarkdown(results: Results): string {
  const { machine, settings, checkout, tossCallsPerCheckout: calls, portOneCallsPerCheckout: portOneCalls, webhooks, portOneWebhooks, footprint, storefront } = results
  const date = results.date.slice(0, 16).replace("T", " ") + " UTC"
  const load = results.loadAverages
  const run = `${date} · ${machine.cores} cores (${machine.cpu}) · ${machine.memoryGb} GB · Node ${machine.node} · Medusa ${machine.medusa} · ${(results.durationMs / 60_000).toFixed(1)} min · machine load (1-minute average, everything running) ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}, median ${median(load).toFixed(1)}`
  const rows: Array<[string, string, string]> = [
    ["Run", run, ""],
    ...checkoutRows(checkout),
    [
      `Toss calls per card checkout (${calls.checkouts} checkouts)`,
      `${calls.total.toFixed(2)}: ${endpoints(calls.byEndpoint)}`,
      `1 ${verdict(calls.total === 1)}`,
    ],
    ...portOneCallRows(portOneCalls),
    ...webhookRows(webhooks, settings.deliveriesPerOrder),
    ...(portOneWebhooks ? webhookRows(portOneWebhooks, settings.deliveriesPerOrder) : []),
  ]
  if (footprint) {
    const { plugin, baseline, overhead } = footprint
    const range = (value: Spread, format: (n: number) => string) => `${format(value.median)} (${format(value.min)}–${format(value.max)})`
    const change = ({ ratio, interval95 }: { ratio: number; interval95: number[] | null }) =>
      interval95 ? `${percent(ratio)}, 95 % CI ${percent(interval95[0])} to ${percent(interval95[1])}` : percent(ratio)
    const signedMb = (bytes: number) => `${bytes >= 0 ? "+" : "−"}${(Math.abs(bytes) / 1024 / 1024).toFixed(1)} MB`
    rows.push(
      [
        `Boot time, spawn → \`/health\` 200, with / without the plugin (median (min–max) of ${plugin.boots} / ${baseline.boots} boots)`,
        `${range(plugin.bootMs, seconds)} / ${range(baseline.bootMs, seconds)}: ${change(overhead.bootTime)}`,
        `≤ +5 % ${verdictWithin(overhead.bootTime.ratio, overhead.bootTime.interval95, 0.05)}`,
      ],
      [
        "CPU time of the boot (user + system, until `/health` 200), with / without the plugin",
        `${range(plugin.bootCpuMs, seconds)} / ${range(baseline.bootCpuMs, seconds)}: ${change(overhead.bootCpu)}`,
        `≤ +5 % ${verdictWithin(overhead.bootCpu.ratio, overhead.bootCpu.interval95, 0.05)}`,
      ],
      [
        "Server RSS after boot and a full GC, with / without the plugin",
        `${range(plugin.rssAfterBootBytes, mb)} / ${range(baseline.rssAfterBootBytes, mb)}: ${change(overhead.rssAfterBoot)}; V8 heap in use ${signedMb(overhead.heapAfterBootBytes)}`,
        `≤ +5 % ${verdictWithin(overhead.rssAfterBoot.ratio, overhead.rssAfterBoot.interval95, 0.05)}`,
      ],
      [
        `Server RSS after ${checkout.checkoutsRun} / ${footprint.checkoutsRun} checkouts and a full GC, with / without the plugin`,
        `${mb(plugin.afterCheckouts.rssBytes)} / ${mb(baseline.afterCheckouts.rssBytes)}: ${percent(overhead.rssAfterCheckouts)}; V8 heap in use ${signedMb(overhead.heapAfterCheckoutsBytes)}`,
        `≤ +5 % ${verdict(overhead.rssAfterCheckouts <= 0.05)}`,
      ],
      [
        "Floor / `pp_system_default` completion without the plugin loaded (separate boot, not interleaved), median / p95",
        `${pair(footprint.baselineFloorCheckout)}; ${pair(footprint.baselineSystemCheckout)}`,
        "",
      ]
    )
  }
  rows.push([
    "Storefront module, minified + gzipped, without Toss's SDK script",
    `${kb(storefront.entryBytes)} (React bindings ${kb(storefront.reactBytes)}; with the SDK's npm loader bundled ${kb(storefront.entryWithLoaderBytes)})`,
    `≤ 8 KB ${verdict(storefront.entryBytes <= 8 * 1024)}`,
  ])

  const lines = [
    `**medusa-payment-toss benchmark**, ${date}, ${machine.cores} cores`,
    "",
    ...table(["Figure", "Result", "Aim"], rows),
    "",
    "Times are server-side (Medusa's own request log) with the client's loopback timing in brackets; the Toss sandbox adds no latency and keeps Toss's one-lookup-per-second rule.",
  ]
  if (results.growth) lines.push("", ...renderGrowth(results.growth))
  if (results.cluster) lines.push("", ...renderCluster(results.cluster, settings.cluster!))
  if (results.profile) lines.push("", ...renderProfile(results.profile, settings.profileRounds))
  if (results.reconcileMayHaveRun.length) {
    lines.push("", `The plugin's 5-minute reconciliation job may have run during: ${results.reconcileMayHaveRun.join(", ")}.`)
  }
  return lines.join("\n")
}

type Checkouts = ReturnType<typeof summariseCheckouts>

function portOneCallRows(calls: ReturnType<typeof portOneCallsPerCheckout>): Array<[string, string, string]> {
  if (!calls) return []
  return [
    [
      `PortOne calls per card checkout (${calls.checkouts} checkouts; the pre-registration at the session, then the hand-off)`,
      `${calls.total.toFixed(2)}: ${endpoints(calls.byEndpoint)}`,
      `one lookup ${verdict(calls.lookupsPerCheckout === 1)}`,
    ],
  ]
}

const pair = (timings: { server: Timing; client: Timing }) =>
  `${ms(timings.server.median)} / ${ms(timings.server.p95)} (client: ${ms(timings.client.median)} / ${ms(timings.client.p95)})`

function checkoutRows(checkout: Checkouts): Array<[string, string, string]> {
  const ratio = (value: number, [low, high]: number[]) => `${value.toFixed(2)} (95 % CI ${low.toFixed(2)}–${high.toFixed(2)})`
  const ratios = (compared: ReturnType<typeof compareCompletions>) =>
    `median ${ratio(compared.median, compared.medianInterval95)}, p95 ${ratio(compared.p95, compared.p95Interval95)}; client-side median ${compared.clientMedian.toFixed(2)}`
  const completion = (provider: string, route: string, timings: { server: Timing; client: Timing }): [string, string, string] => [
    `Checkout completion, ${provider} (\`${route}\`), median / p95, n = ${timings.server.count}`,
    pair(timings),
    "",
  ]
  return [
    completion("Toss", "POST /store/toss/complete", checkout.toss),
    ...(checkout.portOne ? [completion("PortOne", "POST /store/portone/complete", checkout.portOne)] : []),
    completion("floor provider (no I/O, answers `captured`)", "POST /store/carts/:id/complete", checkout.floor),
    completion("`pp_system_default` (authorises only)", "POST /store/carts/:id/complete", checkout.system),
    [
      "Toss / floor: the plugin's own cost (server-side, interleaved)",
      ratios(checkout.tossOverFloor),
      `median ≤ 1.05 ${verdictWithin(checkout.tossOverFloor.median, checkout.tossOverFloor.medianInterval95, 1.05)}`,
    ],
    ...(checkout.portOneOverFloor
      ? [["PortOne / floor: the PortOne road's own cost (server-side, interleaved)", ratios(checkout.portOneOverFloor), ""] as [string, string, string]]
      : []),
    ["Toss / `pp_system_default` (server-side, interleaved)", ratios(checkout.tossOverSystem), ""],
  ]
}

function renderCluster(cluster: NonNullable<Results["cluster"]>, settings: ClusterSettings): string[] {
  const rows: Array<[string, string, string]> = [
    ["Two servers and a worker booted (in parallel) in", seconds(cluster.bootMs), ""],
    ...checkoutRows(cluster.checkout),
    ...portOneCallRows(cluster.portOneCallsPerCheckout),
    ...webhookRows(cluster.webhooks, settings.deliveriesPerOrder, 2),
    ...(cluster.portOneWebhooks ? webhookRows(cluster.portOneWebhooks, settings.deliveriesPerOrder, 2) : []),
  ]
  const levels = [...new Set(cluster.throughput.map((run) => run.shoppers))]
  const cell = (provider: string, shoppers: number, servers: number) => {
    const run = cluster.throughput.find((candidate) => candidate.provider === provider && candidate.shoppers === shoppers && candidate.servers === servers)
    if (!run) return ""
    const conflicts = run.conflicts ? `; ${run.conflicts} × 409, retried` : ""
    return `${run.perSecond.toFixed(1)} /s (a shopper's completion: median ${ms(run.clientMs.median)}, p95 ${ms(run.clientMs.p95)}; ${run.completions} checkouts${conflicts})`
  }
  return [
    "**In a cluster**: two server instances and a worker (`MEDUSA_WORKER_MODE`) over one Redis (`REDIS_URL`), the same Postgres; completions go to the servers in turn, webhook deliveries too, and the worker handles them",
    "",
    ...table(["Figure", "Result", "Aim"], rows),
    "",
    "**Toss checkouts per second**, shoppers completing at once (each a checkout after the other), through one server or both in turn (the worker runs either way)",
    "",
    ...table(
      ["Shoppers at once", "One server", "Two servers"],
      levels.map((shoppers) => [String(shoppers), cell("toss", shoppers, 1), cell("toss", shoppers, 2)])
    ),
    ...(cluster.throughput.some((run) => run.provider === "portone")
      ? [
          "",
          "**PortOne checkouts per second**, likewise (fewer checkouts per measurement: at least one per shopper)",
          "",
          ...table(
            ["Shoppers at once", "One server", "Two servers"],
            levels.map((shoppers) => [String(shoppers), cell("portone", shoppers, 1), cell("portone", shoppers, 2)])
          ),
        ]
      : []),
  ]
}

const endpoints = (byEndpoint: Record<string, number>) =>
  Object.entries(byEndpoint)
    .sort((a, b) => b[1] - a[1])
    .map(([endpoint, count]) => `\`${endpoint}\` ${count.toFixed(2)}`)
    .join(", ") || "none"

type Webhooks = ReturnType<typeof summariseWebhooks>

function webhookRows(webhooks: Webhooks, deliveriesPerOrder: number, servers = 1): Array<[string, string, string]> {
  const captured = webhooks.captureHistogram
  const capturedOrders = webhooks.orders - (captured[0] ?? 0)
  const perOrder = Object.entries(webhooks.lookupsPerOrderHistogram)
    .map(([lookups, orders]) => `${lookups} lookups for ${orders} orders`)
    .join(", ")
  const refused = Object.entries(webhooks.refusedByCode).map(([code, count]) => `${count} × ${code}`).join(", ")
  const portOne = webhooks.road === "portone"
  // Toss's rows keep their labels; PortOne's say so.
  const label = portOne ? "Webhooks, PortOne" : "Webhooks"
  return [
    [
      `${label}: ${webhooks.deliveries} ${portOne ? "signed `Transaction.Paid` deliveries" : "deliveries"} to ${webhooks.orders} virtual-account orders, ${deliveriesPerOrder} per order at once${servers > 1 ? `, spread over the ${servers} servers` : ""}`,
      `${webhooks.accepted}/${webhooks.deliveries} answered 200 (median ${ms(webhooks.hookAnswerMs.median)}), sent in ${seconds(webhooks.sendMs)}; ${capturedOrders}/${webhooks.orders} orders captured`,
      `nothing lost ${verdict(capturedOrders === webhooks.orders && webhooks.accepted === webhooks.deliveries)}`,
    ],
    [
      `${label}: first delivery → every order captured / every capturing sync finished (includes Medusa's 5 s delay)`,
      `${webhooks.allCapturedMs === null ? "never (see the JSON)" : seconds(webhooks.allCapturedMs)} / ${webhooks.allSettledMs === null ? "never (see the JSON)" : seconds(webhooks.allSettledMs)}`,
      "",
    ],
    [
      `${label}: captures per order`,
      Object.entries(captured).map(([captures, orders]) => `${captures} capture${captures === "1" ? "" : "s"}: ${orders} orders`).join(", "),
      `exactly 1 ${verdict(webhooks.ordersWithExactlyOneCapture === webhooks.orders)}`,
    ],
    [
      `${label}: ${portOne ? "PortOne" : "Toss"} lookups per delivery (Medusa's subscriber and the plugin's together)${servers > 1 ? ", and per payment" : ""}`,
      `${webhooks.lookupsPerDelivery.toFixed(2)} (${webhooks.lookupsAnsweredPerDelivery.toFixed(2)} answered${refused ? `; refused: ${refused}` : ""}); all calls: ${endpoints(webhooks.callsPerDeliveryByEndpoint)}; per order: ${perOrder}`,
      `≤ 1 per order ${verdict(Object.keys(webhooks.lookupsPerOrderHistogram).every((lookups) => Number(lookups) <= 1))}`,
    ],
  ]
}

function table(header: string[], rows: string[][]): string[] {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|")
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`)]
}

const count = (value: number) => value.toLocaleString("en-US")

function renderGrowth(growth: NonNullable<Results["growth"]>): string[] {
  const sizes = growth.map((step) => `${count(step.size)} past payments`)
  const figure = (label: string, values: number[], format: (value: number, index: number) => string, aim = ""): string[] => [
    label,
    ...values.map(format),
    growthOf(values),
    aim,
  ]
  const reconcile = growth.map((step) => step.reconcile)
  const rows = [
    figure("Toss payment sessions / tracked payments in the database", growth.map((step) => step.counts.paymentSessions), (value, i) => `${count(value)} / ${count(growth[i].counts.trackedPayments)}`),
    figure("Checkout completion, Toss, median (p95)", growth.map((step) => step.checkout.toss.median), (value, i) => `${ms(value)} (${ms(growth[i].checkout.toss.p95)})`),
    figure("Checkout completion, floor provider, median (p95)", growth.map((step) => step.checkout.floor.median), (value, i) => `${ms(value)} (${ms(growth[i].checkout.floor.p95)})`),
    figure(
      "Toss / floor, ratio of medians (interleaved)",
      growth.map((step) => step.checkout.tossOverFloor.median),
      (value, i) => `${value.toFixed(2)} (95 % CI ${growth[i].checkout.tossOverFloor.medianInterval95.map((bound) => bound.toFixed(2)).join("–")})`
    ),
    figure("Reconciliation run: wall time (lookups are paced 100 ms apart)", reconcile.map((run) => run.wallMs), (value) => seconds(value)),
    figure("Reconciliation run: database time (pg_stat_statements), statements", reconcile.map((run) => run.databaseMs), (value, i) => `${ms(value)}, ${count(reconcile[i].statements)}`),
    figure(
      "Reconciliation run: Toss requests (ledger pages + lookups)",
      reconcile.map((run) => run.tossRequests),
      (value, i) => `${value} (${reconcile[i].ledgerRequests} + ${reconcile[i].lookups}; ${count(reconcile[i].ledgerRows)} ledger rows)`,
      "no growth with settled history"
    ),
    figure(
      "Reconciliation run: PortOne requests (payment-event pages + lookups)",
      reconcile.map((run) => run.portOneRequests),
      (value, i) => `${value} (${value - reconcile[i].portOneLookups} + ${reconcile[i].portOneLookups})`
    ),
    figure(
      "Reconciliation run: unsettled payments covered (due before → after)",
      reconcile.map((run) => run.checked),
      (value, i) => `${value} (${count(reconcile[i].dueBefore)} → ${count(reconcile[i].dueAfter)})`,
      "no growth with settled history"
    ),
    figure(
      "Webhooks, real events: Toss lookups per delivery (most for one payment in a burst)",
      growth.map((step) => step.webhooks.lookupsPerDelivery),
      (value, i) => `${value.toFixed(2)} (${growth[i].webhooks.mostLookupsForOnePayment}; ${growth[i].webhooks.deliveries} deliveries, ${growth[i].webhooks.ordersWithExactlyOneCapture}/${growth[i].webhooks.orders} captured once)`,
      `≤ 1 per payment per burst ${verdict(growth.every((step) => step.webhooks.mostLookupsForOnePayment <= 1))}`
    ),
    figure(
      "Webhooks, forged events about unknown orders: Toss requests per delivery",
      growth.map((step) => step.forged.tossRequestsPerDelivery),
      (value, i) => `${value.toFixed(2)} (${growth[i].forged.tossRequests} for ${growth[i].forged.deliveries}, ${growth[i].forged.accepted} answered 200)`,
      `0 ${verdict(growth.every((step) => step.forged.tossRequests === 0))}`
    ),
  ]
  return [
    `**Cost as the store grows** (past Toss payments inserted with SQL, their tracked rows settled; ${count(growth[0].reconcile.dueBefore)} virtual accounts waiting for their deposit and due at every size)`,
    "",
    ...table(["Figure", ...sizes, "How it grows", "Aim"], rows),
  ]
}

/** `3. workflows.run` → `workflows.run`. */
const callName = (step: string) => step.replace(/^\d+\. /, "")

/** The statements a step sent, most frequent first: `select cart ×1, update payment_session ×1, …`. */
function statementList(step: StepProfile, most = 8): string {
  const kinds = Object.entries(step.statementsByKind).sort((a, b) => b[1] - a[1])
  const shown = kinds.slice(0, most).map(([kind, times]) => `${kind} ×${Number(times.toFixed(1))}`)
  return kinds.length > most ? `${shown.join(", ")}, … (${kinds.length - most} more kinds)` : shown.join(", ")
}

/**
 * Pairs the Toss completion's calls with the floor's: the longest common
 * sequence of call names (Medusa's own calls, in the order both routes make
 * them); the other Toss calls are the plugin's. Indexes into `floor`, per
 * Toss step (-1: none).
 */
function pairSteps(toss: string[], floor: string[]): number[] {
  const common = Array.from({ length: toss.length + 1 }, () => new Array<number>(floor.length + 1).fill(0))
  for (let i = toss.length - 1; i >= 0; i--) {
    for (let j = floor.length - 1; j >= 0; j--) {
      common[i][j] = toss[i] === floor[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1])
    }
  }
  const pairs = new Array<number>(toss.length).fill(-1)
  for (let i = 0, j = 0; i < toss.length && j < floor.length; ) {
    if (toss[i] === floor[j]) pairs[i++] = j++
    else if (common[i + 1][j] >= common[i][j + 1]) i++
    else j++
  }
  return pairs
}

function renderProfile(profile: CheckoutProfile, rounds: number): string[] {
  const pairs = pairSteps(profile.toss.map((step) => callName(step.step)), profile.floor.map((step) => callName(step.step)))
  const rows = profile.toss.map((step, index) => {
    const floor = pairs[index] >= 0 ? profile.floor[pairs[index]] : null
    const ours = !floor && step.step !== WAITING_FOR_TOSS
    const difference = step.medianMs - (floor?.medianMs ?? 0)
    return [
      `${step.step}${ours ? " (the plugin's)" : ""}${step.afterAnswer ? ", after the answer" : ""}`,
      `${step.medianMs.toFixed(1)} ms`,
      floor ? `${floor.medianMs.toFixed(1)} ms` : "",
      `${difference >= 0 ? "+" : "−"}${Math.abs(difference).toFixed(1)} ms`,
      step.statements ? `${Number(step.statements.toFixed(1))}${floor ? ` (${Number(floor.statements.toFixed(1))})` : ""}, ${step.sqlMs.toFixed(1)} ms` : "",
      step.step === TOTAL || !step.statements ? "" : statementList(step),
    ]
  })
  for (const [index, step] of profile.floor.entries()) {
    if (pairs.includes(index)) continue
    rows.push([`${step.step} (floor only)`, "", `${step.medianMs.toFixed(1)} ms`, `−${step.medianMs.toFixed(1)} ms`, `(${step.statements})`, statementList(step)])
  }
  const system = profile.system.find((step) => step.step === TOTAL)
  return [
    `**Where a completion's time goes** (in-process, no HTTP; ${rounds} completions per provider, interleaved; medians per step; \`pp_system_default\` total ${system?.medianMs.toFixed(1)} ms, ${system?.statements.toFixed(0)} statements)`,
    "",
    ...table(["Step (call the route makes)", "Toss", "Floor", "Toss − floor", "SQL statements, Toss (floor), SQL time", "What Toss's step sends"], rows),
  ]
}
