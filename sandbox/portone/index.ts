/**
 * A local, offline stand-in for PortOne's V2 API, for tests and the demo,
 * beside the Toss sandbox:
 *
 *   const portone = await startPortOneSandbox({ webhookUrl })
 *   portone.pay({ paymentId, totalAmount: 15000 })   // the shopper in PortOne's window
 *   // … the code under test calls `${portone.url}/payments/{paymentId}` …
 *   await portone.close()
 *
 * It follows the project's PortOne reference (portone-api.md) and
 * `@portone/server-sdk`'s types (docs/portone-notes.md lists where they
 * differ); choices PortOne leaves open are marked "(undocumented)" where
 * they are made: store.ts (payments, cancels, virtual accounts, billing
 * keys, escrow, cash receipts, payment events), server.ts (HTTP, auth,
 * idempotency, faults, the `/sandbox/…` controls for another process),
 * webhooks.ts (signing and delivery), window.ts (the payment window, the
 * browser SDK stand-in at `sdkUrl`, and a bank page at `/sandbox/bank` that
 * pays virtual accounts).
 *
 * What it refuses as PortOne does: a wrong API secret (401 UNAUTHORIZED);
 * a cancel of an unpaid or cancelled payment, over the balance, with a
 * `currentCancellableAmount` that is not the balance, with a tax-free share
 * over what is left or over the amount, or of a deposited virtual account
 * without a refund account; a window request that differs from the
 * pre-registered amount, tax-free share or currency, in a currency the
 * channel does not take, or for a paymentId already paid; a billing key that
 * is unknown or deleted; a manual confirm with a wrong paymentToken (400
 * INVALID_PAYMENT_TOKEN) or whose amount, tax-free share, currency, txId or
 * test flag differs (409 INFORMATION_MISMATCH), or of a payment already
 * approved; an Idempotency-Key that is malformed, still running
 * (409 IDEMPOTENCY_OUTSTANDING_REQUEST) or reused for another request.
 *
 * What it does not model (a test that needs one needs PortOne's test
 * channels):
 * - in the browser: only `requestPayment` with CARD, EASY_PAY and
 *   VIRTUAL_ACCOUNT (no billing-key windows, `loadPaymentUI`, identity
 *   verification), a window that offers pay / decline / close and nothing
 *   PG-specific (installments, card choice, bypass), `windowType`,
 *   `noticeUrls`, `customData`;
 * - several attempts (txIds) per paymentId beyond "a failed one may be
 *   retried", PAY_PENDING, a manual confirm that comes too late (PGs
 *   time out unconfirmed payments), a REQUESTED cancel that later
 *   finishes (`answerNextCancels` answers one FAILED or REQUESTED, moving no
 *   money), `/cancellations/{id}/stop`;
 * - virtual accounts expiring, partial deposits, refund status
 *   (`refundStatus`), a closed account's status after close (chosen:
 *   CANCELLED without a cancellation);
 * - money: discounts and promotions, card points, disputes, settlements,
 *   scheduled payments (`/payments/{id}/schedule`), `GET /payments`,
 *   `/payments-by-cursor`, billing keys issued by API, cash receipts beyond
 *   issue/cancel bookkeeping (`GET /payments/{id}/cash-receipt` is absent);
 * - webhooks of version 2024-01-01, Transaction.Ready/PayPending/
 *   CancelPending/Dispute*, BillingKey.Ready/Updated/Failed, `skipWebhook`,
 *   `noticeUrls`, a second live webhook secret, `resend-webhook`;
 * - PG-specific rules (paymentId characters, required customer fields,
 *   installment minimums), rate limits, the Idempotency-Key's 3-hour expiry,
 *   `POST /login/api-secret` tokens, sub-stores (`storeId` is ignored).
 */
import type { Payment } from "@portone/server-sdk/payment" with { "resolution-mode": "import" }
import { PortOneDelayFault, PortOneDropFault, PortOneFailFault, PortOneRecordedRequest, PortOneSandboxServer } from "./server"
import { Channel, PayInput, PortOneStore, WindowResult } from "./store"
import { PORTONE_TEST_WEBHOOK_SECRET, PortOneWebhookDelivery, PortOneWebhookSender } from "./webhooks"

export { PORTONE_TEST_WEBHOOK_SECRET, signWebhook } from "./webhooks"
export type { PortOneWebhookAttempt, PortOneWebhookDelivery } from "./webhooks"
export type { Channel, PayInput, WindowResult } from "./store"
export type { PortOneDelayFault, PortOneDropFault, PortOneFailFault, PortOneRecordedRequest } from "./server"

/** The API secret the sandbox takes unless given others. */
export const PORTONE_TEST_API_SECRET = "portone-sandbox-api-secret-0123456789abcdef"
export const PORTONE_TEST_STORE_ID = "store-00000000-0000-4000-8000-000000000000"
/** 토스페이 (tosspay_v2) and one card PG, as a store's PortOne console would list them. */
export const PORTONE_TEST_CHANNELS: Channel[] = [
  { key: "channel-key-00000000-0000-4000-8000-00000000a001", pgProvider: "TOSSPAY_V2" },
  { key: "channel-key-00000000-0000-4000-8000-00000000a002", pgProvider: "INICIS_V2" },
  /** A channel with 수동 승인 (manual confirm) switched on. */
  { key: "channel-key-00000000-0000-4000-8000-00000000a003", pgProvider: "KCP_V2", manualConfirm: true },
]

