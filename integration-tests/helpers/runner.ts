import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { TossSandbox } from "../../sandbox"
import { adminHeaders, createTestStore, TestStore } from "./store"
import { useTossSandbox, webhookUrl } from "./toss"
import { TOSS_MODULE, TossModuleService } from "../../src/modules/toss"

type MedusaSuiteOptions = Parameters<Parameters<typeof medusaIntegrationTestRunner>[0]["testSuite"]>[0]

export interface TossSuiteOptions extends MedusaSuiteOptions {
  sandbox: () => TossSandbox
  /** The Korean test store, filled in before the first test. */
  store: TestStore
  /** A logged-in admin's request headers, filled in before the first test. */
  admin: { headers: Record<string, string> }
}

/**
 * `medusaIntegrationTestRunner` with what every spec here shares: the Toss
 * sandbox (started before Medusa reads its configuration), the test store, an
 * admin, and a sandbox reset before each test (with its webhooks sent to the
 * Medusa under test when `webhooks` is on).
 */
export function tossIntegrationTestRunner({
  webhooks = false,
  webhookDelayMs,
  testSuite,
}: {
  webhooks?: boolean
  /** Medusa's `webhook_delay` (see `useTossSandbox`). */
  webhookDelayMs?: number
  testSuite: (options: TossSuiteOptions) => void
}): void {
  let handledDeliveries = async () => 0
  const { sandbox } = useTossSandbox({ webhooks, webhookDelayMs, handledDeliveries: () => handledDeliveries() })
  medusaIntegrationTestRunner({
    testSuite: (medusa) => {
      handledDeliveries = async () =>
        (await medusa.getContainer().resolve<TossModuleService>(TOSS_MODULE).listTossWebhookDeliveries({}, { select: ["id"] })).length

      // Filled in place, so that the suite can hold them from the start.
      const store = {} as TestStore
      const admin = { headers: {} as Record<string, string> }

      beforeAll(async () => {
        Object.assign(store, await createTestStore(medusa.getContainer()))
        admin.headers = (await adminHeaders(medusa.getContainer(), medusa.api)).headers
      })

      beforeEach(() => {
        sandbox().reset()
        if (webhooks) {
          sandbox().setWebhookUrl(webhookUrl(medusa.api))
        }
      })

      testSuite({ ...medusa, sandbox, store, admin })
    },
  })
}
