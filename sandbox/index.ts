/**
 * A local, offline stand-in for the Toss Payments API and its browser payment
 * window, for the integration tests (in-process) and the demo store.
 *
 *   const toss = await startTossSandbox({ webhookUrl })
 *   const { paymentKey } = toss.authenticate({ orderId, amount: 15000 })
 *   // … the code under test calls `${toss.url}/v1/payments/confirm` …
 *   await toss.close()
 *
 * It follows the project's Toss reference (toss-api.md), Toss's error table
 * and webhook guide, and the installed SDK's types; choices the Toss
 * documentation leaves open are marked "(undocumented)" where they are made:
 * request.ts (what a window may be asked for), sdk-request.ts (the SDK's
 * request → that), payments.ts (a payment's life), authentication.ts (the
 * shopper's choices in the window), records.ts (lookups and expiries),
 * virtual-accounts.ts (deposits), cancels.ts (refund rules),
 * billing.ts (billing keys and their charges),
 * transactions.ts (the transaction ledger), server.ts (HTTP, auth,
 * idempotency, faults), window.ts and sdk/standard.ts (SDK script and payment
 * window), webhooks.ts, codes.ts (Toss's code tables), html.ts (pages).
 *
 * What it does not model (a test that needs one of these needs Toss's own
 * test environment):
 * - methods: foreign easy pay (FOREIGN_EASY_PAY, PayPal; so no asynchronous
 *   cancel: CANCEL_STATUS_CHANGED only comes from the cancelStatusChanged
 *   control), foreign cards and the international window, key-in payments,
 *   BrandPay, the widget's payment window (renderPaymentWindow), transfer
 *   billing, fixed virtual accounts and `POST /v1/virtual-accounts`;
 * - money: discounts and promotions (card, easy pay point, cultural expense),
 *   card points, easy pay balances (easyPay.amount is 0), settlements
 *   (`GET /v1/settlements`), card acquisition and settlementStatus changes,
 *   escrow delivery registration and purchase confirmation, the bank moving a
 *   virtual account's refund from PENDING to COMPLETED, cash card payments;
 * - rules: the card and easy pay refund deadlines, per-carrier mobile phone
 *   rules (only "within the month" is checked), card companies' own
 *   installment minimums and interest-free campaigns, a transfer's or card's
 *   validHours/dueDate (virtual accounts only), JA/ZH windows (shown in
 *   English), the shopper's bank refusing a refund on its own (a test makes a
 *   bank refuse with refuseRefundsTo), account holder name checks;
 * - APIs: cash receipts issued by API (`/v1/cash-receipts`), payment lookup by
 *   transactionKey, the API version setting (always 2022-11-16), rate limits
 *   other than FORBIDDEN_CONSECUTIVE_REQUEST, signed payout webhooks.
 */
import { BillingAuthInput, BillingStore } from "./billing"
import { SandboxClock } from "./clock"
import type { AuthenticatedPayment, AuthenticateInput } from "./authentication"
import type { CancelInput } from "./cancels"
import { PaymentStore } from "./payments"
import type { Merchant } from "./records"
import type { RefundBankRefusal } from "./virtual-accounts"
import { DelayFault, DropFault, FailFault, RecordedRequest, SandboxServer } from "./server"
import type { TossCancel, TossPayment } from "./toss-objects"
import { WebhookDelivery, WebhookSender } from "./webhooks"

