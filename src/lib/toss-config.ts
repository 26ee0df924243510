import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { CallOptions, sharedTossClient, TossClient } from "../toss/client"
import type { TossPayment } from "../toss/types"
import { clientOptions, keysFor, TossIntegration, TossOptions } from "../providers/toss/options"
import { TOSS_IDENTIFIER, tossProviderId, tossWebhookProvider } from "./toss-provider-id"
import { providerRegistrations } from "./provider-registrations"

export { isTossProviderId, tossProviderId, tossWebhookProvider } from "./toss-provider-id"

/**
 * One Toss registration in the payment module: one merchant account, with
 * its own keys, webhook URL, ledger, settlements and saved cards. A store
 * may register several (a separate MID for billing, one per brand or sales
 * channel); a session or payment names its own in `provider_id`.
 */
export interface TossAccount {
  /** `pp_toss_<id>`: the `provider_id` of its sessions, payments and account holders. */
  providerId: string
  /** `toss_<id>`: its webhooks arrive at `/hooks/payment/toss_<id>`. */
  webhookProvider: string
  options: TossOptions
}

const accountsOfRegistrations = new WeakMap<object, TossAccount[]>()

/** Every Toss registration of the payment module, in medusa-config's order. */
export function tossAccounts(container: MedusaContainer): TossAccount[] {
  const registrations = providerRegistrations<TossOptions>(container, TOSS_IDENTIFIER)
  let accounts = accountsOfRegistrations.get(registrations)
  if (!accounts) {
    accounts = registrations.map(({ id, options }) => ({ providerId: tossProviderId(id), webhookProvider: tossWebhookProvider(id), options }))
    accountsOfRegistrations.set(registrations, accounts)
  }
  return accounts
}

/** The Toss registration a session or payment belongs to (its `provider_id`); a clear error for any other provider. */
export function tossAccount(container: MedusaContainer, providerId: string | null | undefined): TossAccount {
  const account = tossAccounts(container).find((candidate) => candidate.providerId === providerId)
  if (!account) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `medusa-payment-toss: ${providerId ?? "no provider"} is not a Toss payment provider registered in the payment module of medusa-config (${tossAccounts(container).map((candidate) => candidate.providerId).join(", ") || "none is"})`
    )
  }
  return account
}

/**
 * The Toss account a customer saves cards with: the one the storefront
 * names, else the store's only account with billing on. A clear 4xx when
 * that is not one account.
 */
export function tossBillingAccount(container: MedusaContainer, providerId?: unknown): TossAccount {
  if (providerId !== undefined) {
    if (typeof providerId !== "string") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "provider_id must be the id of a Toss payment provider, e.g. pp_toss_toss.")
    }
    return tossAccount(container, providerId)
  }
  const billing = tossAccounts(container).filter((account) => account.options.billing)
  if (billing.length > 1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `This store saves cards with several Toss accounts: send provider_id, one of ${billing.map((account) => account.providerId).join(", ")}.`
    )
  }
  // None with billing: the first account, whose saved-card calls then say billing is off (none at all: the 400 of no account).
  return billing[0] ?? tossAccounts(container)[0] ?? tossAccount(container, undefined)
}

/**
 * The registration's options as medusa-config gives them to the provider,
 * so the plugin's routes, subscribers and jobs share one configuration with
 * it (a store sets the keys once).
 */
export function tossOptions(container: MedusaContainer, providerId: string | null | undefined): TossOptions {
  return tossAccount(container, providerId).options
}

/** A Toss API client of the registration `providerId`, with the secret of `integration`'s key pair. */
export function tossClient(container: MedusaContainer, providerId: string | null | undefined, integration: TossIntegration = "payment"): TossClient {
  const options = tossOptions(container, providerId)
  const keys = keysFor(options, integration)
  if (!keys) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss ${integration} integration is not configured for ${providerId}.`)
  }
  return sharedTossClient(clientOptions(options, keys.secretKey))
}

/**
 * The payment as the registration's merchant has it at Toss, asked with the
 * key pair that made it, or with each of its pairs when that is not known;
 * null when none knows it.
 */
export async function findTossPayment(
  container: MedusaContainer,
  providerId: string | null | undefined,
  ref: { paymentKey?: string | null; orderId?: string | null },
  integration?: TossIntegration,
  callOptions: CallOptions = {}
): Promise<TossPayment | null> {
  const options = tossOptions(container, providerId)
  const integrations = integration ? [integration] : (["payment", "widget"] as TossIntegration[])
  for (const candidate of integrations) {
    const payment = keysFor(options, candidate) ? await tossClient(container, providerId, candidate).findPayment(ref, callOptions) : null
    if (payment) {
      return payment
    }
  }
  return null
}
