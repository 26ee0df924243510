/**
 * PortOne's registrations, recognised as Toss's are (see toss-provider-id.ts):
 * `pp_portone_<id>`, webhooks at `/hooks/payment/portone_<id>`. No imports.
 */
export const PORTONE_IDENTIFIER = "portone"

const PROVIDER_PREFIX = `pp_${PORTONE_IDENTIFIER}_`

/** Whether a session's or payment's `provider_id` is a PortOne registration (`pp_portone_<id>`). */
export function isPortOneProviderId(providerId: unknown): providerId is string {
  return typeof providerId === "string" && providerId.length > PROVIDER_PREFIX.length && providerId.startsWith(PROVIDER_PREFIX)
}
