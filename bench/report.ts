/** The benchmark's figures: summarised from the raw measurements, and as a markdown table. */
import type { CheckoutRun, CompletionSample, Provider, TossCall } from "./checkout"
import { BootSample, mb } from "./footprint"
import type { MemorySample } from "./medusa"
import type { CheckoutProfile } from "./profile-checkout"
import { median, p95, ratioOfMediansInterval, tally } from "./stats"
import type { WebhookRun } from "./webhooks"

export interface Settings {
  checkouts: number
  vaOrders: number
  deliveriesPerOrder: number
  warmup: number
  boots: number
  footprint: boolean
  profile: boolean
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
  /** Wall-clock spans of the run's phases (Date.now()), in order. */
  phases: Array<{ label: string; startedAt: number; endedAt: number }>
  footprint: null | {
    boots: BootSample[]
    memoryAfterCheckouts: Record<"plugin" | "baseline", MemorySample>
    baselineCheckouts: CheckoutRun
  }
  profile: CheckoutProfile | null
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

const isLookup = (call: TossCall) => call.endpoint.startsWith("GET /v1/payments/")
const RECONCILE_PERIOD_MS = 5 * 60_000

export function summarise(raw: Raw) {
  const toss = completionTimes(raw.checkouts.samples, "toss")
  const system = completionTimes(raw.checkouts.samples, "system")
  const tossSamples = raw.checkouts.samples.filter((sample) => sample.provider === "toss")
  const checkoutCalls = tossSamples.flatMap((sample) => sample.tossRequests)
  const { webhooks } = raw
  const lookups = webhooks.tossCalls.filter(isLookup)

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
      /** `pp_system_default` checkouts on the application without the plugin (a separate boot, not interleaved). */
      baselineSystemCheckout: { server: timing(baselineSystem.server), client: timing(baselineSystem.client) },
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
    checkout: {
      toss: { server: timing(toss.server), client: timing(toss.client) },
      system: { server: timing(system.server), client: timing(system.client) },
      ratio: {
        server: median(toss.server) / median(system.server),
        serverInterval95: ratioOfMediansInterval(toss.server, system.server),
        client: median(toss.client) / median(system.client),
        clientInterval95: ratioOfMediansInterval(toss.client, system.client),
      },
      samples: raw.checkouts.samples.map(({ provider, clientMs, serverMs }) => ({ provider, clientMs, serverMs })),
    },
    tossCallsPerCheckout: {
      checkouts: tossSamples.length,
      total: checkoutCalls.length / tossSamples.length,
      byEndpoint: perEndpoint(checkoutCalls, tossSamples.length),
      refused: checkoutCalls.filter((call) => call.status !== 200).length,
      /** Sandbox requests during the phase that no completion caused. */
      other: raw.checkouts.otherTossCalls,
    },
    webhooks: {
      orders: webhooks.orders,
      deliveries: webhooks.deliveries,
      accepted: webhooks.accepted,
      sendMs: webhooks.sendMs,
      allCapturedMs: webhooks.allCapturedMs,
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
    },
    footprint,
    storefront: raw.storefront,
    profile: raw.profile,
    /** Measured phases during which the plugin's 5-minute reconciliation job may have run. */
    reconcileMayHaveRun,
    phaseSeconds: Object.fromEntries(raw.phases.map(({ label, startedAt, endedAt }) => [label, (endedAt - startedAt) / 1000])),
  }
}

