import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { PortOneClient } from "../portone/client"
import type { PortOneOptions } from "../providers/portone/options"
import { isPortOneProviderId, PORTONE_IDENTIFIER } from "./portone-provider-id"

export { isPortOneProviderId } from "./portone-provider-id"

/** One PortOne registration of the payment module (as `TossAccount`). */
export interface PortOneAccount {
  /** `pp_portone_<id>`. */
  providerId: string
  /** `portone_<id>`: its webhooks arrive at `/hooks/payment/portone_<id>`. */
  webhookProvider: string
  options: PortOneOptions
}

interface ProviderEntry {
  resolve?: unknown
  id?: string
  options?: PortOneOptions
}

/** Every PortOne registration of the payment module, in medusa-config's order. */
export function portOneAccounts(container: MedusaContainer): PortOneAccount[] {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const payment = config.modules?.[Modules.PAYMENT] as { options?: { providers?: ProviderEntry[] } } | undefined
  return (payment?.options?.providers ?? [])
    .filter((entry) => typeof entry.id === "string" && entry.options && String(entry.resolve ?? "").includes(`providers/${PORTONE_IDENTIFIER}`))
    .map((entry) => ({ providerId: `pp_${PORTONE_IDENTIFIER}_${entry.id}`, webhookProvider: `${PORTONE_IDENTIFIER}_${entry.id}`, options: entry.options! }))
    .filter((account) => isPortOneProviderId(account.providerId))
}

export function portOneAccount(container: MedusaContainer, providerId: string | null | undefined): PortOneAccount {
  const account = portOneAccounts(container).find((candidate) => candidate.providerId === providerId)
  if (!account) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `medusa-payment-toss: ${providerId ?? "no provider"} is not a PortOne payment provider registered in medusa-config`)
  }
  return account
}

export function portOneClient(container: MedusaContainer, providerId: string | null | undefined): PortOneClient {
  const { options } = portOneAccount(container, providerId)
  return new PortOneClient({ storeId: options.storeId, apiSecret: options.apiSecret, apiBaseUrl: options.apiBaseUrl, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries, retryBaseDelayMs: options.retryBaseDelayMs })
}
