/**
 * Boots of the two applications the benchmark compares: the test
 * application with the benchmark's floor provider (bench/app: the Toss
 * provider and this repository's src/) and the same application without the
 * plugin (bench/baseline-app).
 */
import path from "node:path"
import { ROOT } from "../scripts/medusa-process"
import { MedusaServer, MemorySample, startMedusa } from "./medusa"
import { freePort } from "./postgres"

export type App = "plugin" | "baseline"

export const APP_DIRECTORY: Record<App, string> = {
  plugin: path.join(ROOT, "bench", "app"),
  baseline: path.join(ROOT, "bench", "baseline-app"),
}

export interface BootSample {
  app: App
  bootMs: number
  bootCpuMs: number
  /** Once the server has settled after `/health` (see settledMemory). */
  memoryAfterBoot: MemorySample
}

/** Boot settles (lazy work after the first `/health`) before memory is read. */
const SETTLE_MS = 2000
const READINGS = 3

export class Boots {
  readonly samples: BootSample[] = []
  private count = 0

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    private readonly log: (line: string) => void
  ) {}

  /** Boots `app`, records its boot time and memory; the server keeps running. */
  async boot(app: App): Promise<MedusaServer> {
    const logFile = path.join(this.logDir, `medusa-${++this.count}-${app}.log`)
    const server = await startMedusa({ cwd: APP_DIRECTORY[app], env: this.env, port: await freePort(), logFile })
    const memoryAfterBoot = await settledMemory(server)
    this.samples.push({ app, bootMs: server.bootMs, bootCpuMs: server.bootCpuMs, memoryAfterBoot })
    this.log(
      `  ${app}: booted in ${(server.bootMs / 1000).toFixed(2)} s (${(server.bootCpuMs / 1000).toFixed(2)} s of CPU), ${describe(memoryAfterBoot)}`
    )
    return server
  }

  /** Boots `app` only to measure it. */
  async measure(app: App): Promise<void> {
    const server = await this.boot(app)
    await server.stop()
  }
}

/** Memory once the server is idle, each reading after a full collection: the median reading by RSS. */
export async function settledMemory(server: MedusaServer): Promise<MemorySample> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
  const readings: MemorySample[] = []
  for (let i = 0; i < READINGS; i++) readings.push(await server.memory())
  return readings.sort((a, b) => a.rssBytes - b.rssBytes)[Math.floor(READINGS / 2)]
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`
}

export function describe(memory: MemorySample): string {
  return `${mb(memory.rssBytes)} resident, ${mb(memory.heapUsedBytes)} heap in use`
}
