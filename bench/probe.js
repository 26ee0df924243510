// Preloaded into the Medusa processes the benchmark starts (node --require),
// idle unless BENCH_PROBE_EVERY_MS is set (the soak sets it): every that many
// milliseconds, one JSON line appended to BENCH_PROBE_FILE with the process's
// resident memory, V8 heap in use, CPU time used so far, and the event loop's
// delay since the last line (perf_hooks' histogram: how late timers and I/O
// callbacks ran).
const fs = require("fs")
const { monitorEventLoopDelay } = require("perf_hooks")

const every = Number(process.env.BENCH_PROBE_EVERY_MS)
const file = process.env.BENCH_PROBE_FILE
if (every > 0 && file) {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const timer = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage()
    const { user, system } = process.cpuUsage()
    const ms = (nanoseconds) => Math.round(nanoseconds / 1e4) / 100
    const line = { at: Date.now(), rssBytes: rss, heapUsedBytes: heapUsed, cpuMs: Math.round((user + system) / 1000), lagMeanMs: ms(delay.mean), lagP99Ms: ms(delay.percentile(99)), lagMaxMs: ms(delay.max) }
    delay.reset()
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`)
  }, every)
  timer.unref()
}