export { TOSS_ERRORS, TossError } from "./errors"
export type { BillingAuthInput, TossBilling } from "./billing"
export { SandboxClock } from "./clock"
export { CARD_COMPANIES } from "./codes"
export type { CashReceiptType, SdkMethod, WindowLanguage } from "./codes"
export type { AuthenticatedPayment, AuthenticateInput, ShopperChoices } from "./authentication"
export type { CancelInput } from "./cancels"
export type { Merchant } from "./records"
export type { RefundBankRefusal } from "./virtual-accounts"
export type { EscrowProduct, FreeInstallmentPlan, PaymentRequest, TossRefundReceiveAccount } from "./request"
// PortOne's sandbox (the second road), shipped with Toss's so a store tests either.
export { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, PORTONE_TEST_WEBHOOK_SECRET, startPortOneSandbox } from "./portone"
export type { PayInput as PortOnePayInput, PortOneSandbox, PortOneSandboxOptions, PortOneWebhookDelivery, WindowResult as PortOneWindowResult } from "./portone"
export type {
  PaymentStatus,
  TossCancel,
  TossCard,
  TossCashReceipt,
  TossCashReceiptHistory,
  TossEasyPay,
  TossGiftCertificate,
  TossMobilePhone,
  TossPayment,
  TossTransfer,
  TossVirtualAccount,
} from "./toss-objects"
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
  /**
   * Refunds of deposited virtual accounts to this bank answer `code` from now
   * on (null: accepted again).
   */
  refuseRefundsTo(bankCode: string, code: RefundBankRefusal | null): void
  /**
   * CANCEL_STATUS_CHANGED with the payment's last cancel as its data (a
   * Cancel object: no paymentKey, no orderId; match it by transactionKey).
   * Toss sends it only for asynchronous cancels (foreign easy pay), which the
   * sandbox does not model: this sends the real shape for any cancel.
   */
  cancelStatusChanged(paymentKeyOrOrderId: string, cancelStatus?: "DONE" | "ABORTED"): TossCancel

  /**
   * The shopper registers a card in the billing auth window
   * (`requestBillingAuth`): the customerKey and authKey Toss hands the
   * successUrl, for `POST /v1/billing/authorizations/issue`.
   */
  authorizeBilling(input: BillingAuthInput): { customerKey: string; authKey: string }
  /** The card company removes a billing key (card expired, lost…): BILLING_DELETED, then NOT_FOUND_BILLING. */
  deleteBillingByCardCompany(billingKey: string): void
  /** The next `times` (default 1) charges of the billing key are declined with `code` (default REJECT_CARD_COMPANY). */
  declineBillingCharges(billingKey: string, code?: string, times?: number): void
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
  /** When the receiver last answered a webhook 200 (wall-clock ms, null: never): a receiver may act on it later. */
  lastWebhookAnsweredAt(): number | null
  /** Clear the request log, the webhook log and pending faults; payments stay. */
  reset(): void
}

/** How often time is let act on payments (expiries and their webhooks) without a request or a clock move. */
const SWEEP_INTERVAL_MS = 1000

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
  const cancelStatusChanged = (ref: string, cancelStatus: unknown = "DONE"): TossCancel => {
    if (cancelStatus !== "DONE" && cancelStatus !== "ABORTED") throw new Error('cancelStatus is "DONE" or "ABORTED".')
    const cancels = store.records.require(ref).payment.cancels
    if (!cancels) throw new Error(`Payment ${ref} has no cancel.`)
    const cancel: TossCancel = { ...cancels[cancels.length - 1], cancelStatus }
    webhooks.event("CANCEL_STATUS_CHANGED", cancel)
    return cancel
  }
  const billing = new BillingStore({ clock, merchants, payments: store, webhooks })
  const server = new SandboxServer({ store, billing, merchants, clock, webhooks, controls: { cancelStatusChanged } })
  url = await server.listen(options.port ?? 0, options.host ?? "127.0.0.1")
  clock.onAdvance(() => store.records.sweep())
  const sweeper = setInterval(() => store.records.sweep(), SWEEP_INTERVAL_MS)
  sweeper.unref()

  return {
    url,
    merchants,
    clock,
    close: async () => {
      clearInterval(sweeper)
      webhooks.close()
      await server.close()
    },
    authenticate: (input) => store.authenticate(input),
    authenticateAndConfirm: (input) => store.authenticateAndConfirm(input),
    deposit: (ref) => store.virtualAccounts.deposit(ref),
    depositError: (ref) => store.virtualAccounts.depositError(ref),
    expireVirtualAccount: (ref) => store.virtualAccounts.expire(ref),
    dashboardCancel: (ref, input) => store.dashboardCancel(ref, input),
    refuseRefundsTo: (bankCode, code) => store.virtualAccounts.refuseRefundsTo(bankCode, code),
    cancelStatusChanged,
    authorizeBilling: (input) => billing.authorize(input),
    deleteBillingByCardCompany: (billingKey) => billing.deleteByCardCompany(billingKey),
    declineBillingCharges: (billingKey, code, times) => billing.declineCharges(billingKey, code, times),
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
    lastWebhookAnsweredAt: () => webhooks.lastAnsweredAt,
    reset: () => server.reset(),
  }
}
