/**
 * The demo store's setup (e2e/global-setup.ts: Postgres, Medusa's port), and
 * a port for the Next.js storefront, which Medusa must accept as a store
 * origin: the storefront's browser code calls it too (a new Toss session
 * after a decline, the payment widget).
 */
import demoStoreSetup from "../../../e2e/global-setup"

const { freePort } = require("../../../scripts/postgres")

export default async function globalSetup() {
  // Before the demo store boots (in demoStoreSetup): it reads STORE_CORS once.
  process.env.EXAMPLE_STOREFRONT_PORT ??= String(await freePort())
  const origin = `http://localhost:${process.env.EXAMPLE_STOREFRONT_PORT}`
  process.env.STORE_CORS = [process.env.STORE_CORS, origin]
    .filter(Boolean)
    .join(",")
  await demoStoreSetup()
}