export interface PortOneSandboxOptions {
  port?: number
  host?: string
  apiSecrets?: string[]
  storeId?: string
  channels?: Channel[]
  webhookUrl?: string | null
  webhookSecret?: string
  /** false: send no webhooks at all. */
  webhooks?: boolean
  /** Waits before each retry of a webhook not answered 2xx; default [1000, 4000]. */
  webhookRetryDelaysMs?: number[]
  /** The sandbox's time; default the real one. */
  now?: () => Date
}

export interface PortOneSandbox {
  /** Use it where the code under test expects https://api.portone.io. */
  readonly url: string
  /** The browser SDK stand-in: `setPortOneJsSdkUrl(sdkUrl)` of @portone/browser-sdk, or a script tag. */
  readonly sdkUrl: string
  readonly storeId: string
  readonly channels: readonly Channel[]
  readonly webhookSecret: string
  close(): Promise<void>

  /** The shopper completes PortOne's window without a browser: the browser SDK's answer (`code` set on a refusal). */
  pay(input: PayInput): WindowResult
  /** The shopper pays into the virtual account: PAID, with its webhook. */
  deposit(paymentId: string): Payment
  /** A cancel made in PortOne's console: the API's rules, with webhooks. */
  consoleCancel(paymentId: string, input: { reason: string; amount?: number; taxFreeAmount?: number }): Payment
  /** The shopper registers a card or Toss Pay account for recurring payments: the billing key, with BillingKey.Issued. */
  issueBillingKey(input: { customerId: string; channelKey?: string }): string
  /** The PG declines the next `times` (default 1) charges of this billing key: 502 PG_PROVIDER and a FAILED payment. */
  declineBillingCharges(billingKey: string, times?: number): void
  /** The PG answers the next `times` (default 1) cancels of this payment FAILED or REQUESTED (pending): the cancel's answer says so, no money moves. */
  answerNextCancels(paymentId: string, status: "FAILED" | "REQUESTED", times?: number): void
  getPayment(paymentId: string): Payment | undefined
  payments(): Payment[]

  /** Answer the next matching API request(s) with this PortOne error, doing nothing. */
  failNext(fault: PortOneFailFault): void
  /** Wait before processing the next matching API request(s). */
  delayNext(fault: PortOneDelayFault): void
  /** Process the next matching API request(s), then lose the answer. */
  dropNextResponse(fault: PortOneDropFault): void
  /** Hold the next `times` webhooks back for `ms` before their first attempt. */
  delayNextWebhooks(ms: number, times?: number): void

  /** Every API request received, in order (a live array). */
  readonly requests: PortOneRecordedRequest[]
  requestsTo(method: string, path: string | RegExp): PortOneRecordedRequest[]
  /** Every webhook sent, in order (a live array). */
  readonly webhooks: PortOneWebhookDelivery[]
  setWebhookUrl(url: string | null): void
  /** POST any body with any headers to the webhook URL once (forged-webhook tests). */
  sendWebhook(body: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>
  /** Resolves when no webhook is waiting to be sent or retried. */
  flushWebhooks(): Promise<void>
  /** Clear the request log and pending faults; payments stay. */
  reset(): void
}

export async function startPortOneSandbox(options: PortOneSandboxOptions = {}): Promise<PortOneSandbox> {
  const now = options.now ?? (() => new Date())
  const webhookSecret = options.webhookSecret ?? PORTONE_TEST_WEBHOOK_SECRET
  const webhooks = new PortOneWebhookSender(
    { url: options.webhookUrl ?? null, secret: webhookSecret, enabled: options.webhooks ?? true, retryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 4000] },
    now
  )
  const channels = options.channels ?? PORTONE_TEST_CHANNELS
  if (channels.length === 0) throw new Error("The PortOne sandbox needs at least one channel.")
  const store = new PortOneStore(channels, now, { webhook: (type, data) => webhooks.send(type, data) }, options.storeId ?? PORTONE_TEST_STORE_ID)
  const server = new PortOneSandboxServer(store, options.apiSecrets ?? [PORTONE_TEST_API_SECRET], webhooks)
  const url = await server.listen(options.port ?? 0, options.host ?? "127.0.0.1")

  return {
    url,
    sdkUrl: `${url}/v2/browser-sdk.js`,
    storeId: store.storeId,
    channels,
    webhookSecret,
    close: async () => {
      webhooks.close()
      await server.close()
    },
    pay: (input) => store.pay(input),
    deposit: (paymentId) => store.deposit(paymentId),
    consoleCancel: (paymentId, input) => {
      store.cancel(paymentId, input, "CONSOLE")
      return store.require(paymentId)
    },
    issueBillingKey: (input) => store.issueBillingKey(input),
    declineBillingCharges: (billingKey, times) => store.declineBillingCharges(billingKey, times),
    answerNextCancels: (paymentId, status, times) => store.answerNextCancels(paymentId, status, times),
    getPayment: (paymentId) => store.find(paymentId),
    payments: () => store.all(),
    failNext: (fault) => server.addFault({ kind: "fail", ...fault }),
    delayNext: (fault) => server.addFault({ kind: "delay", ...fault }),
    dropNextResponse: (fault) => server.addFault({ kind: "drop", ...fault }),
    delayNextWebhooks: (ms, times) => webhooks.delayNext(ms, times),
    requests: server.requests,
    requestsTo: (method, path) =>
      server.requests.filter((r) => r.method === method.toUpperCase() && (typeof path === "string" ? r.path.includes(path) : path.test(r.path))),
    webhooks: webhooks.deliveries,
    setWebhookUrl: (webhookUrl) => webhooks.setUrl(webhookUrl),
    sendWebhook: (body, headers) => webhooks.sendRaw(body, headers),
    flushWebhooks: () => webhooks.flush(),
    reset: () => server.reset(),
  }
}
