import fs from "node:fs"
import path from "node:path"

export default async function globalTeardown() {
  const postgres = (globalThis as { __E2E_POSTGRES__?: { stop(): Promise<void> } }).__E2E_POSTGRES__
  if (!postgres) return
  await postgres.stop()
  fs.rmSync(path.join(__dirname, "..", ".cache", "e2e-postgres"), { recursive: true, force: true })
}
