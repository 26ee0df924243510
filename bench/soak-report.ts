/** The soak's figures (bench/soak.ts): the first minutes against the last, a per-minute curve, and the final comparison. */
import type { Machine } from "./report"
import type { SoakRun, SoakSettings } from "./soak"
import { median, p95, tally } from "./stats"

export interface SoakRaw {
  date: Date
  durationMs: number
  machine: Machine
  settings: SoakSettings
  /** The machine's 1-minute load average, sampled during the soak. */
  loadAverage: number[]
  runs: SoakRun[]
}

/** The windows compared: five minutes, or a third of a shorter soak. */
const WINDOW_MS = 5 * 60_000
const MINUTE_MS = 60_000

/** Flat: the last window within this of the first (relative, or absolute for small values). */
const FLAT = {
  rssMb: { relative: 0.1, absolute: 30 },
  lagP99Ms: { relative: 0.5, absolute: 20 },
  p95Ms: { relative: 0.25, absolute: 100 },
  connections: { relative: 0.25, absolute: 3 },
}

interface Window {
  /** Resident memory of all the topology's Medusa processes together, MB (each process's median over the window). */
  rssMb: number
  /** The event loop's 99th-percentile delay, ms: the worst process's median over the window. */
  lagP99Ms: number
  /** Completions (checkouts and saved-card charges) in the window, p95 as the client timed them. */
  p95Ms: number
  completions: number
  /** Database connections, the most seen in the window. */
  connections: number
  /** CPU of all the Medusa processes per completion in the window: what a payment costs, whatever the machine's load. */
  cpuMsPerPayment: number
  /** The machine's 1-minute load average, mean over the window (everything running, not only the soak). */
  loadAverage: number
}

export interface SoakMinute {
  minute: number
  rssMb: number
  lagP99Ms: number
  p95Ms: number
  connections: number
}

function windowOf(run: SoakRun, from: number, to: number): Window {
  const inside = (ms: number) => ms >= from && ms < to
  // Each process's median over the window (their probes tick at their own times); memory adds up, delay is the worst.
  const perProcess = run.processes.map((process) => process.samples.filter((one) => inside(one.ms)))
  const rss = perProcess.map((samples) => median(samples.map((one) => one.rssBytes)))
  const lag = perProcess.map((samples) => median(samples.map((one) => one.lagP99Ms)))
  const completions = run.actions.filter((action) => action.ok && action.action !== "refund" && inside(action.startedMs)).map((action) => action.clientMs)
  const cpuMs = perProcess.reduce((sum, samples) => sum + (samples.length > 1 ? samples.at(-1)!.cpuMs - samples[0].cpuMs : 0), 0)
  const cpuSpan = perProcess.map((samples) => [samples[0]?.ms ?? from, samples.at(-1)?.ms ?? from])
  const completedInSpan = run.actions.filter(
    (action) => action.ok && action.action !== "refund" && action.startedMs >= Math.max(...cpuSpan.map(([start]) => start)) && action.startedMs < Math.min(...cpuSpan.map(([, end]) => end))
  ).length
  const loads = run.pgConnections.filter((sample) => inside(sample.ms) && sample.loadAverage !== undefined).map((sample) => sample.loadAverage!)
  return {
    cpuMsPerPayment: completedInSpan ? cpuMs / completedInSpan : NaN,
    loadAverage: loads.length ? loads.reduce((sum, value) => sum + value, 0) / loads.length : NaN,
    rssMb: rss.reduce((sum, value) => sum + value, 0) / 1024 / 1024,
    lagP99Ms: Math.max(...lag),
    p95Ms: p95(completions),
    completions: completions.length,
    connections: Math.max(...run.pgConnections.filter((sample) => inside(sample.ms)).map((sample) => sample.count)),
  }
}

function flat(first: number, last: number, { relative, absolute }: { relative: number; absolute: number }): boolean {
  return last <= first * (1 + relative) || last - first <= absolute
}

