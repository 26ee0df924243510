import type { ConfigModule, InternalModuleDeclaration } from "@medusajs/framework/types"

// The application `npm run bench` compares the plugin against: the test
// application of the repository's medusa-config.ts (same database, same
// modules) without the Toss provider. Being booted from this folder, it also
// loads none of the repository's src/ (the plugin's routes, subscribers and
// jobs). Medusa finds `@medusajs/*` in the repository's node_modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const app: ConfigModule = require("../../medusa-config")
const payment = app.modules!.payment as InternalModuleDeclaration

module.exports = {
  ...app,
  modules: {
    ...app.modules,
    payment: { ...payment, options: { ...payment.options, providers: [] } },
  },
}
