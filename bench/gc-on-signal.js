// Preloaded into the Medusa processes the benchmark measures (node --expose-gc
// --require): on SIGUSR2, a full garbage collection, then process.memoryUsage()
// written to BENCH_MEMORY_FILE, so memory is read with only live objects left
// rather than wherever V8's collector happened to be.
const fs = require("fs")

if (typeof global.gc === "function" && process.env.BENCH_MEMORY_FILE) {
  process.on("SIGUSR2", () => {
    global.gc()
    const file = process.env.BENCH_MEMORY_FILE
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()))
    fs.renameSync(`${file}.tmp`, file)
  })
}
