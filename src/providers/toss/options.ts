import { MedusaError } from "@medusajs/framework/utils"
import type { TossClientOptions } from "../../toss/client"
import type { TossFreeInstallmentPlan } from "../../toss/types"

export interface TossOptions {
  /**
   * Server-side secret key: API individual key (`test_sk_…` / `live_sk_…`) for
   * the payment window, or a payment widget key (`test_gsk_…` / `live_gsk_…`).
   */
  secretKey: string
  /** The public key of the same pair (`test_ck_…` or `test_gck_…`), handed to the storefront. */
  clientKey?: string
  /** A second, widget pair when the store offers both the payment window and the widget. */
  widgetSecretKey?: string
  widgetClientKey?: string
  /**
   * Toss billing (자동결제): saved cards charged later, at checkout in one
   * click or without the shopper. Needs its own contract with Toss and the
   * API individual key pair (`secretKey` test_sk_… with `clientKey` test_ck_…).
   */
  billing?: boolean
  /** Any Toss-compatible server; the default is Toss itself. */
  apiBaseUrl?: string
  /** Per Toss request, in milliseconds (default 30000). */
  timeoutMs?: number
  /** Retries of a transient Toss failure (default 3). */
  maxRetries?: number
  /** First retry delay in milliseconds (default 300); doubles per retry. */
  retryBaseDelayMs?: number
  /**
   * Escrow (에스크로, buyer protection) for transfers and virtual accounts:
   * "off" (default), "offered" (the storefront lets the shopper choose) or
   * "always".
   */
  escrow?: TossEscrowOption
  /** The most card installment months a shopper may choose (0 = lump sum only, 2–12); Toss offers installments from 50,000 KRW. */
  maxCardInstallmentPlan?: number
  /** Interest-free installments the store pays for, per card company: `[{company: "SHINHAN", months: [2, 3]}]`. */
  freeInstallmentPlans?: TossFreeInstallmentPlan[]
}

export type TossEscrowOption = "off" | "offered" | "always"

/** The two Toss integrations: the payment window and the payment widget. */
export type TossIntegration = "payment" | "widget"

interface KeyShape {
  environment: "test" | "live"
  kind: "sk" | "ck" | "gsk" | "gck"
}

const KEY_PATTERN = /^(test|live)_(sk|ck|gsk|gck)_[A-Za-z0-9_]+$/

function parseKey(key: string): KeyShape | null {
  const match = KEY_PATTERN.exec(key)
  return match ? { environment: match[1] as KeyShape["environment"], kind: match[2] as KeyShape["kind"] } : null
}

function fail(option: string, why: string): never {
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `medusa-payment-toss: option \`${option}\` ${why}`
  )
}

function checkKey(option: string, value: unknown, expected: KeyShape["kind"][]): KeyShape | null {
  if (value === undefined || value === null || value === "") {
    return null
  }
  if (typeof value !== "string") {
    fail(option, "must be a string")
  }
  const shape = parseKey(value)
  if (!shape) {
    fail(option, `is not a Toss key (expected ${expected.map((k) => `test_${k}_…`).join(" or ")}; find it in the Toss developer center under API keys)`)
  }
  if (!expected.includes(shape.kind)) {
    const isPublic = shape.kind === "ck" || shape.kind === "gck"
    fail(
      option,
      isPublic
        ? `holds a client key (${shape.environment}_${shape.kind}_…); the server needs the secret key of the pair (${expected.map((k) => `${shape.environment}_${k}_…`).join(" or ")})`
        : `holds a secret key (${shape.environment}_${shape.kind}_…), which must never reach the storefront; give the client key of the pair (${expected.map((k) => `${shape.environment}_${k}_…`).join(" or ")})`
    )
  }
  return shape
}

function checkPositiveInteger(option: string, value: unknown, allowZero = false): void {
  if (value === undefined) {
    return
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    fail(option, `must be a ${allowZero ? "non-negative" : "positive"} whole number, got ${JSON.stringify(value)}`)
  }
}

/**
 * Runs at boot (Medusa calls it before the provider is registered): a wrong
 * option stops the server with a message naming the option and the fix.
 */
