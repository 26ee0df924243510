/**
 * The benchmark's chart, an SVG written by hand: checkout completion by
 * provider (median bars, p95 ticks), the same by history size, the
 * reconciliation run's database time by history size, and in a cluster the
 * completions and the checkouts per second by shoppers at once; and the
 * soak's curves over time.
 */
import type { Results } from "./report"
import type { SoakMinute, SoakResults } from "./soak-report"

const WIDTH = 960
/** One row of panels; the legend below the last. */
const ROW_HEIGHT = 300
const LEGEND_HEIGHT = 30
/** Each further line of the legend. */
const LEGEND_LINE = 20
const PANEL_TOP = 64
const PANEL_HEIGHT = 200
const COLORS = { toss: "#0064ff", floor: "#8a94a6", system: "#c9ced8", database: "#00a36c", oneServer: "#7fb2ff", twoServers: "#002d80", portOne: "#e85d04", portOneOneServer: "#ffa66b", portOneTwoServers: "#9c3d00" }
const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', 'Noto Sans KR', sans-serif"`

interface Bar {
  label: string
  value: number
  /** A tick above the bar (a p95). */
  tick?: number
  color: string
  /** Printed above the bar; default the value in ms. */
  caption?: string
}

interface Group {
  label: string
  bars: Bar[]
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** A round axis maximum above `value`: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  return [1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value)!
}

interface Panel {
  x: number
  width: number
  title: string
  unit: string
  groups: Group[]
}

function panel({ x, width, title, unit, groups }: Panel, row: number): string {
  const top = PANEL_TOP + row * ROW_HEIGHT
  const max = niceMax(Math.max(...groups.flatMap((group) => group.bars.map((bar) => Math.max(bar.value, bar.tick ?? 0)))))
  const y = (value: number) => top + PANEL_HEIGHT - (Math.max(0, value) / max) * PANEL_HEIGHT
  const axisX = x + 44
  const plotWidth = width - 52
  const parts = [
    `<text x="${x}" y="${top - 30}" font-size="14" font-weight="600" ${FONT}>${escape(title)}</text>`,
    `<text x="${x}" y="${top - 12}" font-size="11" fill="#555" ${FONT}>${escape(unit)}</text>`,
  ]
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = max * fraction
    parts.push(
      `<line x1="${axisX}" x2="${axisX + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="${fraction ? "#eee" : "#999"}"/>`,
      `<text x="${axisX - 6}" y="${y(value) + 4}" font-size="10" text-anchor="end" fill="#555" ${FONT}>${Number(value.toPrecision(3))}</text>`
    )
  }
  const groupWidth = plotWidth / groups.length
  groups.forEach((group, groupIndex) => {
    const barWidth = Math.min(36, (groupWidth - 16) / group.bars.length)
    const start = axisX + groupIndex * groupWidth + (groupWidth - barWidth * group.bars.length) / 2
    group.bars.forEach((bar, barIndex) => {
      const left = start + barIndex * barWidth
      const center = left + barWidth / 2
      parts.push(
        `<rect x="${left + 2}" y="${y(bar.value)}" width="${barWidth - 4}" height="${top + PANEL_HEIGHT - y(bar.value)}" fill="${bar.color}"><title>${escape(`${group.label}, ${bar.label}: ${bar.caption ?? `${bar.value.toFixed(0)} ms`}`)}</title></rect>`,
        `<text x="${center}" y="${y(Math.max(bar.value, bar.tick ?? 0)) - 5}" font-size="10" text-anchor="middle" ${FONT}>${escape(bar.caption ?? bar.value.toFixed(0))}</text>`
      )
      if (bar.tick !== undefined && Number.isFinite(bar.tick)) {
        parts.push(
          `<line x1="${center}" x2="${center}" y1="${y(bar.value)}" y2="${y(bar.tick)}" stroke="#333"/>`,
          `<line x1="${center - 5}" x2="${center + 5}" y1="${y(bar.tick)}" y2="${y(bar.tick)}" stroke="#333"/>`
        )
      }
    })
    parts.push(
      `<text x="${axisX + groupIndex * groupWidth + groupWidth / 2}" y="${top + PANEL_HEIGHT + 16}" font-size="11" text-anchor="middle" ${FONT}>${escape(group.label)}</text>`
    )
  })
  return parts.join("\n")
}

/** The legend below `top`: its entries left to right, wrapped onto as many lines as the width needs; and the chart's height with it. */
function legend(entries: Array<[string, string]>, top: number): { svg: string; height: number } {
  let [x, line] = [20, 0]
  const items = entries.map(([label, color]) => {
    const width = 30 + label.length * 6.2
    if (x > 20 && x + width > WIDTH) [x, line] = [20, line + 1]
    const y = top + 8 + line * LEGEND_LINE
    const item = `<rect x="${x}" y="${y}" width="12" height="12" fill="${color}"/><text x="${x + 17}" y="${y + 10}" font-size="11" ${FONT}>${escape(label)}</text>`
    x += width
    return item
  })
  return { svg: items.join("\n"), height: top + LEGEND_HEIGHT + line * LEGEND_LINE }
}

