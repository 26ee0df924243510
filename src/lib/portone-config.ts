import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules, normalizeImportPathWithSource, resolveFromProject } from "@medusajs/framework/utils"
import { PortOneClient } from "../portone/client"
import { clientOptions, PortOneOptions } from "../providers/portone/options"
import { PORTONE_IDENTIFIER, portOneProviderId, portOneWebhookProvider } from "./portone-provider-id"

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

interface ProviderEntry {
  resolve?: unknown
  id?: string
  options?: PortOneOptions
}

const accountsOfConfig = new WeakMap<object, PortOneAccount[]>()

/** Every PortOne registration of the payment module, in medusa-config's order. */
export function portOneAccounts(container: MedusaContainer): PortOneAccount[] {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  let accounts = accountsOfConfig.get(config)
  if (!accounts) {
    const payment = config.modules?.[Modules.PAYMENT] as { options?: { providers?: ProviderEntry[] } } | undefined
    accounts = (payment?.options?.providers ?? [])
      .filter((entry) => typeof entry.id === "string" && entry.options && isPortOneRegistration(entry.resolve))
      .map((entry) => ({
        providerId: portOneProviderId(entry.id!),
        webhookProvider: portOneWebhookProvider(entry.id!),
        options: entry.options!,
      }))
    accountsOfConfig.set(config, accounts)
  }
  return accounts
}

/** Whether a provider entry registers a service with PortOne's identifier, as Medusa reads it to name the provider. */
function isPortOneRegistration(resolve: unknown): boolean {
  let loaded = resolve
  if (typeof resolve === "string") {
    try {
      loaded = require(resolveFromProject(normalizeImportPathWithSource(resolve)))
    } catch {
      return false
    }
  }
  const module = (loaded as { default?: unknown } | undefined)?.default ?? loaded
  const services = (module as { services?: { identifier?: string }[] } | undefined)?.services ?? []
  return services.some((service) => service?.identifier === PORTONE_IDENTIFIER)
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
