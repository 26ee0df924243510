/**
 * A local, offline stand-in for the Toss Payments API and its browser payment
 * window, for the integration tests (in-process) and the demo store.
 *
 *   const toss = await startTossSandbox({ webhookUrl })
 *   const { paymentKey } = toss.authenticate({ orderId, amount: 15000 })
 *   // … the code under test calls `${toss.url}/v1/payments/confirm` …
 *   await toss.close()
 *
 * It follows the project's Toss reference (toss-api.md); choices the Toss
 * documentation leaves open are marked "(undocumented)" where they are made:
 * payments.ts (payment rules), transactions.ts (the transaction ledger),
 * server.ts (HTTP, auth, idempotency, faults), window.ts (SDK script and
 * payment window), webhooks.ts, html.ts (pages).
 */
import { SandboxClock } from "./clock"
import { AuthenticatedPayment, AuthenticateInput, CancelInput, Merchant, PaymentStore, TossPayment } from "./payments"
import { DelayFault, DropFault, FailFault, RecordedRequest, SandboxServer } from "./server"
import { WebhookDelivery, WebhookSender } from "./webhooks"

export { TOSS_ERRORS, TossError } from "./errors"
export { SandboxClock } from "./clock"
export type {
  AuthenticatedPayment,
  AuthenticateInput,
  CancelInput,
  Merchant,
  PaymentRequest,
  PaymentStatus,
  SdkMethod,
  TossCancel,
  TossCard,
  TossEasyPay,
  TossGiftCertificate,
  TossMobilePhone,
  TossPayment,
  TossRefundReceiveAccount,
  TossTransfer,
  TossVirtualAccount,
} from "./payments"
export type { DelayFault, DropFault, FailFault, FaultSpec, RecordedRequest } from "./server"
export type { TossTransaction } from "./transactions"
export type { WebhookAttempt, WebhookDelivery } from "./webhooks"

/** The key pairs published in the Toss documentation (toss-api.md §1). */
export const DOCS_MERCHANTS: Merchant[] = [
  { clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq", secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R" },
  { clientKey: "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm", secretKey: "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6" },
]

export interface TossSandboxOptions {
  /** Default 0: a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Key pairs the sandbox knows; default DOCS_MERCHANTS. A payment belongs to the pair whose clientKey opened it. */
  merchants?: Merchant[]
  /** `isPartialCancelable` of new payments; default true. */
  partialCancelable?: boolean
  /** FORBIDDEN_CONSECUTIVE_REQUEST window per paymentKey; default 1000, 0 disables. */
  consecutiveRequestWindowMs?: number
  /** Where status webhooks go; can be set later with setWebhookUrl. Several URLs: one per delivery, in turn. */
  webhookUrl?: string | string[] | null
  /** false: send no webhooks at all. */
  webhooks?: boolean
  /** Waits before each retry of a webhook not answered 200; default [1000, 4000]. */
  webhookRetryDelaysMs?: number[]
}

export interface TossSandbox {
  /** `http://127.0.0.1:PORT`: use it where the code under test expects https://api.tosspayments.com. */
  readonly url: string
  readonly merchants: readonly Merchant[]
  readonly clock: SandboxClock
  close(): Promise<void>

  /** The shopper finishes authentication in the payment window: an IN_PROGRESS payment for the store to confirm. */
  authenticate(input: AuthenticateInput): AuthenticatedPayment
  /**
   * Authenticate and confirm at once, as if the store's confirm went through
   * and its answer was lost (DONE, or WAITING_FOR_DEPOSIT for a virtual
   * account), with webhooks. One synchronous call per payment, for backlogs.
   */
  authenticateAndConfirm(input: AuthenticateInput): TossPayment
  /** The shopper pays into the virtual account: DONE, with webhooks. Takes a paymentKey or orderId. */
  deposit(paymentKeyOrOrderId: string): TossPayment
  /** The bank reverses the deposit: back to WAITING_FOR_DEPOSIT, with webhooks. */
  depositError(paymentKeyOrOrderId: string): TossPayment
  /** The due date passes: `virtualAccount.expired`, status unchanged, no webhook. */
  expireVirtualAccount(paymentKeyOrOrderId: string): TossPayment
  /** A cancel made in the Toss dashboard: the same rules and bookkeeping as the API, with webhooks. */
  dashboardCancel(paymentKeyOrOrderId: string, input: CancelInput): TossPayment
  getPayment(paymentKeyOrOrderId: string): TossPayment | undefined
  payments(): TossPayment[]