export function renderChart(results: Results): string {
  const { checkout, growth, footprint, cluster } = results
  const completion = (label: string, timing: { median: number; p95: number }, color: string): Bar => ({ label, value: timing.median, tick: timing.p95, color })
  const providers = (timings: typeof checkout): Bar[] => [
    completion("Toss", timings.toss.server, COLORS.toss),
    ...(timings.portOne ? [completion("PortOne", timings.portOne.server, COLORS.portOne)] : []),
    completion("floor", timings.floor.server, COLORS.floor),
    completion("pp_system_default", timings.system.server, COLORS.system),
  ]
  const byProvider: Group[] = [{ label: "with the plugin", bars: providers(checkout) }]
  if (footprint) {
    byProvider.push({
      label: "without the plugin",
      bars: [
        completion("floor", footprint.baselineFloorCheckout.server, COLORS.floor),
        completion("pp_system_default", footprint.baselineSystemCheckout.server, COLORS.system),
      ],
    })
  }
  const sizeLabel = (size: number) => (size >= 1000 ? `${size / 1000}k` : String(size))
  const rows: Panel[][] = [
    [{ x: 20, width: 300, title: "Checkout completion by provider", unit: "ms, server-side: median (bar), p95 (tick)", groups: byProvider }],
  ]
  if (growth) {
    rows[0].push(
      {
        x: 345,
        width: 300,
        title: "Checkout completion as the store grows",
        unit: "ms by past Toss payments in the store: median, p95",
        groups: growth.map((step) => ({
          label: sizeLabel(step.size),
          bars: [completion("Toss", step.checkout.toss, COLORS.toss), completion("floor", step.checkout.floor, COLORS.floor)],
        })),
      },
      {
        x: 675,
        width: 275,
        title: "One reconciliation run",
        unit: "database ms by past payments (Toss requests)",
        groups: growth.map((step) => ({
          label: `${sizeLabel(step.size)} (${step.reconcile.tossRequests})`,
          bars: [{ label: "database time", value: step.reconcile.databaseMs, color: COLORS.database }],
        })),
      }
    )
  }
  if (cluster) {
    const levels = [...new Set(cluster.throughput.map((run) => run.shoppers))]
    const withPortOne = cluster.throughput.some((run) => run.provider === "portone")
    const rate = (provider: string, shoppers: number, servers: number, color: string): Bar => {
      const run = cluster.throughput.find((candidate) => candidate.provider === provider && candidate.shoppers === shoppers && candidate.servers === servers)
      return { label: `${servers} server${servers > 1 ? "s" : ""}`, value: run?.perSecond ?? 0, color, caption: (run?.perSecond ?? 0).toFixed(1) }
    }
    rows.push([
      {
        x: 20,
        width: 300,
        title: "Completion: one process vs a cluster",
        unit: "ms, server-side: median (bar), p95 (tick)",
        groups: [
          { label: "one process", bars: providers(checkout) },
          { label: "2 servers + worker", bars: providers(cluster.checkout) },
        ],
      },
      {
        x: 345,
        width: 400,
        title: withPortOne ? "Checkouts per second (cluster): Toss, PortOne" : "Toss checkouts per second (cluster)",
        unit: "by shoppers at once: through one server, through two",
        groups: levels.map((shoppers) => ({
          label: `${shoppers} shopper${shoppers > 1 ? "s" : ""}`,
          bars: [
            rate("toss", shoppers, 1, COLORS.oneServer),
            rate("toss", shoppers, 2, COLORS.twoServers),
            ...(withPortOne ? [rate("portone", shoppers, 1, COLORS.portOneOneServer), rate("portone", shoppers, 2, COLORS.portOneTwoServers)] : []),
          ],
        })),
      },
    ])
  }
  const key = legend(
    [
      ["Toss (pp_toss_toss)", COLORS.toss],
      ...(checkout.portOne || cluster?.checkout.portOne ? ([["PortOne", COLORS.portOne]] as Array<[string, string]>) : []),
      ["floor provider (no I/O)", COLORS.floor],
      ["pp_system_default", COLORS.system],
      ...(growth ? ([["reconciliation DB time", COLORS.database]] as Array<[string, string]>) : []),
      ...(cluster ? ([["Toss, one server", COLORS.oneServer], ["Toss, two servers", COLORS.twoServers]] as Array<[string, string]>) : []),
      ...(cluster?.throughput.some((run) => run.provider === "portone")
        ? ([["PortOne, one server", COLORS.portOneOneServer], ["PortOne, two servers", COLORS.portOneTwoServers]] as Array<[string, string]>)
        : []),
    ],
    rows.length * ROW_HEIGHT
  )
  const height = key.height
  const date = results.date.slice(0, 16).replace("T", " ")
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH - 12}" y="16" font-size="10" text-anchor="end" fill="#777" ${FONT}>npm run bench · ${escape(date)} UTC · ${results.machine.cores} cores · Medusa ${escape(results.machine.medusa)}</text>`,
    ...rows.flatMap((panels, row) => panels.map((one) => panel(one, row))),
    key.svg,
    "</svg>",
    "",
  ].join("\n")
}

