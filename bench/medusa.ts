/**
 * Medusa as a child process, the way the demo runner starts it (`medusa
 * start` with NODE_ENV=development): boot time, resident memory of the
 * process tree, and the response time Medusa itself logs for each request.
 */
import fs from "node:fs"
import path from "node:path"
import { ROOT, spawnMedusa, stopProcess, waitForHealth } from "../scripts/medusa-process"

const GC_ON_SIGNAL = path.join(__dirname, "gc-on-signal.js")
const PROBE = path.join(__dirname, "probe.js")

/** A request as Medusa's HTTP log reports it (morgan's response time: arrival to response sent). */
export interface LoggedRequest {
  method: string
  url: string
  status: number
  ms: number
}

export interface MedusaServer {
  url: string
  /** Spawn until `/health` answered 200. */
  bootMs: number
  /** CPU time the server used until then: the work a boot does, whatever else the machine is doing. */
  bootCpuMs: number
  /** Every request Medusa logged so far, in order (a live array). */
  readonly requests: LoggedRequest[]
  /** Every warning and error Medusa logged so far (a live array). */
  readonly problems: string[]
  /** Memory right after a full garbage collection (see gc-on-signal.js). */
  memory(): Promise<MemorySample>
  /** What bench/probe.js wrote since the last call (only with BENCH_PROBE_EVERY_MS in the environment). */
  probes(): ProbeSample[]
  stop(): Promise<void>
}

export interface MemorySample {
  /** VmRSS of the server process and its children. */
  rssBytes: number
  processes: number
  /** V8 heap in use and memory of C++ objects bound to JavaScript, in the server process. */
  heapUsedBytes: number
  externalBytes: number
}

/** One line of bench/probe.js. */
export interface ProbeSample {
  at: number
  rssBytes: number
  heapUsedBytes: number
  /** CPU time (user + system) the process has used since it started. */
  cpuMs: number
  lagMeanMs: number
  lagP99Ms: number
  lagMaxMs: number
}

// `POST /store/toss/complete ← - (200) - 123.456 ms`, possibly coloured.
const HTTP_LOG = /(GET|POST|PUT|DELETE|PATCH) (\S+) ← \S* \((\d{3})\) - ([\d.]+) ms/
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/** `medusa start` in `cwd`; resolves once `/health` answers 200. Its output goes to `logFile`. */
export async function startMedusa({
  cwd,
  env,
  port,
  logFile,
}: {
  cwd: string
  env: NodeJS.ProcessEnv
  port: number
  logFile: string
}): Promise<MedusaServer> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const log = fs.createWriteStream(logFile)
  const requests: LoggedRequest[] = []
  const problems: string[] = []
  const started = performance.now()
  const memoryFile = logFile.replace(/\.log$/, "") + ".memory.json"
  const probeFile = logFile.replace(/\.log$/, "") + ".probe.jsonl"
  fs.rmSync(probeFile, { force: true })
  let probeRead = 0
  const child = spawnMedusa({
    cwd,
    env: { ...env, BENCH_MEMORY_FILE: memoryFile, BENCH_PROBE_FILE: probeFile },
    port,
    nodeArgs: ["--expose-gc", "--require", GC_ON_SIGNAL, "--require", PROBE],
  })
  let pending = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    log.write(chunk)
    pending += chunk.toString()
    const lines = pending.split("\n")
    pending = lines.pop()!
    for (const line of lines.map((raw) => raw.replace(ANSI, ""))) {
      const match = HTTP_LOG.exec(line)
      if (match) requests.push({ method: match[1], url: match[2], status: Number(match[3]), ms: Number(match[4]) })
      else if (/^(warn|error):/.test(line)) problems.push(line)
    }
  })
  child.stderr!.on("data", (chunk: Buffer) => log.write(chunk))

  const url = `http://localhost:${port}`
  try {
    // Polled often: the boot time is measured.
    await waitForHealth(url, child, { seeOutput: () => `see ${path.relative(ROOT, logFile)}`, intervalMs: 50 })
  } catch (error) {
    await stopProcess(child)
    log.end()
    throw error
  }
  const bootMs = performance.now() - started
  const bootCpuMs = treeCpuMs(child.pid!)
  let stopped: Promise<void> | undefined
  return {
    url,
    bootMs,
    bootCpuMs,
    requests,
    problems,
    memory: async () => {
      fs.rmSync(memoryFile, { force: true })
      child.kill("SIGUSR2")
      const deadline = Date.now() + 10_000
      while (!fs.existsSync(memoryFile)) {
        if (Date.now() > deadline) throw new Error("Medusa did not report its memory (bench/gc-on-signal.js)")
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      // V8 hands freed pages back to the system shortly after the collection.
      await new Promise((resolve) => setTimeout(resolve, 300))
      const usage = JSON.parse(fs.readFileSync(memoryFile, "utf8")) as NodeJS.MemoryUsage
      return { ...treeRss(child.pid!), heapUsedBytes: usage.heapUsed, externalBytes: usage.external }
    },
    probes: () => {
      const text = readProc(probeFile) ?? ""
      const complete = text.slice(probeRead, text.lastIndexOf("\n") + 1)
      probeRead += complete.length
      return complete
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ProbeSample)
    },
    stop: () =>
      (stopped ??= stopProcess(child).then(() => {
        log.end()
      })),
  }
}

/** `pid` and every process below it (Linux /proc). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    const ppid = statFields(Number(entry))?.[1]
    if (ppid !== undefined) children.set(Number(ppid), [...(children.get(Number(ppid)) ?? []), Number(entry)])
  }
  const tree: number[] = []
  const queue = [pid]
  while (queue.length) {
    const current = queue.shift()!
    tree.push(current)
    queue.push(...(children.get(current) ?? []))
  }
  return tree
}

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, …]; null once the process is gone. */
function statFields(pid: number): string[] | null {
  const stat = readProc(`/proc/${pid}/stat`)
  // The command name may hold spaces and parentheses: fields start after the last ")".
  return stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2).split(" ")
}

/** VmRSS of a process tree. */
function treeRss(pid: number): { rssBytes: number; processes: number } {
  let rssBytes = 0
  let processes = 0
  for (const member of processTree(pid)) {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readProc(`/proc/${member}/status`) ?? "")
    if (kb) {
      rssBytes += Number(kb[1]) * 1024
      processes++
    }
  }
  return { rssBytes, processes }
}

/** CPU time (user + system) a process tree has used so far, in milliseconds. */
function treeCpuMs(pid: number): number {
  const ticksPerSecond = 100 // USER_HZ, 100 on Linux
  let ticks = 0
  for (const member of processTree(pid)) {
    const fields = statFields(member)
    // utime, stime, and the same for children already waited for (stat fields 14–17).
    if (fields) ticks += fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0)
  }
  return (ticks * 1000) / ticksPerSecond
}

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8")
  } catch {
    return null // the process ended meanwhile
  }
}
