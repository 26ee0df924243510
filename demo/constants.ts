/** What the demo seed creates and the runner, the README and the browser tests refer to. */

/** Medusa's id for the Toss provider registered in medusa-config.ts (`pp_` + identifier + id). */
export const TOSS_PROVIDER_ID = "pp_toss_toss"

/** The admin dashboard login the seed creates. */
export const DEMO_ADMIN = { email: "admin@medusa-toss.test", password: "toss-demo-1234" }

/** The storefront login the seed creates: a customer who can save a card and pay with it in one click. */
export const DEMO_CUSTOMER = { email: "customer@medusa-toss.test", password: "toss-demo-1234", first_name: "길동", last_name: "홍" }

/** Set in the store's metadata once the seed has finished. */
export const SEEDED_MARKER = "toss_demo_seeded"
