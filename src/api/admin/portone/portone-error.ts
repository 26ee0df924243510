import { MedusaError } from "@medusajs/framework/utils"
import { isTransient, PortOneApiError } from "../../../portone/errors"

/**
 * A PortOne call of an admin route that failed, in words for the operator:
 * PortOne's refusal is a 400 with its message and type; PortOne out of
 * reach is a 409 that says to try again (the request keeps its
 * Idempotency-Key, so a retry is the same request). Never the request itself.
 */
export function portOneFailure(error: unknown, what: string): MedusaError {
  if (error instanceof MedusaError) {
    return error
  }
  if (error instanceof PortOneApiError && !isTransient(error)) {
    return new MedusaError(MedusaError.Types.INVALID_DATA, `PortOne refused to ${what}: ${error.message} (${error.type}).`)
  }
  return new MedusaError(MedusaError.Types.CONFLICT, `PortOne could not be reached to ${what}; nothing is known to have changed. Try again in a moment.`)
}