export function summariseSoakRun(run: SoakRun) {
  const windowMs = Math.min(WINDOW_MS, run.durationMs / 3)
  const first = windowOf(run, 0, windowMs)
  const last = windowOf(run, run.durationMs - windowMs, run.durationMs + 1)
  const minutes: SoakMinute[] = []
  for (let start = 0; start < run.durationMs; start += MINUTE_MS) {
    const minute = windowOf(run, start, Math.min(start + MINUTE_MS, run.durationMs + 1))
    minutes.push({ minute: start / MINUTE_MS, rssMb: minute.rssMb, lagP99Ms: minute.lagP99Ms, p95Ms: minute.p95Ms, connections: minute.connections })
  }
  const byAction = Object.entries(tally(run.actions.map((action) => action.action))).map(([action, count]) => ({
    action,
    count,
    failed: run.actions.filter((one) => one.action === action && !one.ok).length,
  }))
  const payments = run.check.payments
  // CPU each process used over the soak, per payment made (checkouts and saved-card charges).
  const cpu = run.processes.map((process) => {
    const used = (process.samples.at(-1)?.cpuMs ?? 0) - (process.samples[0]?.cpuMs ?? 0)
    const span = (process.samples.at(-1)?.ms ?? 0) - (process.samples[0]?.ms ?? 0)
    const madeMeanwhile = run.actions.filter((action) => action.ok && action.action !== "refund" && action.startedMs >= (process.samples[0]?.ms ?? 0) && action.startedMs < (process.samples.at(-1)?.ms ?? 0)).length
    return { name: process.name, cpuMs: used, busy: span > 0 ? used / span : NaN, cpuMsPerPayment: madeMeanwhile ? used / madeMeanwhile : NaN }
  })
  return {
    topology: run.topology,
    durationMs: run.durationMs,
    processes: run.processes.map((process) => process.name),
    windowMs,
    first,
    last,
    flat: {
      rss: flat(first.rssMb, last.rssMb, FLAT.rssMb),
      lag: flat(first.lagP99Ms, last.lagP99Ms, FLAT.lagP99Ms),
      p95: flat(first.p95Ms, last.p95Ms, FLAT.p95Ms),
      connections: flat(first.connections, last.connections, FLAT.connections),
    },
    minutes,
    byAction,
    cpu,
    failures: run.actions.filter((action) => !action.ok).slice(0, 5).map((action) => `${action.action}: ${action.error}`),
    deposits: run.deposits,
    duplicateDeliveries: run.duplicateDeliveries,
    tossRequests: run.tossRequests,
    lookupsPerPayment: Object.entries(run.tossRequests)
      .filter(([endpoint]) => endpoint.startsWith("GET /v1/payments/"))
      .reduce((sum, [, count]) => sum + count, 0) / Math.max(1, payments),
    reconcileRuns: run.reconcileRuns,
    check: run.check,
    problems: run.problems.length,
    problemSamples: run.problems.slice(0, 5),
  }
}

export function summariseSoak(raw: SoakRaw) {
  return {
    date: raw.date.toISOString(),
    durationMs: raw.durationMs,
    machine: raw.machine,
    settings: raw.settings,
    loadAverage: { min: Math.min(...raw.loadAverage), median: median(raw.loadAverage), max: Math.max(...raw.loadAverage) },
    runs: raw.runs.map(summariseSoakRun),
  }
}

export type SoakResults = ReturnType<typeof summariseSoak>

const mbText = (value: number) => `${value.toFixed(0)} MB`
const msText = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "n/a")
const verdict = (met: boolean) => (met ? "✅" : "❌")
const change = (first: number, last: number) => (first > 0 && Number.isFinite(last) ? `${last >= first ? "+" : "−"}${Math.abs((last / first - 1) * 100).toFixed(1)} %` : "")

