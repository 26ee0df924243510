/**
 * Jest's Node environment, plus the demo store that global-setup.ts booted
 * once for all the test files (`globalThis.__E2E_DEMO__` in each test file).
 * Jest runs the files in band (`npm run test:e2e`), in this process.
 */
import { TestEnvironment } from "jest-environment-node"

export default class DemoStoreEnvironment extends TestEnvironment {
  async setup() {
    await super.setup()
    this.global.__E2E_DEMO__ = (globalThis as { __E2E_DEMO__?: unknown }).__E2E_DEMO__
  }
}
