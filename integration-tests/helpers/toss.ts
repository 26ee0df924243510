import { startTossSandbox, TossSandbox } from "../../sandbox"
import { tossWebhookProvider } from "../../src/lib/toss-provider-id"
import { TOSS_PROVIDER_ID, TestStore } from "./store"

/** The key pairs published in Toss's docs; the sandbox knows them too. */
export const TEST_KEYS = {
  TOSS_CLIENT_KEY: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
  TOSS_SECRET_KEY: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
  TOSS_WIDGET_CLIENT_KEY: "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm",
  TOSS_WIDGET_SECRET_KEY: "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6",
}

/** Medusa's payment module emits a received webhook with this delay (`webhook_delay`, default 5000). */
export const MEDUSA_WEBHOOK_DELAY_MS = 5000
/** Enough for one sync of a payment on a busy test machine. */
const WEBHOOK_HANDLING_MS = 4000

/**
 * Starts the local Toss sandbox and points the provider at it. Called before
 * `medusaIntegrationTestRunner` (see `runner.ts`), so the sandbox is up when
 * Medusa reads its configuration.
 */
export function useTossSandbox({
  webhooks = false,
  webhookDelayMs = MEDUSA_WEBHOOK_DELAY_MS,
  handledDeliveries,
}: {
  webhooks?: boolean
  /**
   * Medusa's `webhook_delay` for this spec's application. Specs about races
   * between a webhook and the shopper's hand-off keep Medusa's 5 s; the
   * others need not sit it out before every assertion and after every test.
   */
  webhookDelayMs?: number
  /**
   * How many deliveries the application has finished handling (rows of
   * `toss_webhook_delivery`, which the subscriber writes last): a test's end
   * waits for them rather than for the longest a handling could take.
   */
  handledDeliveries?: () => Promise<number>
} = {}): { sandbox: () => TossSandbox } {
  let sandbox: TossSandbox
  beforeAll(async () => {
    sandbox = await startTossSandbox({ webhooks })
    Object.assign(process.env, TEST_KEYS, {
      MEDUSA_WEBHOOK_DELAY_MS: String(webhookDelayMs),
      TOSS_API_BASE_URL: sandbox.url,
      // Short enough that a dropped answer is noticed within a test.
      TOSS_TIMEOUT_MS: "2000",
      TOSS_RETRY_BASE_DELAY_MS: "50",
      // The tests run reconciliation themselves, when they mean to; the
      // scheduled run (every 5 minutes) would fire at random points of a suite.
      TOSS_RECONCILE_DISABLED: "true",
    })
  })
  if (webhooks) {
    // Medusa's test runner restores the database before each test, and Medusa
    // handles a webhook 5 s after answering it: whatever this test set off must
    // be handled before then, or it acts on the next test's database (a payment
    // it cannot find there is one "that can have no order").
    afterEach(async () => {
      sandbox.setWebhookUrl(null)
      await sandbox.flushWebhooks()
      const answered = sandbox.lastWebhookAnsweredAt()
      if (answered === null) {
        return
      }
      // Every delivery Medusa took (answered 200) is one run of the subscriber; none may still be due.
      const taken = sandbox.webhooks.flatMap((delivery) => delivery.attempts).filter((attempt) => attempt.status === 200).length
      const latest = answered + webhookDelayMs + WEBHOOK_HANDLING_MS
      while (Date.now() < latest) {
        if (handledDeliveries && (await handledDeliveries()) >= taken) {
          return
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })
  }
  afterAll(async () => {
    await sandbox?.close()
  })
  return { sandbox: () => sandbox }
}

export function storeHeaders(store: TestStore) {
  return { headers: { "x-publishable-api-key": store.publishableKey } }
}

/** What a storefront does before opening the Toss window: a Toss session for the cart (with the registration `providerId`). */
export async function initiateTossSession(api: any, store: TestStore, cartId: string, data: Record<string, unknown> = { method: "CARD" }, providerId = TOSS_PROVIDER_ID) {
  const {
    data: { payment_collection: collection },
  } = await api.post("/store/payment-collections", { cart_id: cartId }, storeHeaders(store))
  const {
    data: { payment_collection: withSession },
  } = await api.post(
    `/store/payment-collections/${collection.id}/payment-sessions`,
    { provider_id: providerId, data },
    storeHeaders(store)
  )
  return withSession.payment_sessions.find((session: any) => session.provider_id === providerId)
}

/** The storefront's success page: hands Toss's redirect parameters (and the cart id, if it knows it) to the plugin. */
export function completeWithToss(
  api: any,
  store: TestStore,
  body: { cart_id?: string; paymentKey: string; orderId: string; amount: number | string }
) {
  return api.post("/store/toss/complete", body, { ...storeHeaders(store), validateStatus: () => true })
}

/** Sends the sandbox's webhooks to the Medusa under test, as Toss would (to the registration `id`'s URL). */
export function webhookUrl(api: any, registrationId = "toss"): string {
  return `${api.defaults.baseURL}/hooks/payment/${tossWebhookProvider(registrationId)}`
}

/** Polls `check` until it returns a truthy value; Medusa handles webhooks 5 s after receiving them. */
export async function waitFor<T>(check: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 500 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = await check()
    if (result || Date.now() > deadline) {
      return result
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Lets Medusa's delayed webhook processing (5 s) run and finish. */
export function webhookProcessingWindow(ms = 8000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
