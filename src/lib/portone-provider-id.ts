/**
 * Medusa registers a payment provider as `pp_<identifier>_<id>` and routes
 * its webhooks to `/hooks/payment/<identifier>_<id>` (see
 * toss-provider-id.ts). A PortOne provider is recognised by this
 * identifier, never by one id. No imports: the storefront and the admin
 * bundle may use it too.
 */
export const PORTONE_IDENTIFIER = "portone"

const PROVIDER_PREFIX = `pp_${PORTONE_IDENTIFIER}_`

/** Whether a session's or payment's `provider_id` is a PortOne registration (`pp_portone_<id>`). */
export function isPortOneProviderId(providerId: unknown): providerId is string {
  return typeof providerId === "string" && providerId.length > PROVIDER_PREFIX.length && providerId.startsWith(PROVIDER_PREFIX)
}

/** The provider id of the registration with this medusa-config `id`. */
export function portOneProviderId(registrationId: string): string {
  return `${PROVIDER_PREFIX}${registrationId}`
}

/** The name Medusa's webhook route gives the registration's events (`/hooks/payment/portone_<id>`). */
export function portOneWebhookProvider(registrationId: string): string {
  return `${PORTONE_IDENTIFIER}_${registrationId}`
}
