/**
 * Toss billing (자동결제, toss-api.md §2): the billing auth window gives the
 * store an authKey for a customerKey; the store issues a billing key with it
 * (`POST /v1/billing/authorizations/issue`), charges the card with it later
 * (`POST /v1/billing/{billingKey}`: a Payment of type BILLING, created DONE,
 * with no status webhook) and deletes it (`DELETE /v1/billing/{billingKey}`,
 * then BILLING_DELETED). Billing belongs to the API individual key pair.
 *
 * Choices the documentation leaves open (undocumented):
 * - an authKey issues one billing key, within 10 minutes of the shopper's
 *   authentication; used again, too late, unknown or another merchant's:
 *   400 INVALID_BILL_KEY_REQUEST;
 * - a deleted billing key is unknown: 404 NOT_FOUND_BILLING (charges and a
 *   second DELETE alike); BILLING_DELETED's reason is "삭제 API 요청" for a
 *   DELETE (Toss's example) and "카드사 요청" when the card company removes it;
 * - a declined charge leaves an ABORTED payment for its orderId, as a refused
 *   confirm does, so that orderId cannot be charged again;
 * - the payment widget's secret key is refused on billing routes with 403
 *   FORBIDDEN_REQUEST.
 */
import { SandboxClock, kstIso } from "./clock"
import { DEFAULT_CARD_ISSUER, cardIssuerCode } from "./codes"
import { TossError, invalidRequest } from "./errors"
import { cardDetails } from "./authentication"
import type { PaymentStore } from "./payments"
import type { Merchant } from "./records"
import { ANONYMOUS, installmentMonths } from "./request"
import { TossCard, TossPayment, randomAlphanumeric } from "./toss-objects"
import { WebhookSender } from "./webhooks"

/** `POST /v1/billing/authorizations/issue`'s answer. */
export interface TossBilling {
  mId: string
  customerKey: string
  authenticatedAt: string
  method: "카드"
  billingKey: string
  card: Pick<TossCard, "issuerCode" | "acquirerCode" | "number" | "cardType" | "ownerType">
}

export interface BillingAuthInput {
  customerKey: string
  /** The merchant whose window this is; default the first merchant. */
  clientKey?: string
  /** The card company of the card registered (Toss's code or its English code); default 71. */
  issuerCode?: string
}

export interface BillingStoreOptions {
  clock: SandboxClock
  merchants: Merchant[]
  payments: PaymentStore
  webhooks: WebhookSender
}

interface AuthRecord {
  authKey: string
  customerKey: string
  merchant: Merchant
  issuerCode: string
  at: number
  used: boolean
}

interface BillingRecord {
  billing: TossBilling
  merchant: Merchant
  /** The error the next charges answer (a card company decline), and how many more. */
  decline: { code: string; remaining: number } | null
}

const AUTH_KEY_VALID_MS = 10 * 60 * 1000
const CUSTOMER_KEY_PATTERN = /^[A-Za-z0-9_=.@-]{2,50}$/
const CARD_NUMBER = "43301234****123*"

export class BillingStore {
  private readonly auths = new Map<string, AuthRecord>()
  private readonly billings = new Map<string, BillingRecord>()

  constructor(private readonly options: BillingStoreOptions) {}

  /** Whether a billing auth window may open for this merchant and customer. */
  check(input: Pick<BillingAuthInput, "clientKey" | "customerKey">): Merchant {
    const merchant = input.clientKey
      ? this.options.merchants.find((m) => m.clientKey === input.clientKey)
      : this.options.merchants[0]
    if (!merchant) throw new TossError("UNAUTHORIZED_KEY")
    apiKeyPair(merchant)
    if (typeof input.customerKey !== "string" || input.customerKey === ANONYMOUS || !CUSTOMER_KEY_PATTERN.test(input.customerKey)) {
      throw new TossError("INVALID_CUSTOMER_KEY")
    }
    return merchant
  }

  /** The shopper registered a card in the billing auth window: an authKey for the store's success URL. */
  authorize(input: BillingAuthInput): { customerKey: string; authKey: string } {
    const merchant = this.check(input)
    const issuerCode = input.issuerCode === undefined ? DEFAULT_CARD_ISSUER : cardIssuerCode(input.issuerCode)
    if (!issuerCode) throw new TossError("INVALID_CARD_COMPANY")
    const authKey = "bln-" + randomAlphanumeric(32)
    this.auths.set(authKey, { authKey, customerKey: input.customerKey, merchant, issuerCode, at: this.options.clock.now(), used: false })
    return { customerKey: input.customerKey, authKey }
  }

