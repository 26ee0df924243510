/**
 * Medusa registers a payment provider as `pp_<identifier>_<id>`, where `id`
 * is whatever the store gives its registration in medusa-config, and routes
 * its webhooks to `/hooks/payment/<identifier>_<id>`. A store may register
 * Toss several times (one per merchant account), so a Toss provider is
 * recognised by this identifier, never by one id. No imports: the admin
 * bundle uses it too.
 */
export const TOSS_IDENTIFIER = "toss"

const PROVIDER_PREFIX = `pp_${TOSS_IDENTIFIER}_`

/** Whether a session's or payment's `provider_id` is a Toss registration (`pp_toss_<id>`). */
export function isTossProviderId(providerId: unknown): providerId is string {
  return typeof providerId === "string" && providerId.length > PROVIDER_PREFIX.length && providerId.startsWith(PROVIDER_PREFIX)
}

/** The provider id of the registration with this medusa-config `id`. */
export function tossProviderId(registrationId: string): string {
  return `${PROVIDER_PREFIX}${registrationId}`
}

/** The name Medusa's webhook route gives the registration's events (`/hooks/payment/toss_<id>`). */
export function tossWebhookProvider(registrationId: string): string {
  return `${TOSS_IDENTIFIER}_${registrationId}`
}
