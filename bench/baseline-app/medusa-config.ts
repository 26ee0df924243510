import type { ConfigModule, InternalModuleDeclaration } from "@medusajs/framework/types"
import { FLOOR_PROVIDER } from "../floor-provider/registration"

// The application `npm run bench` compares the plugin against: bench/app
// without the plugin, that is the test application of the repository's
// medusa-config.ts (same database, same Medusa modules) without the Toss
// provider and the plugin's module, with the benchmark's floor provider.
// Being booted from this folder, it loads none of the repository's src/ (the
// plugin's routes, subscribers and jobs). Only src/modules/toss is linked
// here: defineConfig in medusa-config.ts requires it to name the module,
// before this file leaves it out. Medusa finds `@medusajs/*` in the
// repository's node_modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const app: ConfigModule = require("../../medusa-config")
const { toss: _plugin, ...medusaModules } = app.modules as Record<string, InternalModuleDeclaration>
const payment = medusaModules.payment

module.exports = {
  ...app,
  modules: {
    ...medusaModules,
    payment: { ...payment, options: { ...payment.options, providers: [FLOOR_PROVIDER] } },
  },
}