interface Line {
  label: string
  color: string
  points: Array<{ x: number; y: number }>
}

/** A panel of lines over time (the soak's curves), on the same grid as the bar panels. */
function linePanel({ x, width, title, unit, lines, maxX }: { x: number; width: number; title: string; unit: string; lines: Line[]; maxX: number }, row: number): string {
  const top = PANEL_TOP + row * ROW_HEIGHT
  const points = lines.flatMap((line) => line.points).filter((point) => Number.isFinite(point.y))
  // Each minute's point sits at its middle, on an axis as long as the longest soak.
  const maxY = niceMax(Math.max(...points.map((point) => point.y)))
  const axisX = x + 44
  const plotWidth = width - 52
  const px = (value: number) => axisX + (value / maxX) * plotWidth
  const py = (value: number) => top + PANEL_HEIGHT - (Math.max(0, value) / maxY) * PANEL_HEIGHT
  const parts = [
    `<text x="${x}" y="${top - 30}" font-size="14" font-weight="600" ${FONT}>${escape(title)}</text>`,
    `<text x="${x}" y="${top - 12}" font-size="11" fill="#555" ${FONT}>${escape(unit)}</text>`,
  ]
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const value = maxY * fraction
    parts.push(
      `<line x1="${axisX}" x2="${axisX + plotWidth}" y1="${py(value)}" y2="${py(value)}" stroke="${fraction ? "#eee" : "#999"}"/>`,
      `<text x="${axisX - 6}" y="${py(value) + 4}" font-size="10" text-anchor="end" fill="#555" ${FONT}>${Number(value.toPrecision(3))}</text>`
    )
  }
  for (const fraction of [0, 0.5, 1]) {
    parts.push(`<text x="${px(maxX * fraction)}" y="${top + PANEL_HEIGHT + 16}" font-size="10" text-anchor="middle" fill="#555" ${FONT}>${Number((maxX * fraction).toPrecision(3))} min</text>`)
  }
  for (const line of lines) {
    const path = line.points
      .filter((point) => Number.isFinite(point.y))
      .map((point, index) => `${index ? "L" : "M"}${px(point.x).toFixed(1)},${py(point.y).toFixed(1)}`)
      .join(" ")
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${line.color}" stroke-width="2"><title>${escape(line.label)}</title></path>`)
  }
  return parts.join("\n")
}

/** The soak's curves, minute by minute: memory, event-loop delay, completion p95 and database connections, per topology. */
export function renderSoakChart(results: SoakResults): string {
  const color = (topology: string) => (topology === "cluster" ? COLORS.twoServers : COLORS.toss)
  const series = (pick: (minute: SoakMinute) => number) =>
    results.runs.map((run) => ({ label: run.topology, color: color(run.topology), points: run.minutes.map((minute) => ({ x: (minute.minute + Math.min(minute.minute + 1, run.durationMs / 60_000)) / 2, y: pick(minute) })) }))
  const maxX = Math.max(1, ...results.runs.map((run) => run.durationMs / 60_000))
  const rows = [
    [
      { x: 20, width: 450, title: "Resident memory, all Medusa processes", unit: "MB, median per minute", lines: series((minute) => minute.rssMb) },
      { x: 500, width: 450, title: "Completion p95 (checkouts, saved-card charges)", unit: "ms, client-side, per minute", lines: series((minute) => minute.p95Ms) },
    ],
    [
      { x: 20, width: 450, title: "Event-loop delay p99, worst process", unit: "ms, median per minute", lines: series((minute) => minute.lagP99Ms) },
      { x: 500, width: 450, title: "Postgres connections", unit: "most seen per minute", lines: series((minute) => minute.connections) },
    ],
  ]
  const key = legend(
    results.runs.map((run) => [run.topology === "cluster" ? "two servers and a worker" : "one server", color(run.topology)] as [string, string]),
    rows.length * ROW_HEIGHT
  )
  const height = key.height
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${WIDTH - 12}" y="16" font-size="10" text-anchor="end" fill="#777" ${FONT}>npm run bench -- --soak · ${escape(results.date.slice(0, 16).replace("T", " "))} UTC · ${results.machine.cores} cores · Medusa ${escape(results.machine.medusa)}</text>`,
    ...rows.flatMap((panels, row) => panels.map((one) => linePanel({ ...one, maxX }, row))),
    key.svg,
    "</svg>",
    "",
  ].join("\n")
}
