import Medusa from "@medusajs/js-sdk"

/** The Medusa API as the logged-in operator: the dashboard's session cookie authenticates. */
export const sdk = new Medusa({
  baseUrl: import.meta.env.VITE_BACKEND_URL || "/",
  auth: { type: "session" },
})
