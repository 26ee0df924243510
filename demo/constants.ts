import { portOneProviderId, portOneWebhookProvider } from "../src/lib/portone-provider-id"
import { tossProviderId, tossWebhookProvider } from "../src/lib/toss-provider-id"

/** What the demo seed creates and the runner, the README and the browser tests refer to. */

/** The `id` medusa-config.ts registers the Toss provider under. */
const TOSS_REGISTRATION_ID = "toss"
/** Medusa's id for it: `pp_toss_toss`. */
export const TOSS_PROVIDER_ID = tossProviderId(TOSS_REGISTRATION_ID)
/** Its webhook route, Medusa's own: `/hooks/payment/toss_toss`. */
export const TOSS_WEBHOOK_PATH = `/hooks/payment/${tossWebhookProvider(TOSS_REGISTRATION_ID)}`

/** The `id` medusa-config.ts registers the PortOne provider under (when PORTONE_API_SECRET is set). */
const PORTONE_REGISTRATION_ID = "portone"
/** Medusa's id for it: `pp_portone_portone`. */
export const PORTONE_PROVIDER_ID = portOneProviderId(PORTONE_REGISTRATION_ID)
/** Its webhook route: `/hooks/payment/portone_portone`. */
export const PORTONE_WEBHOOK_PATH = `/hooks/payment/${portOneWebhookProvider(PORTONE_REGISTRATION_ID)}`

/** The admin dashboard login the seed creates. */
export const DEMO_ADMIN = { email: "admin@medusa-toss.test", password: "toss-demo-1234" }

/** The storefront login the seed creates: a customer who can save a card and pay with it in one click. */
export const DEMO_CUSTOMER = { email: "customer@medusa-toss.test", password: "toss-demo-1234", first_name: "길동", last_name: "홍" }

/** Set in the store's metadata once the seed has finished. */
export const SEEDED_MARKER = "toss_demo_seeded"
