import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { PortOneClient } from "../portone/client"
import { clientOptions, PortOneOptions } from "../providers/portone/options"
import { PORTONE_IDENTIFIER, portOneProviderId, portOneWebhookProvider } from "./portone-provider-id"
import { providerRegistrations } from "./provider-registrations"

export { isPortOneProviderId, portOneProviderId, portOneWebhookProvider } from "./portone-provider-id"

/**
 * One PortOne registration in the payment module: one PortOne store, with
 * its own API secret, webhook secret and channels (the twin of TossAccount).
 */
export interface PortOneAccount {
  /** `pp_portone_<id>`: the `provider_id` of its sessions and payments. */
  providerId: string
  /** `portone_<id>`: its webhooks arrive at `/hooks/payment/portone_<id>`. */
  webhookProvider: string
  options: PortOneOptions
}

const accountsOfRegistrations = new WeakMap<object, PortOneAccount[]>()

/** Every PortOne registration of the payment module, in medusa-config's order. */
export function portOneAccounts(container: MedusaContainer): PortOneAccount[] {
  const registrations = providerRegistrations<PortOneOptions>(container, PORTONE_IDENTIFIER)
  let accounts = accountsOfRegistrations.get(registrations)
  if (!accounts) {
    accounts = registrations.map(({ id, options }) => ({ providerId: portOneProviderId(id), webhookProvider: portOneWebhookProvider(id), options }))
    accountsOfRegistrations.set(registrations, accounts)
  }
  return accounts
}

/** The PortOne registration a session or payment belongs to (its `provider_id`); a clear 4xx for any other provider. */
export function portOneAccount(container: MedusaContainer, providerId: string | null | undefined): PortOneAccount {
  const account = portOneAccounts(container).find((candidate) => candidate.providerId === providerId)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `medusa-payment-toss: ${providerId ?? "no provider"} is not a PortOne payment provider registered in the payment module of medusa-config (${portOneAccounts(container).map((candidate) => candidate.providerId).join(", ") || "none is"})`
    )
  }
  return account
}

const sharedClients = new Map<string, PortOneClient>()

/**
 * One client per configuration in a process, shared by the provider and the
 * plugin's routes, subscribers and jobs.
 */
export function sharedPortOneClient(options: PortOneOptions): PortOneClient {
  const settings = clientOptions(options)
  const id = JSON.stringify([settings.apiSecret, settings.storeId, settings.apiBaseUrl, settings.timeoutMs, settings.maxRetries, settings.retryBaseDelayMs])
  let client = sharedClients.get(id)
  if (!client) {
    client = new PortOneClient(settings)
    sharedClients.set(id, client)
  }
  return client
}

/** A PortOne API client of the registration `providerId`. */
export function portOneClient(container: MedusaContainer, providerId: string | null | undefined): PortOneClient {
  return sharedPortOneClient(portOneAccount(container, providerId).options)
}
