import {
  PORTONE_TEST_API_SECRET,
  PORTONE_TEST_CHANNELS,
  PORTONE_TEST_STORE_ID,
  PortOneSandbox,
  startPortOneSandbox,
} from "../../sandbox/portone"
import { portOneProviderId, portOneWebhookProvider } from "../../src/lib/portone-provider-id"
import { storeHeaders } from "./toss"
import type { TestStore } from "./store"

/** The test application registers PortOne with `id: "portone"` (medusa-config.ts). */
export const PORTONE_PROVIDER_ID = portOneProviderId("portone")

/** The channels the test application offers: every sandbox channel but the manual-confirm one. */
export const PORTONE_TEST_CHANNEL_KEYS = PORTONE_TEST_CHANNELS.map((channel) => channel.key)

/** Medusa's payment module emits a received webhook with this delay (`webhook_delay`, default 5000). */
const MEDUSA_WEBHOOK_DELAY_MS = 5000
/** Enough for one sync of a payment on a busy test machine. */
const WEBHOOK_HANDLING_MS = 4000

/**
 * Starts the local PortOne sandbox and points the PortOne provider at it
 * (medusa-config.ts registers it once PORTONE_API_SECRET is set). Called
 * before `medusaIntegrationTestRunner`, so the sandbox is up when Medusa
 * reads its configuration; the twin of `useTossSandbox`.
 */
export function usePortOneSandbox({ webhooks = false }: { webhooks?: boolean } = {}): { portOne: () => PortOneSandbox } {
  let sandbox: PortOneSandbox
  beforeAll(async () => {
    sandbox = await startPortOneSandbox({ webhooks })
    Object.assign(process.env, {
      PORTONE_STORE_ID: PORTONE_TEST_STORE_ID,
      PORTONE_API_SECRET: PORTONE_TEST_API_SECRET,
      PORTONE_WEBHOOK_SECRET: sandbox.webhookSecret,
      PORTONE_CHANNEL_KEYS: PORTONE_TEST_CHANNEL_KEYS.join(","),
      PORTONE_API_BASE_URL: sandbox.url,
      // Short enough that a dropped answer is noticed within a test.
      PORTONE_TIMEOUT_MS: "2000",
      PORTONE_RETRY_BASE_DELAY_MS: "50",
    })
  })
  if (webhooks) {
    // As useTossSandbox: what this test set off must be handled before the
    // next test's database restore (Medusa handles a webhook 5 s after answering it).
    afterEach(async () => {
      sandbox.setWebhookUrl(null)
      await sandbox.flushWebhooks()
      const answered = lastAnsweredAt(sandbox)
      const handled = answered === null ? 0 : answered + MEDUSA_WEBHOOK_DELAY_MS + WEBHOOK_HANDLING_MS
      if (handled > Date.now()) {
        await new Promise((resolve) => setTimeout(resolve, handled - Date.now()))
      }
    })
  }
  afterAll(async () => {
    await sandbox?.close()
  })
  return { portOne: () => sandbox }
}

/** When the Medusa under test last answered a webhook 2xx (it then handles it after its delay). */
function lastAnsweredAt(sandbox: PortOneSandbox): number | null {
  const answered = sandbox.webhooks
    .flatMap((delivery) => delivery.attempts)
    .filter((attempt) => attempt.status !== null && attempt.status >= 200 && attempt.status < 300)
    .map((attempt) => Date.parse(attempt.at))
  return answered.length ? Math.max(...answered) : null
}

/** Sends the sandbox's webhooks to the Medusa under test, as PortOne would (to the registration `id`'s URL). */
export function portOneWebhookUrl(api: any, registrationId = "portone"): string {
  return `${api.defaults.baseURL}/hooks/payment/${portOneWebhookProvider(registrationId)}`
}

/** What a storefront does before opening PortOne's window: a PortOne session for the cart. */
export async function initiatePortOneSession(api: any, store: TestStore, cartId: string, data: Record<string, unknown> = {}, providerId = PORTONE_PROVIDER_ID) {
  const {
    data: { payment_collection: collection },
  } = await api.post("/store/payment-collections", { cart_id: cartId }, storeHeaders(store))
  const {
    data: { payment_collection: withSession },
  } = await api.post(`/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: providerId, data }, storeHeaders(store))
  return withSession.payment_sessions.find((session: any) => session.provider_id === providerId)
}

/** The storefront after PortOne's window: hands the paymentId (and, on a manual-confirm channel, the token) to the plugin. */
export function completeWithPortOne(api: any, store: TestStore, body: Record<string, unknown>) {
  return api.post("/store/portone/complete", body, { ...storeHeaders(store), validateStatus: () => true })
}
