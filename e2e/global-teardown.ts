import fs from "node:fs"
import path from "node:path"

export default async function globalTeardown() {
  const state = globalThis as { __E2E_DEMO__?: { stop(): Promise<void> }; __E2E_POSTGRES__?: { stop(): Promise<void> } }
  await state.__E2E_DEMO__?.stop()
  if (!state.__E2E_POSTGRES__) return
  await state.__E2E_POSTGRES__.stop()
  fs.rmSync(path.join(__dirname, "..", ".cache", "e2e-postgres"), { recursive: true, force: true })
}