export type Results = ReturnType<typeof summarise>

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
  const { machine, settings, checkout, tossCallsPerCheckout: calls, webhooks, footprint, storefront } = results
  const date = results.date.slice(0, 16).replace("T", " ") + " UTC"
  const run = `${date} · ${machine.cores} cores (${machine.cpu}) · ${machine.memoryGb} GB · Node ${machine.node} · Medusa ${machine.medusa}`
  const pair = (timings: { server: Timing; client: Timing }) =>
    `${ms(timings.server.median)} / ${ms(timings.server.p95)} (client: ${ms(timings.client.median)} / ${ms(timings.client.p95)})`
  const [low, high] = checkout.ratio.serverInterval95
  const endpoints = (byEndpoint: Record<string, number>) =>
    Object.entries(byEndpoint)
      .sort((a, b) => b[1] - a[1])
      .map(([endpoint, count]) => `\`${endpoint}\` ${count.toFixed(2)}`)
      .join(", ") || "none"
  const captured = webhooks.captureHistogram
  const capturedOrders = webhooks.orders - (captured[0] ?? 0)
  const perOrder = Object.entries(webhooks.lookupsPerOrderHistogram)
    .map(([lookups, orders]) => `${lookups} lookups for ${orders} orders`)
    .join(", ")
  const refused = Object.entries(webhooks.refusedByCode).map(([code, count]) => `${count} × ${code}`).join(", ")

  const rows: Array<[string, string, string]> = [
    ["Run", run, ""],
    [
      `Checkout completion, Toss (\`POST /store/toss/complete\`), median / p95, n = ${checkout.toss.server.count}`,
      pair(checkout.toss),
      "",
    ],
    [
      `Checkout completion, \`pp_system_default\` (\`POST /store/carts/:id/complete\`), median / p95, n = ${checkout.system.server.count}`,
      pair(checkout.system),
      "",
    ],
    [
      "Toss / system, ratio of medians (server-side)",
      `${checkout.ratio.server.toFixed(2)} (95 % CI ${low.toFixed(2)}–${high.toFixed(2)}; client-side ${checkout.ratio.client.toFixed(2)})`,
      `≤ 1.10 ${verdictWithin(checkout.ratio.server, checkout.ratio.serverInterval95, 1.1)}`,
    ],
    [
      `Toss calls per card checkout (${calls.checkouts} checkouts)`,
      `${calls.total.toFixed(2)}: ${endpoints(calls.byEndpoint)}`,
      `1 ${verdict(calls.total === 1)}`,
    ],
    [
      `Webhooks: ${webhooks.deliveries} deliveries to ${webhooks.orders} virtual-account orders, ${settings.deliveriesPerOrder} per order at once`,
      `${webhooks.accepted}/${webhooks.deliveries} answered 200 (median ${ms(webhooks.hookAnswerMs.median)}), sent in ${seconds(webhooks.sendMs)}; ${capturedOrders}/${webhooks.orders} orders captured`,
      `nothing lost ${verdict(capturedOrders === webhooks.orders && webhooks.accepted === webhooks.deliveries)}`,
    ],
    [
      "Webhooks: first delivery → every order captured (includes Medusa's 5 s delay)",
      webhooks.allCapturedMs === null ? "never (see the JSON)" : seconds(webhooks.allCapturedMs),
      "",
    ],
    [
      "Webhooks: captures per order",
      Object.entries(captured).map(([captures, orders]) => `${captures} capture${captures === "1" ? "" : "s"}: ${orders} orders`).join(", "),
      `exactly 1 ${verdict(webhooks.ordersWithExactlyOneCapture === webhooks.orders)}`,
    ],
    [
      "Webhooks: Toss lookups per delivery",
      `${webhooks.lookupsPerDelivery.toFixed(2)} (${webhooks.lookupsAnsweredPerDelivery.toFixed(2)} answered${refused ? `; refused: ${refused}` : ""}); all calls: ${endpoints(webhooks.callsPerDeliveryByEndpoint)}; per order: ${perOrder}`,
      "",
    ],
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
        `Server RSS after ${2 * (settings.checkouts + settings.warmup)} checkouts and a full GC, with / without the plugin`,
        `${mb(plugin.afterCheckouts.rssBytes)} / ${mb(baseline.afterCheckouts.rssBytes)}: ${percent(overhead.rssAfterCheckouts)}; V8 heap in use ${signedMb(overhead.heapAfterCheckoutsBytes)}`,
        `≤ +5 % ${verdict(overhead.rssAfterCheckouts <= 0.05)}`,
      ],
      [
        "`pp_system_default` completion without the plugin loaded (separate boot, not interleaved), median / p95",
        pair(footprint.baselineSystemCheckout),
        "",
      ]
    )
  }
  rows.push([
    "Storefront module, minified + gzipped, without Toss's SDK script",
    `${kb(storefront.entryBytes)} (React bindings ${kb(storefront.reactBytes)}; with the SDK's npm loader bundled ${kb(storefront.entryWithLoaderBytes)})`,
    `≤ 6 KB ${verdict(storefront.entryBytes <= 6 * 1024)}`,
  ])

  const escape = (cell: string) => cell.replace(/\|/g, "\\|")
  const lines = [
    `**medusa-payment-toss benchmark**, ${date}, ${machine.cores} cores`,
    "",
    "| Figure | Result | Aim |",
    "| --- | --- | --- |",
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
    "",
    "Times are server-side (Medusa's own request log) with the client's loopback timing in brackets; the Toss sandbox adds no latency and keeps Toss's one-lookup-per-second rule.",
  ]
  if (results.profile) {
    const names = { toss: "Toss hand-off", system: "`pp_system_default`", systemCaptureAfterwards: "`pp_system_default`, capturing later" }
    lines.push(
      "",
      `**Where a completion's time goes** (in-process, no HTTP; ${settings.checkouts} completions each, alternating; median per step)`,
      "",
      "| Completion | Step (service call made by the route) | Median | SQL statements |",
      "| --- | --- | --- | --- |",
      ...Object.entries(results.profile).flatMap(([completion, steps]) =>
        Object.entries(steps).map(
          ([step, { medianMs, statements }]) =>
            `| ${names[completion as keyof typeof names]} | ${step.trim()} | ${medianMs.toFixed(1)} ms | ${statements ? statements.toFixed(0) : ""} |`
        )
      )
    )
  }
  if (results.reconcileMayHaveRun.length) {
    lines.push(`The plugin's 5-minute reconciliation job may have run during: ${results.reconcileMayHaveRun.join(", ")}.`)
  }
  return lines.join("\n")
}
