/**
 * `npm run demo -- --cluster` stopped as a terminal or a process manager
 * stops it: a signal to its whole process group. Everything the demo
 * started (its embedded Postgres, Redis, the three Medusa instances, the
 * TypeScript loader's helper) must be gone afterwards; the Medusa instances
 * run in process groups of their own, so only the demo can stop them.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { ROOT } from "../../scripts/medusa-process"

const { freePort } = require("../../scripts/free-port") as { freePort(): Promise<number> }

jest.setTimeout(600_000)

/** Every process below `pid` now, from /proc (pid → its command line). */
function descendants(pid: number): Map<number, string> {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // ended meanwhile
    }
  }
  const found = new Map<number, string>()
  const queue = [pid]
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.set(child, commandLine(child) ?? "")
      queue.push(child)
    }
  }
  return found
}

/** A process's command line; null once it has ended (or is a zombie nobody waited for). */
function commandLine(pid: number): string | null {
  try {
    const state = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    if (state.slice(state.lastIndexOf(")") + 2).startsWith("Z")) return null
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim()
  } catch {
    return null
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What each run started, for the clean-up after a failed one. */
const startedByRuns: Map<number, string>[] = []

afterAll(() => {
  // Whatever a failed run left behind, and only that (pids are reused: the same command line).
  for (const [pid, command] of startedByRuns.flatMap((started) => [...started])) {
    if (commandLine(pid) === command) process.kill(pid, "SIGKILL")
  }
})

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  it(`stops everything it started on ${signal} to its process group`, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The demo's own embedded Postgres, as on a fresh machine (its exit hook is part of what must stop in order).
      DEMO_POSTGRES_DIR: path.join(process.env.CLUSTER_RUN_DIR ?? path.join(ROOT, ".cache"), "demo-signals-postgres"),
      PORT: String(await freePort()),
      STOREFRONT_PORT: String(await freePort()),
      SANDBOX_PORT: String(await freePort()),
    }
    for (const name of ["DATABASE_URL", "TOSS_CLIENT_KEY", "TOSS_SECRET_KEY", "TOSS_WIDGET_CLIENT_KEY", "TOSS_WIDGET_SECRET_KEY", "TOSS_API_BASE_URL", "REDIS_URL"]) {
      delete env[name]
    }
    // As `npm run demo -- --cluster` runs it, in a process group of its own (a terminal's job).
    const demo = spawn("npm", ["run", "demo", "--", "--cluster"], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    demo.stdout!.on("data", (chunk) => (output += chunk))
    demo.stderr!.on("data", (chunk) => (output += chunk))
    const exited = new Promise<void>((resolve) => demo.once("exit", () => resolve()))

    const deadline = Date.now() + 480_000
    while (!output.includes("Started in")) {
      if (demo.exitCode !== null || Date.now() > deadline) throw new Error(`The demo did not start:\n${output.slice(-6000)}`)
      await sleep(500)
    }
    const started = descendants(demo.pid!)
    startedByRuns.push(started)
    const medusa = [...started.values()].filter((command) => command.includes("@medusajs/cli/cli.js start"))
    expect(medusa).toHaveLength(3)
    expect([...started.values()].some((command) => command.includes("redis-server"))).toBe(true)
    expect([...started.values()].some((command) => command.includes("postgres -D"))).toBe(true)

    process.kill(-demo.pid!, signal)
    // Medusa shuts down gracefully; the demo gives each instance 15 s before it kills it.
    const stillRunning = () => [...started].filter(([pid, command]) => commandLine(pid) === command).map(([pid, command]) => `${pid} ${command}`)
    const stopDeadline = Date.now() + 60_000
    while (stillRunning().length && Date.now() < stopDeadline) await sleep(500)
    await Promise.race([exited, sleep(5000)])

    expect(stillRunning()).toEqual([])
    expect(demo.exitCode ?? demo.signalCode).not.toBeNull()
    expect(output).toContain("Stopping Medusa")
  })
}
