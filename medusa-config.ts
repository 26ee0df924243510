import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The Medusa application that the integration tests, the demo and the
// benchmark boot. It registers the Toss provider from this repository's own
// source; a store registers the published package the same way, with
// `resolve: "medusa-payment-toss/providers/toss"` (see the README).
const storeCors = process.env.STORE_CORS ?? "http://localhost:8000,http://localhost:9000"
const adminCors = process.env.ADMIN_CORS ?? "http://localhost:9000"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors,
      adminCors,
      authCors: process.env.AUTH_CORS ?? `${storeCors},${adminCors}`,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.NODE_ENV === "test" || process.env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    // The plugin's own module; a store gets it from the plugin's entry in
    // `plugins` (Medusa registers a plugin's modules itself).
    { resolve: "./src/modules/toss" },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            resolve: "./src/providers/toss",
            id: "toss",
            options: {
              secretKey: process.env.TOSS_SECRET_KEY,
              clientKey: process.env.TOSS_CLIENT_KEY,
              widgetSecretKey: process.env.TOSS_WIDGET_SECRET_KEY,
              widgetClientKey: process.env.TOSS_WIDGET_CLIENT_KEY,
              apiBaseUrl: process.env.TOSS_API_BASE_URL,
              timeoutMs: process.env.TOSS_TIMEOUT_MS ? Number(process.env.TOSS_TIMEOUT_MS) : undefined,
              retryBaseDelayMs: process.env.TOSS_RETRY_BASE_DELAY_MS ? Number(process.env.TOSS_RETRY_BASE_DELAY_MS) : undefined,
              escrow: process.env.TOSS_ESCROW as "off" | "offered" | "always" | undefined,
              maxCardInstallmentPlan: process.env.TOSS_MAX_CARD_INSTALLMENT_PLAN ? Number(process.env.TOSS_MAX_CARD_INSTALLMENT_PLAN) : undefined,
              freeInstallmentPlans: process.env.TOSS_FREE_INSTALLMENT_PLANS ? JSON.parse(process.env.TOSS_FREE_INSTALLMENT_PLANS) : undefined,
            },
          },
        ],
      },
    },
  ],
})
