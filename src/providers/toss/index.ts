import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { TossPaymentProviderService } from "./service"

export { TossPaymentProviderService }
export type { TossOptions } from "./options"
export type { TossSessionData, TossPaymentView } from "./session-data"

export default ModuleProvider(Modules.PAYMENT, {
  services: [TossPaymentProviderService],
})
