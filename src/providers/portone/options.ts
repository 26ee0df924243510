import { MedusaError } from "@medusajs/framework/utils"
import type { PortOneClientOptions } from "../../portone/client"

export interface PortOneOptions {
  /** The PortOne store (`store-<uuid>`, console → 결제 연동 → 연동 정보); the browser SDK needs it. */
  storeId: string
  /** The V2 API secret of that store (same page, "V2 API Secret"); never a PG's own key. */
  apiSecret: string
  /**
   * The webhook secret(s) (`whsec_…`, console → 결제 연동 → 웹훅). Two while
   * one is being rotated: PortOne keeps both alive for a while.
   */
  webhookSecret: string | string[]
  /** The channels the checkout offers (`channel-key-<uuid>`, one per PG: 토스페이, KG이니시스, …). */
  channelKeys: string[]
  /** The channel recurring payments (billing keys) go through, when the store offers them. */
  billingChannelKey?: string
  /** Any PortOne-compatible server; the default is PortOne itself. */
  apiBaseUrl?: string
  /** Per PortOne request, in milliseconds (default 60000, as PortOne asks). */
  timeoutMs?: number
  /** Retries of a transient PortOne failure (default 3). */
  maxRetries?: number
  /** First retry delay in milliseconds (default 300); doubles per retry. */
  retryBaseDelayMs?: number
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
const STORE_ID = new RegExp(`^store-${UUID}$`, "i")
const CHANNEL_KEY = new RegExp(`^channel-key-${UUID}$`, "i")
/** What @portone/server-sdk's Webhook.verify can read: base64 after an optional `whsec_`. */
const WEBHOOK_SECRET = /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/

function fail(option: string, why: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `medusa-payment-toss (PortOne): option \`${option}\` ${why}`)
}

function checkNumber(option: string, value: unknown, allowZero = false): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < (allowZero ? 0 : 1))) {
    fail(option, `must be a ${allowZero ? "non-negative" : "positive"} whole number, got ${JSON.stringify(value)}`)
  }
}

function checkChannelKey(option: string, value: unknown): void {
  if (typeof value !== "string" || !CHANNEL_KEY.test(value)) {
    fail(option, `must hold channel keys (channel-key-<uuid>, console → 결제 연동 → 채널 관리), got ${JSON.stringify(value)}`)
  }
}

/**
 * Runs at boot, before the provider is registered: a wrong option stops the
 * server with a message naming the option and where to find the right value.
 * Secrets are never repeated in a message.
 */
export function validateOptions(options: Record<string, unknown>): void {
  if (typeof options.storeId !== "string" || options.storeId === "") {
    fail("storeId", "is missing: set it to your PortOne store id (store-<uuid>, console → 결제 연동 → 연동 정보)")
  }
  if (!STORE_ID.test(options.storeId)) {
    fail("storeId", `is not a PortOne store id (expected store-<uuid>), got ${JSON.stringify(options.storeId)}`)
  }

  const secret = options.apiSecret
  if (typeof secret !== "string" || secret === "") {
    fail("apiSecret", "is missing: set it to the store's V2 API secret (console → 결제 연동 → 연동 정보 → V2 API), e.g. from the PORTONE_API_SECRET environment variable")
  }
  if (/\s/.test(secret)) {
    fail("apiSecret", "contains white space: copy the V2 API secret again without spaces or line breaks")
  }
  if (secret.startsWith("whsec_")) {
    fail("apiSecret", "holds a webhook secret (whsec_…): give the V2 API secret here and the webhook secret in `webhookSecret`")
  }

  const webhookSecrets = Array.isArray(options.webhookSecret) ? options.webhookSecret : [options.webhookSecret]
  if (webhookSecrets.length === 0 || webhookSecrets.length > 2) {
    fail("webhookSecret", "must be one secret, or two while one is rotated")
  }
  for (const webhookSecret of webhookSecrets) {
    if (typeof webhookSecret !== "string" || webhookSecret === "") {
      fail("webhookSecret", "is missing: set it to the webhook secret (whsec_…, console → 결제 연동 → 웹훅); without it no webhook can be trusted")
    }
    if (!WEBHOOK_SECRET.test(webhookSecret) || webhookSecret === "whsec_") {
      fail("webhookSecret", "is not a PortOne webhook secret (whsec_ followed by base64): copy it again from the console")
    }
    if (webhookSecret === secret) {
      fail("webhookSecret", "is the same as `apiSecret`: the webhook secret is a different value (whsec_…)")
    }
  }

  if (!Array.isArray(options.channelKeys) || options.channelKeys.length === 0) {
    fail("channelKeys", "is missing: list the channel keys the checkout offers, e.g. [\"channel-key-…\"] for 토스페이 (console → 결제 연동 → 채널 관리)")
  }
  options.channelKeys.forEach((key) => checkChannelKey("channelKeys", key))
  if (new Set(options.channelKeys).size !== options.channelKeys.length) {
    fail("channelKeys", "lists a channel key twice")
  }
  if (options.billingChannelKey !== undefined) {
    checkChannelKey("billingChannelKey", options.billingChannelKey)
  }

  if (options.apiBaseUrl !== undefined) {
    if (typeof options.apiBaseUrl !== "string" || !/^https?:\/\/[^\s]+$/.test(options.apiBaseUrl)) {
      fail("apiBaseUrl", `must be an http(s) URL, got ${JSON.stringify(options.apiBaseUrl)}`)
    }
    // The API secret travels in every request's Authorization header.
    if (options.apiBaseUrl.startsWith("http:") && !isLoopback(new URL(options.apiBaseUrl).hostname)) {
      fail("apiBaseUrl", "must use https: over plain http the API secret would travel in clear text (only a server on this machine, e.g. http://127.0.0.1:9020, may use http)")
    }
  }
  checkNumber("timeoutMs", options.timeoutMs)
  checkNumber("maxRetries", options.maxRetries, true)
  checkNumber("retryBaseDelayMs", options.retryBaseDelayMs, true)
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** The PortOne client settings of these options. */
export function clientOptions(options: PortOneOptions): PortOneClientOptions {
  return {
    apiSecret: options.apiSecret,
    storeId: options.storeId,
    apiBaseUrl: options.apiBaseUrl,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    retryBaseDelayMs: options.retryBaseDelayMs,
  }
}

/** The webhook secrets as a list, for verifyPortOneWebhook. */
export function webhookSecrets(options: Pick<PortOneOptions, "webhookSecret">): string[] {
  return Array.isArray(options.webhookSecret) ? options.webhookSecret : [options.webhookSecret]
}
