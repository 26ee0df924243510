import type { ConfigModule, InternalModuleDeclaration } from "@medusajs/framework/types"
import { FLOOR_PROVIDER } from "../floor-provider/registration"

// The application `npm run bench` measures: the repository's test
// application (medusa-config.ts, with the plugin's src/ through the `src`
// link beside this file) plus the benchmark's floor provider.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const app: ConfigModule = require("../../medusa-config")
const payment = app.modules!.payment as InternalModuleDeclaration

module.exports = {
  ...app,
  modules: {
    ...app.modules,
    payment: { ...payment, options: { ...payment.options, providers: [...(payment.options!.providers as unknown[]), FLOOR_PROVIDER] } },
  },
}
