import { MedusaError } from "@medusajs/framework/utils"
import { KST_OFFSET_MS } from "../../toss/time"
import type { TossEscrowProduct, TossFreeInstallmentPlan } from "../../toss/types"
import type { TossMethod } from "./const"
import { isInstallmentMonths, TossOptions } from "./options"

/**
 * The options of Toss's payment request that the server decides, kept in
 * the session for the storefront module to pass to Toss's window as they
 * are (toss-api.md §7, the SDK's types).
 */
export interface TossWindowOptions {
  /** The tax-free (면세) part of the amount, from the cart's tax lines. */
  taxFreeAmount: number
  /** Escrow (에스크로) for a transfer or virtual account; null: the store does not offer it. */
  useEscrow: boolean | null
  /** The cart's items, for escrow. */
  escrowProducts: TossEscrowProduct[] | null
  /** The most installment months the shopper may choose; null: Toss's default (installments from 50,000 KRW only). */
  maxCardInstallmentPlan: number | null
  /** Interest-free installments the store pays for. */
  freeInstallmentPlans: TossFreeInstallmentPlan[] | null
  /** A virtual account's deposit window in hours (1 to 2,160), or its due date; never both. */
  validHours: number | null
  /** Korean time without offset, `2026-12-24T23:59:59`, at most 90 days ahead. */
  dueDate: string | null
}

/** Toss offers card installments from this amount. */
export const INSTALLMENT_MINIMUM = 50_000
/** The longest deposit window Toss takes for a virtual account: 2,160 hours (90 days). */
export const VALID_HOURS_MAX = 2160
const DUE_DATE_MAX_MS = 90 * 24 * 3600_000
const DUE_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/
/** Escrow is buyer protection for money sent by the shopper: transfers and virtual accounts. */
const ESCROW_METHODS: (TossMethod | null)[] = ["TRANSFER", "VIRTUAL_ACCOUNT", null]

function invalid(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

/**
 * The window options of a new session, from what the storefront asked for
 * (`data`), what the server computed from the cart (the tax-free amount,
 * the escrow products) and the store's options. Anything Toss would refuse
 * is refused here first, with a message that says why.
 */
export function readWindowOptions(
  data: Record<string, unknown>,
  { won, method, options, now = new Date() }: { won: number; method: TossMethod | null; options: TossOptions; now?: Date }
): TossWindowOptions {
  const taxFreeAmount = data.taxFreeAmount ?? 0
  if (!Number.isInteger(taxFreeAmount) || (taxFreeAmount as number) < 0 || (taxFreeAmount as number) > won) {
    invalid(`taxFreeAmount must be a whole number of won from 0 to the amount (${won}).`)
  }

  const escrow = options.escrow ?? "off"
  const asked = data.useEscrow
  if (asked !== undefined && asked !== null && typeof asked !== "boolean") {
    invalid("useEscrow must be true or false.")
  }
  if (asked === true && escrow === "off") {
    invalid("This store does not offer escrow (에스크로).")
  }
  if (asked === true && !ESCROW_METHODS.includes(method)) {
    invalid("Escrow (에스크로) is for transfers and virtual accounts only.")
  }
  const cash = ESCROW_METHODS.includes(method)
  const useEscrow = escrow === "off" || !cash ? null : escrow === "always" || asked === true
  const escrowProducts = useEscrow ? readEscrowProducts(data.escrowProducts) : null

  let maxCardInstallmentPlan = options.maxCardInstallmentPlan ?? null
  if (data.maxCardInstallmentPlan !== undefined && data.maxCardInstallmentPlan !== null) {
    if (!isInstallmentMonths(data.maxCardInstallmentPlan)) {
      invalid("maxCardInstallmentPlan must be 0 (lump sum only) or 2 to 12 months.")
    }
    if (maxCardInstallmentPlan !== null && data.maxCardInstallmentPlan > maxCardInstallmentPlan) {
      invalid(`This store offers at most ${maxCardInstallmentPlan} installment months.`)
    }
    maxCardInstallmentPlan = data.maxCardInstallmentPlan
  }
  const installments = won >= INSTALLMENT_MINIMUM

  const validHours = data.validHours ?? null
  const dueDate = data.dueDate ?? null
  if ((validHours !== null || dueDate !== null) && method !== "VIRTUAL_ACCOUNT") {
    invalid("validHours and dueDate are only for a virtual account (method VIRTUAL_ACCOUNT).")
  }
  if (validHours !== null && dueDate !== null) {
    invalid("Give a virtual account either validHours or dueDate, not both.")
  }
  if (validHours !== null && !(Number.isInteger(validHours) && (validHours as number) >= 1 && (validHours as number) <= VALID_HOURS_MAX)) {
    invalid(`validHours must be a whole number of hours from 1 to ${VALID_HOURS_MAX} (Toss keeps a virtual account open for at most 90 days).`)
  }
  if (dueDate !== null) {
    const due = typeof dueDate === "string" ? kstDueDate(dueDate) : null
    if (due === null || due <= now.getTime() || due > now.getTime() + DUE_DATE_MAX_MS) {
      invalid("dueDate must be a Korean time `yyyy-MM-ddTHH:mm:ss` in the next 90 days.")
    }
  }

  return {
    taxFreeAmount: taxFreeAmount as number,
    useEscrow,
    escrowProducts,
    maxCardInstallmentPlan: installments ? maxCardInstallmentPlan : null,
    freeInstallmentPlans: installments ? options.freeInstallmentPlans ?? null : null,
    validHours: validHours as number | null,
    dueDate: dueDate as string | null,
  }
}

function readEscrowProducts(products: unknown): TossEscrowProduct[] {
  const valid =
    Array.isArray(products) &&
    products.length > 0 &&
    products.every(
      (product) =>
        ["id", "name", "code"].every((key) => typeof product?.[key] === "string" && product[key].length > 0) &&
        Number.isInteger(product.unitPrice) &&
        product.unitPrice >= 0 &&
        Number.isInteger(product.quantity) &&
        product.quantity >= 1
    )
  if (!valid) {
    invalid("An escrow payment needs the cart's products (escrowProducts), which the store could not read.")
  }
  return (products as TossEscrowProduct[]).map(({ id, name, code, unitPrice, quantity }) => ({ id, name, code, unitPrice, quantity }))
}

function kstDueDate(value: string): number | null {
  const parts = DUE_DATE_PATTERN.exec(value)
  if (!parts) {
    return null
  }
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number)
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  const back = new Date(ms)
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return null
  }
  return ms - KST_OFFSET_MS
}
