import { defineConfig } from "@medusajs/framework/utils"

// The application `integration-tests/http/accounts.spec.ts` boots: one store
// with two Toss merchant accounts, registered under ids of its own ("shop",
// "outlet"), each with its own keys and its own Toss (a sandbox each). Its
// `src` is the repository's (a link), as a store's plugin entry would load it.
const account = (name: string) => ({
  secretKey: process.env[`TOSS_${name}_SECRET_KEY`],
  clientKey: process.env[`TOSS_${name}_CLIENT_KEY`],
  billing: true,
  apiBaseUrl: process.env[`TOSS_${name}_API_BASE_URL`],
  timeoutMs: 2000,
  retryBaseDelayMs: 50,
})

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:8000,http://localhost:9000",
      jwtSecret: "supersecret",
      cookieSecret: "supersecret",
    },
  },
  admin: { disable: true },
  modules: [
    { resolve: "./src/modules/toss" },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          { resolve: "./src/providers/toss", id: "shop", options: account("SHOP") },
          { resolve: "./src/providers/toss", id: "outlet", options: account("OUTLET") },
        ],
      },
    },
  ],
})
