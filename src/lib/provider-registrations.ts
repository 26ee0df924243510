import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, normalizeImportPathWithSource, resolveFromProject } from "@medusajs/framework/utils"

/** One entry of the payment module's `providers` in medusa-config that registers one of this plugin's providers. */
export interface ProviderRegistration<Options> {
  /** The entry's `id`: Medusa names the provider `pp_<identifier>_<id>`. */
  id: string
  options: Options
}

interface ProviderEntry {
  resolve?: unknown
  id?: string
  options?: unknown
}

const registrationsOfConfig = new WeakMap<object, Map<string, ProviderRegistration<unknown>[]>>()

/**
 * The payment module's provider entries whose service has this identifier,
 * in medusa-config's order: a road's registrations (Toss, PortOne), however
 * the store spells their `resolve` and whatever `id` it gives them.
 */
export function providerRegistrations<Options>(container: MedusaContainer, identifier: string): ProviderRegistration<Options>[] {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  let byIdentifier = registrationsOfConfig.get(config)
  if (!byIdentifier) {
    byIdentifier = new Map()
    registrationsOfConfig.set(config, byIdentifier)
  }
  let registrations = byIdentifier.get(identifier)
  if (!registrations) {
    const payment = config.modules?.[Modules.PAYMENT] as { options?: { providers?: ProviderEntry[] } } | undefined
    registrations = (payment?.options?.providers ?? [])
      .filter((entry) => typeof entry.id === "string" && entry.options && registers(entry.resolve, identifier))
      .map((entry) => ({ id: entry.id!, options: entry.options }))
    byIdentifier.set(identifier, registrations)
  }
  return registrations as ProviderRegistration<Options>[]
}

/** Whether a provider entry's module has a service with this identifier, as Medusa reads it to name the provider. */
function registers(resolve: unknown, identifier: string): boolean {
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
  return services.some((service) => service?.identifier === identifier)
}