  /** `POST /v1/billing/authorizations/issue` `{authKey, customerKey}`. */
  issue(merchant: Merchant, body: unknown): TossBilling {
    apiKeyPair(merchant)
    const { authKey, customerKey } = (body ?? {}) as Record<string, unknown>
    if (typeof authKey !== "string" || typeof customerKey !== "string") {
      throw invalidRequest("authKey와 customerKey는 필수 값입니다.", "authKey and customerKey are required.")
    }
    const auth = this.auths.get(authKey)
    const fresh = auth && auth.merchant === merchant && !auth.used && this.options.clock.now() - auth.at <= AUTH_KEY_VALID_MS
    if (!auth || !fresh) throw new TossError("INVALID_BILL_KEY_REQUEST")
    if (customerKey !== auth.customerKey) throw new TossError("NOT_MATCHES_CUSTOMER_KEY")
    auth.used = true
    const billing: TossBilling = {
      mId: this.options.payments.mIdOf(merchant),
      customerKey,
      authenticatedAt: kstIso(auth.at),
      method: "카드",
      billingKey: randomAlphanumeric(43) + "=",
      card: { issuerCode: auth.issuerCode, acquirerCode: auth.issuerCode, number: CARD_NUMBER, cardType: "신용", ownerType: "개인" },
    }
    this.billings.set(billing.billingKey, { billing, merchant, decline: null })
    return structuredClone(billing)
  }

  /** `POST /v1/billing/{billingKey}`: the card is charged at once, the shopper absent. */
  charge(merchant: Merchant, billingKey: string, body: unknown): TossPayment {
    apiKeyPair(merchant)
    const record = this.owned(merchant, billingKey)
    const input = (body ?? {}) as Record<string, unknown>
    if (input.customerKey !== record.billing.customerKey) throw new TossError("NOT_MATCHES_CUSTOMER_KEY")
    if (typeof input.orderName !== "string") throw new TossError("INVALID_ORDER_NAME")
    const amount = input.amount as number
    const months = input.cardInstallmentPlan === undefined ? 0 : installmentMonths(input.cardInstallmentPlan)
    if (months > 0 && Number.isInteger(amount) && amount < 50_000) throw new TossError("INVALID_CARD_INSTALLMENT_AMOUNT")
    const request = {
      clientKey: merchant.clientKey,
      customerKey: record.billing.customerKey,
      orderId: input.orderId as string,
      orderName: input.orderName,
      amount,
      customerEmail: input.customerEmail as string | undefined,
      customerName: input.customerName as string | undefined,
      taxFreeAmount: input.taxFreeAmount as number | undefined,
    }
    const card = cardDetails(amount, { issuerCode: record.billing.card.issuerCode, installmentPlanMonths: months, isInterestFree: false })
    const decline = record.decline
    if (decline) {
      decline.remaining -= 1
      if (decline.remaining <= 0) record.decline = null
      this.options.payments.createAborted(merchant, request, new TossError(decline.code))
      throw new TossError(decline.code)
    }
    return this.options.payments.createApproved(merchant, request, { type: "BILLING", method: "카드", card })
  }

  /** `DELETE /v1/billing/{billingKey}`: forgotten at once, with BILLING_DELETED. */
  delete(merchant: Merchant, billingKey: string): void {
    apiKeyPair(merchant)
    this.owned(merchant, billingKey)
    this.remove(billingKey, "삭제 API 요청")
  }

  /** The card company removed the card (expired, reported lost…): BILLING_DELETED, later charges NOT_FOUND_BILLING. */
  deleteByCardCompany(billingKey: string): void {
    if (!this.billings.has(billingKey)) throw new TossError("NOT_FOUND_BILLING")
    this.remove(billingKey, "카드사 요청")
  }

  /** The next `times` charges of this billing key are declined with `code` (default REJECT_CARD_COMPANY). */
  declineCharges(billingKey: string, code = "REJECT_CARD_COMPANY", times = 1): void {
    const record = this.billings.get(billingKey)
    if (!record) throw new TossError("NOT_FOUND_BILLING")
    record.decline = { code, remaining: times }
  }

  private remove(billingKey: string, reason: string): void {
    this.billings.delete(billingKey)
    this.options.webhooks.event("BILLING_DELETED", { billingKey, reason })
  }

  private owned(merchant: Merchant, billingKey: string): BillingRecord {
    const record = this.billings.get(billingKey)
    if (!record || record.merchant !== merchant) throw new TossError("NOT_FOUND_BILLING")
    return record
  }
}

/** Billing takes the API individual keys (test_sk_…), not the payment widget's (test_gsk_…). */
function apiKeyPair(merchant: Merchant): void {
  if (/_gsk_/.test(merchant.secretKey) || /_gck_/.test(merchant.clientKey)) {
    throw new TossError("FORBIDDEN_REQUEST", {
      detail: {
        ko: "결제위젯 연동 키로는 자동결제(빌링)를 쓸 수 없습니다. API 개별 연동 키를 사용하세요.",
        en: "Billing needs the API individual key pair (test_sk_…), not the payment widget's.",
      },
    })
  }
}