  /** Answer the next matching API request(s) with this Toss error, doing nothing. */
  failNext(fault: FailFault): void
  /** Wait before processing the next matching API request(s). */
  delayNext(fault: DelayFault): void
  /** Process the next matching API request(s), then lose the answer. */
  dropNextResponse(fault: DropFault): void

  /** Every API request received, in order (a live array). */
  readonly requests: RecordedRequest[]
  requestsTo(method: string, path: string | RegExp): RecordedRequest[]
  /** Every webhook sent, in order (a live array). */
  readonly webhooks: WebhookDelivery[]
  /** Several URLs (servers behind a load balancer): each delivery goes to the next one. */
  setWebhookUrl(url: string | string[] | null): void
  /** POST any body to the webhook URL once (forged-webhook tests); resolves with the receiver's answer. */
  sendWebhook(payload: unknown, headers?: Record<string, string>): Promise<{ status: number; body: string }>
  /** Resolves when no webhook is waiting to be sent or retried. */
  flushWebhooks(): Promise<void>
  /** Clear the request log, the webhook log and pending faults; payments stay. */
  reset(): void
}

export async function startTossSandbox(options: TossSandboxOptions = {}): Promise<TossSandbox> {
  const clock = new SandboxClock()
  const merchants = options.merchants ?? DOCS_MERCHANTS
  const webhooks = new WebhookSender({
    url: options.webhookUrl ?? null,
    enabled: options.webhooks ?? true,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [1000, 4000],
    clock,
  })
  let url = ""
  const store = new PaymentStore({
    merchants,
    clock,
    baseUrl: () => url,
    partialCancelable: options.partialCancelable ?? true,
    consecutiveRequestWindowMs: options.consecutiveRequestWindowMs ?? 1000,
    onStatusChange: (change) => webhooks.statusChanged(change),
  })
  const server = new SandboxServer({ store, merchants, clock, webhooks })
  url = await server.listen(options.port ?? 0, options.host ?? "127.0.0.1")

  return {
    url,
    merchants,
    clock,
    close: async () => {
      webhooks.close()
      await server.close()
    },
    authenticate: (input) => store.authenticate(input),
    authenticateAndConfirm: (input) => store.authenticateAndConfirm(input),
    deposit: (ref) => store.deposit(ref),
    depositError: (ref) => store.depositError(ref),
    expireVirtualAccount: (ref) => store.expireVirtualAccount(ref),
    dashboardCancel: (ref, input) => store.dashboardCancel(ref, input),
    getPayment: (ref) => store.find(ref),
    payments: () => store.all(),
    failNext: (fault) => server.faults.add({ kind: "fail", ...fault }),
    delayNext: (fault) => server.faults.add({ kind: "delay", ...fault }),
    dropNextResponse: (fault) => server.faults.add({ kind: "drop", ...fault }),
    requests: server.requests,
    requestsTo: (method, path) =>
      server.requests.filter(
        (r) =>
          r.method === method.toUpperCase() &&
          (typeof path === "string" ? r.path.includes(path) : path.test(r.path))
      ),
    webhooks: webhooks.deliveries,
    setWebhookUrl: (webhookUrl) => webhooks.setUrl(webhookUrl),
    sendWebhook: (payload, headers) => webhooks.sendRaw(payload, headers),
    flushWebhooks: () => webhooks.flush(),
    reset: () => server.reset(),
  }
}