export function validateOptions(options: Record<string, unknown>): void {
  const secret = checkKey("secretKey", options.secretKey, ["sk", "gsk"])
  if (!secret) {
    fail("secretKey", "is missing: set it to your Toss secret key (test_sk_… for testing), e.g. from the TOSS_SECRET_KEY environment variable")
  }
  const client = checkKey("clientKey", options.clientKey, secret.kind === "sk" ? ["ck"] : ["gck"])
  const widgetSecret = checkKey("widgetSecretKey", options.widgetSecretKey, ["gsk"])
  const widgetClient = checkKey("widgetClientKey", options.widgetClientKey, ["gck"])

  if (Boolean(widgetSecret) !== Boolean(widgetClient)) {
    fail(widgetSecret ? "widgetClientKey" : "widgetSecretKey", "is missing: the widget keys come as a pair (test_gck_… and test_gsk_…)")
  }
  if (widgetSecret && secret.kind === "gsk") {
    fail("widgetSecretKey", "is not needed: `secretKey` already holds a widget key")
  }
  for (const [option, shape] of [
    ["clientKey", client],
    ["widgetSecretKey", widgetSecret],
    ["widgetClientKey", widgetClient],
  ] as const) {
    if (shape && shape.environment !== secret.environment) {
      fail(option, `is a ${shape.environment} key but \`secretKey\` is a ${secret.environment} key: test and live keys cannot be mixed`)
    }
  }

  if (options.billing !== undefined && typeof options.billing !== "boolean") {
    fail("billing", `must be true or false, got ${JSON.stringify(options.billing)}`)
  }
  if (options.billing && (secret.kind !== "sk" || !client)) {
    fail(
      "billing",
      secret.kind !== "sk"
        ? "needs the API individual key pair: Toss refuses billing with the payment widget's keys. Set `secretKey` to test_sk_… and `clientKey` to test_ck_… (the widget pair can stay in `widgetSecretKey` / `widgetClientKey`)"
        : "needs `clientKey` (test_ck_…) as well: the storefront opens Toss's card registration with it"
    )
  }

  if (options.apiBaseUrl !== undefined) {
    if (typeof options.apiBaseUrl !== "string" || !/^https?:\/\/[^\s]+$/.test(options.apiBaseUrl)) {
      fail("apiBaseUrl", `must be an http(s) URL, got ${JSON.stringify(options.apiBaseUrl)}`)
    }
    // The secret key travels in every request's Authorization header.
    if (options.apiBaseUrl.startsWith("http:") && !isLoopback(new URL(options.apiBaseUrl).hostname)) {
      fail("apiBaseUrl", `must use https: over plain http the secret key would travel in clear text (only a server on this machine, e.g. http://127.0.0.1:9010, may use http)`)
    }
  }
  checkPositiveInteger("timeoutMs", options.timeoutMs)
  checkPositiveInteger("maxRetries", options.maxRetries, true)
  checkPositiveInteger("retryBaseDelayMs", options.retryBaseDelayMs, true)

  if (options.escrow !== undefined && !["off", "offered", "always"].includes(options.escrow as string)) {
    fail("escrow", `must be "off", "offered" or "always", got ${JSON.stringify(options.escrow)}`)
  }
  if (options.maxCardInstallmentPlan !== undefined && !isInstallmentMonths(options.maxCardInstallmentPlan)) {
    fail("maxCardInstallmentPlan", `must be 0 (lump sum only) or 2 to 12 months, got ${JSON.stringify(options.maxCardInstallmentPlan)}`)
  }
  if (options.freeInstallmentPlans !== undefined) {
    const plans = options.freeInstallmentPlans
    const valid =
      Array.isArray(plans) &&
      plans.every(
        (plan) =>
          typeof plan?.company === "string" &&
          plan.company.length > 0 &&
          Array.isArray(plan.months) &&
          plan.months.length > 0 &&
          plan.months.every((months: unknown) => isInstallmentMonths(months) && months !== 0)
      )
    if (!valid) {
      fail("freeInstallmentPlans", 'must be a list of {company, months}, e.g. [{ company: "SHINHAN", months: [2, 3] }] (months 2 to 12)')
    }
  }
}

/** 0 (lump sum) or 2 to 12 months, as Toss counts installments. */
export function isInstallmentMonths(months: unknown): months is number {
  return Number.isInteger(months) && ((months as number) === 0 || ((months as number) >= 2 && (months as number) <= 12))
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** The key pair that confirms a payment made through `integration`. */
export function keysFor(options: TossOptions, integration: TossIntegration): { secretKey: string; clientKey?: string } | null {
  const secretIsWidget = options.secretKey.includes("_gsk_")
  if (integration === "widget") {
    if (secretIsWidget) {
      return { secretKey: options.secretKey, clientKey: options.clientKey }
    }
    return options.widgetSecretKey
      ? { secretKey: options.widgetSecretKey, clientKey: options.widgetClientKey }
      : null
  }
  return secretIsWidget ? null : { secretKey: options.secretKey, clientKey: options.clientKey }
}

/** The Toss client settings of these options, for one of their secret keys. */
export function clientOptions(options: TossOptions, secretKey: string): TossClientOptions {
  return {
    secretKey,
    apiBaseUrl: options.apiBaseUrl,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs,
  }
}
