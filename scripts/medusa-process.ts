/**
 * Medusa as a child process, as the demo, the benchmark and the cluster tests
 * run it: a CLI command to completion, `medusa start` until `/health`
 * answers, and a stop that lets Medusa shut down gracefully.
 */
import { ChildProcess, spawn, type StdioOptions } from "node:child_process"
import path from "node:path"

export const ROOT = path.resolve(__dirname, "..")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })
const BOOT_TIMEOUT_MS = 180_000

/**
 * A Medusa CLI command (`db:migrate`, `exec`) to completion; resolves with its
 * output, which the error carries if it fails. `started` receives the process,
 * for a caller that may have to stop it early.
 */
export function runMedusaCommand(
  args: string[],
  { cwd = ROOT, env, started }: { cwd?: string; env: NodeJS.ProcessEnv; started?: (child: ChildProcess) => void }
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MEDUSA_CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    started?.(child)
    let output = ""
    child.stdout!.on("data", (chunk) => (output += chunk))
    child.stderr!.on("data", (chunk) => (output += chunk))
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      if (code === 0) return resolve(output)
      reject(new Error(`medusa ${args.join(" ")} failed (${signal ?? `exit code ${code}`}):\n${output.slice(-8000)}`))
    })
  })
}

/** `medusa start --port <port>`; `nodeArgs` go to node before the CLI (`--require` a preload). */
export function spawnMedusa({
  cwd = ROOT,
  env,
  port,
  nodeArgs = [],
  stdio = ["ignore", "pipe", "pipe"],
  detached = false,
}: {
  cwd?: string
  env: NodeJS.ProcessEnv
  port: number
  nodeArgs?: string[]
  stdio?: StdioOptions
  detached?: boolean
}): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, MEDUSA_CLI, "start", "--port", String(port)], { cwd, env, stdio, detached })
}

/**
 * Resolves once `url`/health answers 200; fails if Medusa exits first or
 * takes longer than three minutes. `seeOutput` tells a person where to read
 * why (a log file, the output above, the output itself).
 */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  { seeOutput, intervalMs = 500 }: { seeOutput: () => string; intervalMs?: number }
): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS
  let exited: string | undefined
  void exitOf(child).then((reason) => (exited = reason))
  while (Date.now() < deadline) {
    if (exited) throw new Error(`Medusa stopped while starting (${exited}); ${seeOutput()}`)
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.status === 200,
      () => false
    )
    if (healthy) return
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw new Error(`Medusa did not answer ${url}/health within ${BOOT_TIMEOUT_MS / 1000} s; ${seeOutput()}`)
}

/** Resolves with the signal or exit code that ended the process (at once if it has ended). */
export function exitOf(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? `exit code ${child.exitCode}`)
    child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`))
  })
}

/** SIGTERM (Medusa shuts down gracefully), then SIGKILL if it takes too long. */
export function stopProcess(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })
}
