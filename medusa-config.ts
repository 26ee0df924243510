import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// The Medusa application that the integration tests, the demo and the
// benchmark boot. It registers the Toss provider from this repository's own
// source; a store registers the published package the same way, with
// `resolve: "medusa-payment-toss/providers/toss"` (see the README).
const storeCors = process.env.STORE_CORS ?? "http://localhost:8000,http://localhost:9000"
const adminCors = process.env.ADMIN_CORS ?? "http://localhost:9000"
const redisUrl = process.env.REDIS_URL

/**
 * The PortOne provider, registered only when its API secret is set, so a
 * Toss-only run (tests, demo, benchmark) is unchanged. A store registers
 * `resolve: "medusa-payment-toss/providers/portone"` the same way.
 */
const portOneProviders = process.env.PORTONE_API_SECRET
  ? [
      {
        resolve: "./src/providers/portone",
        id: "portone",
        options: {
          storeId: process.env.PORTONE_STORE_ID,
          apiSecret: process.env.PORTONE_API_SECRET,
          webhookSecret: process.env.PORTONE_WEBHOOK_SECRET,
          channelKeys: (process.env.PORTONE_CHANNEL_KEYS ?? "").split(",").filter(Boolean),
          // Recurring payments (saved billing keys) go through this channel; unset: none.
          billingChannelKey: process.env.PORTONE_BILLING_CHANNEL_KEY || undefined,
          apiBaseUrl: process.env.PORTONE_API_BASE_URL,
          timeoutMs: process.env.PORTONE_TIMEOUT_MS ? Number(process.env.PORTONE_TIMEOUT_MS) : undefined,
          retryBaseDelayMs: process.env.PORTONE_RETRY_BASE_DELAY_MS ? Number(process.env.PORTONE_RETRY_BASE_DELAY_MS) : undefined,
        },
      },
    ]
  : []

/**
 * With REDIS_URL, the application can run as several processes sharing one
 * Postgres and one Redis (README, "Production"): server instances
 * (MEDUSA_WORKER_MODE=server) and worker instances (worker). Events, workflow
 * state, scheduled jobs, the cache and every lock then live in Redis, so a
 * lock taken on one instance excludes the others. Without REDIS_URL, Medusa's
 * in-process modules are used, as in one `shared` process.
 */
const clusterModules = redisUrl
  ? [
      {
        resolve: "@medusajs/medusa/event-bus-redis",
        options: { redisUrl },
      },
      {
        resolve: "@medusajs/medusa/workflow-engine-redis",
        options: { redis: { redisUrl } },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [{ resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } }],
        },
      },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ]
  : []

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    // Admin sessions in Redis, so a login holds on every server instance.
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined,
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
        // How long Medusa waits before handling a received webhook (its default, 5 s, when unset).
        webhook_delay: process.env.MEDUSA_WEBHOOK_DELAY_MS ? Number(process.env.MEDUSA_WEBHOOK_DELAY_MS) : undefined,
        providers: [
          {
            resolve: "./src/providers/toss",
            id: "toss",
            options: {
              secretKey: process.env.TOSS_SECRET_KEY,
              clientKey: process.env.TOSS_CLIENT_KEY,
              widgetSecretKey: process.env.TOSS_WIDGET_SECRET_KEY,
              widgetClientKey: process.env.TOSS_WIDGET_CLIENT_KEY,
              // Saved cards (자동결제): needs Toss's billing contract and the API key pair.
              billing: process.env.TOSS_BILLING === "true",
              apiBaseUrl: process.env.TOSS_API_BASE_URL,
              timeoutMs: process.env.TOSS_TIMEOUT_MS ? Number(process.env.TOSS_TIMEOUT_MS) : undefined,
              retryBaseDelayMs: process.env.TOSS_RETRY_BASE_DELAY_MS ? Number(process.env.TOSS_RETRY_BASE_DELAY_MS) : undefined,
              escrow: process.env.TOSS_ESCROW as "off" | "offered" | "always" | undefined,
              maxCardInstallmentPlan: process.env.TOSS_MAX_CARD_INSTALLMENT_PLAN ? Number(process.env.TOSS_MAX_CARD_INSTALLMENT_PLAN) : undefined,
              freeInstallmentPlans: process.env.TOSS_FREE_INSTALLMENT_PLANS ? JSON.parse(process.env.TOSS_FREE_INSTALLMENT_PLANS) : undefined,
            },
          },
          ...portOneProviders,
        ],
      },
    },
    ...clusterModules,
  ],
})
