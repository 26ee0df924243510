import { MedusaError } from "@medusajs/framework/utils"
import { isTransient, PortOneApiError } from "../../../portone/errors"

/**
 * A PortOne call of an admin route that failed, in words for the operator:
 * PortOne's refusal is a 400 with its message and type; PortOne out of
 * reach, or an outcome left unknown, is a 400 that says to try again (the
 * request keeps its Idempotency-Key and the refund syncs first, so a retry
 * is the same request; Medusa words every 409 alike and answers 500 to an
 * unexpected state). Never the request itself.
 */
export function portOneFailure(error: unknown, what: string): MedusaError {
  // A workflow hands its step's MedusaError on as an error carrying its type.
  const type = (error as { type?: unknown } | null)?.type
  if (error instanceof MedusaError || (typeof type === "string" && (Object.values(MedusaError.Types) as string[]).includes(type))) {
    const message = (error as Error).message
    return type === MedusaError.Types.UNEXPECTED_STATE ? new MedusaError(MedusaError.Types.NOT_ALLOWED, message) : new MedusaError(type as string, message)
  }
  if (error instanceof PortOneApiError && !isTransient(error)) {
    return new MedusaError(MedusaError.Types.INVALID_DATA, `PortOne refused to ${what}: ${error.message} (${error.type}).`)
  }
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, `PortOne could not be reached to ${what}; nothing is known to have changed. Try again in a moment.`)
}