export function renderSoakMarkdown(results: SoakResults): string {
  const lines: string[] = []
  const minutes = (ms: number) => `${(ms / 60_000).toFixed(ms < 10 * 60_000 ? 1 : 0)} min`
  lines.push(
    `Soak (${results.date.slice(0, 16).replace("T", " ")} UTC · ${results.machine.cores} cores (${results.machine.cpu}) · Node ${results.machine.node} · Medusa ${results.machine.medusa} · machine load (1-minute average, everything running) ${results.loadAverage.min.toFixed(1)}–${results.loadAverage.max.toFixed(1)}, median ${results.loadAverage.median.toFixed(1)}): ${results.settings.shoppers} shoppers at once, a ${results.settings.pauseMs} ms pause between actions, the reconciliation every minute`,
    ""
  )
  for (const run of results.runs) {
    const window = minutes(run.windowMs)
    lines.push(
      `**${run.topology === "cluster" ? "Cluster (two servers and a worker over Redis)" : "One server"}**, ${minutes(run.durationMs)} (${run.processes.join(", ")})`,
      "",
      `| Figure | First ${window} | Last ${window} | Change | Aim |`,
      "| --- | --- | --- | --- | --- |",
      `| Resident memory, all Medusa processes (each one's median, added up) | ${mbText(run.first.rssMb)} | ${mbText(run.last.rssMb)} | ${change(run.first.rssMb, run.last.rssMb)} | flat ${verdict(run.flat.rss)} |`,
      `| Event-loop delay, p99 (worst process, median of ${(results.settings.sampleEveryMs / 1000).toFixed(0)} s samples) | ${msText(run.first.lagP99Ms)} | ${msText(run.last.lagP99Ms)} | ${change(run.first.lagP99Ms, run.last.lagP99Ms)} | flat ${verdict(run.flat.lag)} |`,
      `| Completion p95 (client), checkouts and saved-card charges | ${msText(run.first.p95Ms)} (n = ${run.first.completions}) | ${msText(run.last.p95Ms)} (n = ${run.last.completions}) | ${change(run.first.p95Ms, run.last.p95Ms)} | flat ${verdict(run.flat.p95)} |`,
      `| CPU of the Medusa processes per payment made | ${msText(run.first.cpuMsPerPayment)} | ${msText(run.last.cpuMsPerPayment)} | ${change(run.first.cpuMsPerPayment, run.last.cpuMsPerPayment)} |  |`,
      `| The machine's load (1-minute average, everything running) | ${run.first.loadAverage.toFixed(1)} | ${run.last.loadAverage.toFixed(1)} |  |  |`,
      `| Postgres connections (most seen) | ${run.first.connections} | ${run.last.connections} | ${change(run.first.connections, run.last.connections)} | flat ${verdict(run.flat.connections)} |`,
      `| Every payment in Medusa matches the sandbox's (captured = Toss took, refunded = Toss gave back) | ${run.check.matched} of ${run.check.payments} after ${(run.check.settleMs / 1000).toFixed(0)} s |  |  | nothing lost ${verdict(run.check.mismatches.length === 0)} |`,
      "",
      `CPU per payment made (checkouts and saved-card charges, everything else the process did included): ${run.cpu.map((process) => `${process.name} ${msText(process.cpuMsPerPayment)} (busy ${(process.busy * 100).toFixed(0)} % of a core)`).join(", ")}.`,
      "",
      `Actions: ${run.byAction.map((entry) => `${entry.action} ${entry.count}${entry.failed ? ` (${entry.failed} failed)` : ""}`).join(", ")}; ${run.deposits} deposits with ${run.duplicateDeliveries} duplicate deliveries sent at once besides the sandbox's own; ${run.reconcileRuns} reconciliation runs; Toss lookups per payment ${run.lookupsPerPayment.toFixed(2)}; ${run.problems} warnings or errors logged.`,
      ""
    )
    if (run.failures.length) lines.push(`First failures: ${run.failures.map((failure) => `\`${failure.replace(/`/g, "'")}\``).join("; ")}`, "")
    if (run.check.mismatches.length) lines.push(`Payments that differ: ${run.check.mismatches.slice(0, 5).join("; ")}`, "")
    if (run.problemSamples.length) lines.push(`First problems logged: ${run.problemSamples.map((line) => `\`${line.slice(0, 240).replace(/`/g, "'")}\``).join("; ")}`, "")
  }
  return lines.join("\n")
}
