/** What the demo seed creates and the runner, the README and the browser tests refer to. */

/** Medusa's id for the Toss provider registered in medusa-config.ts (`pp_` + identifier + id). */
export const TOSS_PROVIDER_ID = "pp_toss_toss"

/** The admin dashboard login the seed creates. */
export const DEMO_ADMIN = { email: "admin@medusa-toss.test", password: "toss-demo-1234" }

/** Set in the store's metadata once the seed has finished. */
export const SEEDED_MARKER = "toss_demo_seeded"
