import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { PortOnePaymentProviderService } from "./service"

export { PortOnePaymentProviderService }
export type { PortOneOptions } from "./options"
export type { PortOneSessionData, PortOneCheckout } from "./session"
export type { PortOnePaymentView } from "./payment-view"

export default ModuleProvider(Modules.PAYMENT, {
  services: [PortOnePaymentProviderService],
})
