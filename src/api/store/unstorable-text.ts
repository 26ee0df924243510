import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { LONE_SURROGATE } from "../../providers/toss/text"

/** Half an emoji (a lone UTF-16 surrogate) or a NUL character: Postgres stores neither in JSON. */
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`)

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (depth > 32) {
    return true
  }
  if (typeof value === "string") {
    return UNSTORABLE.test(value)
  }
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, item]) => UNSTORABLE.test(key) || hasUnstorableText(item, depth + 1))
  }
  return false
}

/**
 * Before a store route that writes what the storefront sent: text Postgres
 * cannot store (and bodies nested past any use) is refused with a 400 that
 * says so, instead of failing in the database with a 500.
 */
export function refuseUnstorableText(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  if (hasUnstorableText(req.body)) {
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The request holds text that cannot be stored (a NUL character or half of an emoji), or is nested too deeply."
      )
    )
  }
  next()
}
