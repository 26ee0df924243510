import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { CallOptions, sharedTossClient, TossClient } from "../toss/client"
import type { TossPayment } from "../toss/types"
import { clientOptions, keysFor, TossIntegration, TossOptions } from "../providers/toss/options"

/** The provider's id in medusa-config (`pp_toss_toss` in the database). */
export const TOSS_PROVIDER_CONFIG_ID = "toss"
export const TOSS_PROVIDER_ID = "pp_toss_toss"

/**
 * The provider's options as registered in the payment module, so the
 * plugin's routes, subscribers and jobs share one configuration with the
 * provider (a store sets the keys once).
 */
export function tossOptions(container: MedusaContainer): TossOptions {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const payment = config.modules?.[Modules.PAYMENT] as { options?: { providers?: { id?: string; options?: TossOptions }[] } } | undefined
  const provider = payment?.options?.providers?.find((candidate) => candidate.id === TOSS_PROVIDER_CONFIG_ID)
  if (!provider?.options) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `medusa-payment-toss: no payment provider with id "${TOSS_PROVIDER_CONFIG_ID}" is registered in the payment module of medusa-config`
    )
  }
  return provider.options
}

/** A Toss API client with the secret of `integration`'s key pair. */
export function tossClient(container: MedusaContainer, integration: TossIntegration = "payment"): TossClient {
  const options = tossOptions(container)
  const keys = keysFor(options, integration)
  if (!keys) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss ${integration} integration is not configured.`)
  }
  return sharedTossClient(clientOptions(options, keys.secretKey))
}

/**
 * The payment as Toss has it, asked with the key pair that made it, or with
 * each configured pair when that is not known; null when none knows it.
 */
export async function findTossPayment(
  container: MedusaContainer,
  ref: { paymentKey?: string | null; orderId?: string | null },
  integration?: TossIntegration,
  callOptions: CallOptions = {}
): Promise<TossPayment | null> {
  const options = tossOptions(container)
  const integrations = integration ? [integration] : (["payment", "widget"] as TossIntegration[])
  for (const candidate of integrations) {
    const payment = keysFor(options, candidate) ? await tossClient(container, candidate).findPayment(ref, callOptions) : null
    if (payment) {
      return payment
    }
  }
  return null
}
