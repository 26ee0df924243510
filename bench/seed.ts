/**
 * The benchmark's store: the demo store (a KRW region, products with stock,
 * a flat-rate shipping option), whose region also offers the benchmark's
 * floor provider and Medusa's own `pp_system_default` (and PortOne, which
 * the benchmark registers at its sandbox), so all providers check out the
 * same carts.
 *
 *   (cd bench/app && npx medusa exec ../seed.ts)      (npm run bench runs it)
 */
import { updateRegionsWorkflow } from "@medusajs/medusa/core-flows"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import seedDemoStore from "../demo/seed"
import { FLOOR_PROVIDER_ID } from "./floor-provider/registration"
import { PORTONE_PROVIDER_ID, SYSTEM_PROVIDER_ID, TOSS_PROVIDER_ID } from "./shop"

export default async function seedBenchStore(args: ExecArgs) {
  await seedDemoStore(args)
  const regionModule = args.container.resolve(Modules.REGION)
  const [region] = await regionModule.listRegions({ currency_code: "krw" })
  const portOne = await args.container.resolve(Modules.PAYMENT).listPaymentProviders({ id: [PORTONE_PROVIDER_ID] })
  await updateRegionsWorkflow(args.container).run({
    input: {
      selector: { id: region.id },
      update: { payment_providers: [TOSS_PROVIDER_ID, ...portOne.map((provider) => provider.id), FLOOR_PROVIDER_ID, SYSTEM_PROVIDER_ID] },
    },
  })
}
