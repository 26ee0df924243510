/**
 * The browser side of the sandbox, standing in for js.tosspayments.com and
 * the Toss payment window:
 *  - `GET /v2/standard`: the SDK script (sdk/standard.ts, bundled here).
 *    `loadTossPayments(clientKey, {src})` from `@tosspayments/tosspayments-sdk`
 *    injects it, waits for its load event, then calls
 *    `window.TossPayments(clientKey)` (toss-api.md §7).
 *  - `POST /window/open`: the script's request, checked as Toss checks it; a
 *    READY payment and the window's URL, or the refusal.
 *  - `GET /window/{paymentKey}`: the window, in the page (windowTarget self)
 *    or in an iframe over it; `POST /window/{paymentKey}`: the shopper's
 *    answer, sent to successUrl or failUrl, or, in the iframe's promise
 *    flow, to the page that opened the window.
 *  - `GET|POST /window/billing_…`: the billing auth window of
 *    `requestBillingAuth` (a card is registered: successUrl gets customerKey
 *    and authKey).
 * The windows (which request, which flow) live here; the payments in the
 * PaymentStore, billing keys in the BillingStore.
 */
import fs from "node:fs"
import path from "node:path"
import { TOSS_BANKS, bankName } from "../src/lib/toss-banks"
import {
  CARD_COMPANIES,
  CASH_RECEIPT_TYPES,
  DEFAULT_CARD_ISSUER,
  DEFAULT_VIRTUAL_ACCOUNT_BANK,
  EASY_PAY_PROVIDERS,
  INSTALLMENT_MINIMUM_AMOUNT,
  MAX_INSTALLMENT_MONTHS,
  METHODS,
  SdkMethod,
  VIRTUAL_ACCOUNT_BANKS,
  cardIssuerCode,
} from "./codes"
import { TossError } from "./errors"
import { escapeHtml, errorPage, layout, won } from "./html"
import type { BillingStore } from "./billing"
import type { ShopperChoices } from "./authentication"
import type { PaymentStore } from "./payments"
import type { PaymentRequest } from "./request"
import { SdkPaymentRequest, SdkWidgetPaymentRequest, fromPaymentRequest, fromWidgetRequest } from "./sdk-request"
import { randomAlphanumeric, type TossPayment } from "./toss-objects"

export type PageResult = { status: number; html: string } | { redirect: string }

/** `POST /window/open`'s answer: where the window is, or where the shopper goes instead. */
export type OpenAnswer = { windowUrl: string } | { redirect: string }

interface WindowSession {
  integration: "payment" | "widget"
  request: PaymentRequest
  successUrl: string | null
  failUrl: string | null
  target: "iframe" | "self"
  /** No URLs: the window reports to the page that opened it (iframe only). */
  promise: boolean
}

/** A billing auth window: which merchant and customer, where the shopper goes next. */
interface BillingSession {
  clientKey: string | undefined
  customerKey: string
  customerName: string | null
  successUrl: string
  failUrl: string
  target: "iframe" | "self"
  done: boolean
}

/** (undocumented) Refusals that reach the shopper from the window, at failUrl, rather than as the SDK's rejection. */
const FAIL_URL_CODES = new Set(["BELOW_MINIMUM_AMOUNT", "DUPLICATED_ORDER_ID", "EXCEEDS_TRANSFER_AMOUNT_MAXIMUM"])

/** The window's choices for a card payment in the card window (flowMode DEFAULT): the card itself or an easy pay app. */
const CARD_CHOICES: Array<{ value: string; ko: string; en: string }> = [
  { value: "CARD", ko: "신용·체크카드", en: "Credit / debit card" },
  { value: "TOSSPAY", ko: "토스페이", en: "Toss Pay" },
  { value: "KAKAOPAY", ko: "카카오페이", en: "Kakao Pay" },
  { value: "NAVERPAY", ko: "네이버페이", en: "Naver Pay" },
]

const METHOD_NAMES_EN: Record<SdkMethod, string> = {
  CARD: "Card",
  TRANSFER: "Bank transfer",
  VIRTUAL_ACCOUNT: "Virtual account",
  MOBILE_PHONE: "Mobile phone",
  CULTURE_GIFT_CERTIFICATE: "Culture gift certificate",
  BOOK_GIFT_CERTIFICATE: "Book gift certificate",
  GAME_GIFT_CERTIFICATE: "Game gift certificate",
}

/** The methods the payment widget lists: [value, Korean, English]. */
const WIDGET_METHODS: Array<[string, string, string]> = [
  ["CARD", "카드", "Card"],
  ["TOSSPAY", "토스페이", "Toss Pay"],
  ["KAKAOPAY", "카카오페이", "Kakao Pay"],
  ["NAVERPAY", "네이버페이", "Naver Pay"],
  ["TRANSFER", "계좌이체", "Bank transfer"],
  ["VIRTUAL_ACCOUNT", "가상계좌", "Virtual account"],
  ["MOBILE_PHONE", "휴대폰", "Mobile phone"],
]

export class PaymentWindows {
  private readonly sessions = new Map<string, WindowSession>()
  private readonly billingSessions = new Map<string, BillingSession>()

  constructor(
    private readonly store: PaymentStore,
    private readonly billing: BillingStore
  ) {}

  /** `POST /window/open` from the SDK script; a TossError is the refusal the script rejects with. */
  open(body: unknown, origin: string): OpenAnswer {
    if ((body as { integration?: unknown } | null)?.integration === "billing") return this.openBilling(body, origin)
    const input = (body ?? {}) as {
      integration?: unknown
      clientKey?: string
      customerKey?: string
      request?: unknown
      method?: string
      amount?: { currency?: string; value?: number }
      refundReceiveAccount?: PaymentRequest["refundReceiveAccount"]
      windowTarget?: unknown
      promise?: unknown
    }
    // Shaped as the SDK's types say if the store's page used the SDK as typed; request.ts checks every value.
    const sdkRequest = (input.request ?? {}) as { successUrl?: unknown; failUrl?: unknown }
    const request =
      input.integration === "widget"
        ? fromWidgetRequest(sdkRequest as SdkWidgetPaymentRequest, String(input.method), input.amount ?? {}, input.refundReceiveAccount)
        : fromPaymentRequest(sdkRequest as SdkPaymentRequest)
    const session: WindowSession = {
      integration: input.integration === "widget" ? "widget" : "payment",
      request: { ...request, clientKey: input.clientKey, customerKey: input.customerKey },
      successUrl: typeof sdkRequest.successUrl === "string" ? sdkRequest.successUrl : null,
      failUrl: typeof sdkRequest.failUrl === "string" ? sdkRequest.failUrl : null,
      target: input.windowTarget === "iframe" ? "iframe" : "self",
      promise: input.promise === true,
    }
    let payment: TossPayment
    try {
      payment = this.store.open(session.request)
    } catch (error) {
      if (error instanceof TossError && FAIL_URL_CODES.has(error.code) && session.failUrl) {
        return { redirect: failUrlFor(session, error) }
      }
      throw error
    }
    this.sessions.set(payment.paymentKey, session)
    return { windowUrl: `${origin}/window/${encodeURIComponent(payment.paymentKey)}` }
  }

  /** `requestBillingAuth({method: "CARD", successUrl, failUrl, …})`: a card registration window for the customerKey. */
  private openBilling(body: unknown, origin: string): OpenAnswer {
    const input = body as { clientKey?: string; customerKey?: unknown; request?: Record<string, unknown>; windowTarget?: unknown }
    const request = input.request ?? {}
    // Transfer billing and easy pay billing (flowMode DIRECT) are not in the sandbox.
    if (request.method !== "CARD") throw new TossError("NOT_SUPPORTED_METHOD")
    if (request.flowMode === "DIRECT") {
      throw new TossError("NOT_SUPPORTED_METHOD", {
        detail: { ko: "샌드박스는 간편결제 자동결제를 지원하지 않습니다.", en: "The sandbox has no easy pay billing (flowMode DIRECT)." },
      })
    }
    if (typeof input.customerKey !== "string" || input.customerKey === "@@ANONYMOUS") throw new TossError("INVALID_CUSTOMER_KEY")
    if (typeof request.successUrl !== "string" || typeof request.failUrl !== "string") throw new TossError("INCORRECT_SUCCESS_URL_FORMAT")
    // Fails now, as Toss would, for a widget key or a bad customerKey; the real authKey comes at approval.
    this.billing.check({ clientKey: input.clientKey, customerKey: input.customerKey })
    const id = "billing_" + randomAlphanumeric(24)
    this.billingSessions.set(id, {
      clientKey: input.clientKey,
      customerKey: input.customerKey,
      customerName: typeof request.customerName === "string" ? request.customerName : null,
      successUrl: request.successUrl,
      failUrl: request.failUrl,
      target: input.windowTarget === "iframe" ? "iframe" : "self",
      done: false,
    })
    return { windowUrl: `${origin}/window/${id}` }
  }

  /** `GET /window/{paymentKey}` (or a billing window's id). */
  page(paymentKey: string): PageResult {
    const billing = this.billingSessions.get(paymentKey)
    if (billing) {
      return billing.done
        ? { status: 410, html: errorPage("이미 끝난 카드 등록 창입니다", "This card registration window is no longer open.") }
        : { status: 200, html: billingPage(paymentKey, billing) }
    }
    const session = this.sessions.get(paymentKey)
    const payment = session && this.store.find(paymentKey)
    if (!session || !payment) {
      return { status: 404, html: errorPage("결제창을 찾을 수 없습니다", "This payment window does not exist.") }
    }
    if (payment.status !== "READY") {
      return {
        status: 410,
        html: errorPage("이미 끝난 결제창입니다", `This payment window is no longer open (status ${payment.status}).`),
      }
    }
    return { status: 200, html: windowPage(paymentKey, session, payment) }
  }

  /** `POST /window/{paymentKey}`: the shopper approved, declined or closed the window. */
  submit(paymentKey: string, form: URLSearchParams): PageResult {
    const billing = this.billingSessions.get(paymentKey)
    if (billing) return this.submitBilling(paymentKey, billing, form)
    const session = this.sessions.get(paymentKey)
    if (!session || this.store.find(paymentKey)?.status !== "READY") return this.page(paymentKey)
    switch (form.get("action")) {
      case "approve":
        return this.authenticate(session, form)
      case "decline-at-confirm":
        // Authentication succeeds; the card company refuses at the store's confirm.
        return this.authenticate(session, form, "REJECT_CARD_PAYMENT")
      case "decline":
        return failed(session, new TossError("REJECT_CARD_COMPANY"))
      default:
        // Only a window in the page posts "close"; the iframe's close button tells its parent.
        return failed(session, new TossError("PAY_PROCESS_CANCELED"))
    }
  }

  private submitBilling(id: string, session: BillingSession, form: URLSearchParams): PageResult {
    if (session.done) return this.page(id)
    session.done = true
    const fail = (code: string) => {
      const error = new TossError(code)
      return { redirect: withQuery(session.failUrl, { code: error.code, message: error.message }) }
    }
    switch (form.get("action")) {
      case "approve":
        try {
          const issuerCode = form.get("issuerCode") || undefined
          const { customerKey, authKey } = this.billing.authorize({ clientKey: session.clientKey, customerKey: session.customerKey, issuerCode })
          return { redirect: withQuery(session.successUrl, { customerKey, authKey }) }
        } catch (error) {
          if (error instanceof TossError) return fail(error.code)
          throw error
        }
      case "decline":
        return fail("REJECT_CARD_COMPANY")
      default:
        return fail("PAY_PROCESS_CANCELED")
    }
  }

  private authenticate(session: WindowSession, form: URLSearchParams, confirmError?: string): PageResult {
    const { request } = session
    const value = (name: string) => form.get(name) || undefined
    const choice = value("choice")
    const choices: ShopperChoices & Partial<PaymentRequest> = {
      issuerCode: value("issuerCode"),
      installmentPlanMonths: value("installmentPlanMonths") === undefined ? undefined : Number(value("installmentPlanMonths")),
      bankCode: value("bankCode"),
      customerIdentityNumber: value("customerIdentityNumber")?.replace(/[\s-]/g, ""),
    }
    if (request.method === "CARD" && !request.easyPay && choice) choices.easyPay = choice === "CARD" ? undefined : choice
    if (request.cashReceiptType === undefined && value("cashReceiptType")) {
      choices.cashReceiptType = value("cashReceiptType") as PaymentRequest["cashReceiptType"]
    }
    if (request.useEscrow === undefined && request.escrowProducts) choices.useEscrow = form.get("useEscrow") === "true"
    try {
      const { paymentKey, orderId, amount } = this.store.authenticate({ ...request, ...choices, confirmError })
      const result = { paymentKey, orderId, amount: String(amount) }
      const paymentType = session.integration === "widget" ? { paymentType: "NORMAL" } : {}
      if (session.promise) {
        return messagePage({ type: "result", result: { ...paymentType, paymentKey, orderId, amount: { currency: "KRW", value: amount } } })
      }
      return { redirect: withQuery(session.successUrl!, { paymentType: "NORMAL", ...result }) }
    } catch (error) {
      return failed(session, error)
    }
  }
}

function failed(session: WindowSession, error: unknown): PageResult {
  if (!(error instanceof TossError)) throw error
  if (session.promise) return messagePage({ type: "error", code: error.code, message: error.message })
  return { redirect: failUrlFor(session, error) }
}

function failUrlFor(session: WindowSession, error: TossError): string {
  return withQuery(session.failUrl!, { code: error.code, message: error.message, orderId: session.request.orderId })
}

/** The iframe's answer to the page that opened it (sdk/standard.ts listens). */
function messagePage(message: Record<string, unknown>): PageResult {
  const script = `parent.postMessage(${JSON.stringify({ source: "toss-sandbox", ...message }).replace(/</g, "\\u003c")}, "*");`
  return { status: 200, html: layout("토스페이먼츠", `<section class="card"><p class="muted">…</p></section>`, script) }
}

/** Toss appends its parameters to whatever query the merchant's URL already has (§7). */
export function withQuery(url: string, params: Record<string, string>): string {
  return url + (url.includes("?") ? "&" : "?") + new URLSearchParams(params).toString()
}

/** `card.language` EN, JA or ZH: (undocumented) the sandbox's window speaks English for all three. */
function englishOnly(request: PaymentRequest): boolean {
  return request.language !== undefined && request.language !== "KO"
}

function windowPage(paymentKey: string, session: WindowSession, payment: TossPayment): string {
  const { request } = session
  const english = englishOnly(request)
  const text = (ko: string, en: string) => (english ? escapeHtml(en) : `${escapeHtml(ko)} <small>${escapeHtml(en)}</small>`)
  const method = request.method ?? "CARD"
  const sections = [methodSection(request, text)]
  if (method === "CARD") sections.push(cardSection(request, payment.totalAmount, text))
  if (method === "VIRTUAL_ACCOUNT" || method === "TRANSFER") sections.push(bankSection(method, text))
  if ((method === "VIRTUAL_ACCOUNT" || method === "TRANSFER") && request.cashReceiptType !== "미발행") {
    sections.push(cashReceiptSection(request, text))
  }
  if (request.useEscrow === undefined && request.escrowProducts) {
    sections.push(`<label class="option" data-testid="toss-escrow"><input type="checkbox" name="useEscrow" value="true">
      <span>${text("에스크로(구매안전) 서비스 이용", "Use escrow (buyer protection)")}</span></label>`)
  }
  if (request.refundReceiveAccount) {
    const account = request.refundReceiveAccount
    sections.push(`<p class="note" data-testid="toss-refund-account">${text("환불 계좌", "Refund account")}: ${escapeHtml(bankName(account.bankCode))} ${escapeHtml(account.accountNumber)}</p>`)
  }
  if (request.appScheme) {
    sections.push(`<p class="note" data-testid="toss-app-scheme">${text("인증 후 돌아갈 앱", "Returns to the app")}: ${escapeHtml(request.appScheme)}</p>`)
  }
  const customer = [request.customerName, request.customerEmail, request.customerMobilePhone]
    .filter(Boolean)
    .map(escapeHtml)
    .join(" · ")
  // In an iframe with redirect URLs the whole page goes to successUrl or failUrl.
  const formTarget = session.target === "iframe" && !session.promise ? ' target="_top"' : ""
  const close =
    session.target === "iframe"
      ? `<button type="button" class="link" data-testid="toss-close" onclick="parent.postMessage({source: 'toss-sandbox', type: 'close'}, '*')">${text("닫기", "Close")}</button>`
      : `<button type="submit" class="link" name="action" value="close" data-testid="toss-close">${text("닫기", "Close")}</button>`
  const body = `
    <section class="card">
      <div class="muted">${text("토스페이먼츠 테스트 상점", "Toss Payments test merchant")} <small>${escapeHtml(payment.mId)}</small></div>
      <h1>${escapeHtml(payment.orderName)}</h1>
      <div class="amount" data-testid="toss-amount">${english ? `₩${payment.totalAmount.toLocaleString("en-US")}` : won(payment.totalAmount)}</div>
      <small>${english ? "" : `₩${payment.totalAmount.toLocaleString("en-US")} · `}${text("주문번호", "Order ID")} ${escapeHtml(payment.orderId)}</small>
      ${customer ? `<p class="note">${customer}</p>` : ""}
    </section>
    <form method="post" action="/window/${encodeURIComponent(paymentKey)}"${formTarget}>
      <section class="card">
        <h2>${text("결제수단", "Payment method")}</h2>
        ${sections.join("\n")}
      </section>
      <button type="submit" class="primary" name="action" value="approve" data-testid="toss-approve">${text("결제하기", "Approve")}</button>
      <div class="row">
        <button type="submit" class="secondary" name="action" value="decline" data-testid="toss-decline">${text("카드 거절", "Decline")}</button>
        <button type="submit" class="secondary" name="action" value="decline-at-confirm" data-testid="toss-decline-at-confirm">${text("승인 시 거절", "Decline at confirm")}</button>
      </div>
      ${close}
    </form>`
  return layout(`${english ? "Toss Payments" : "토스페이먼츠 결제"} - ${payment.orderName}`, body, "", english ? "en" : "ko")
}

/** A label in the window's language(s): Korean with English below, or English only. */
type Text = (ko: string, en: string) => string

/** The billing auth window: the card to register, and the shopper's answer. */
function billingPage(id: string, session: BillingSession): string {
  const options = CARD_COMPANIES.map(
    (c) => `<option value="${c.code}"${c.code === DEFAULT_CARD_ISSUER ? " selected" : ""}>${escapeHtml(c.name)}</option>`
  ).join("")
  const formTarget = session.target === "iframe" ? ' target="_top"' : ""
  const close =
    session.target === "iframe"
      ? `<button type="button" class="link" data-testid="toss-close" onclick="parent.postMessage({source: 'toss-sandbox', type: 'close'}, '*')">닫기 <small>Close</small></button>`
      : `<button type="submit" class="link" name="action" value="close" data-testid="toss-close">닫기 <small>Close</small></button>`
  return layout(
    "토스페이먼츠 카드 등록",
    `<section class="card">
      <div class="muted">자동결제(빌링) 카드 등록 <small>Register a card for automatic payments</small></div>
      <h1>${escapeHtml(session.customerName ?? "카드 등록")}</h1>
      <small>customerKey ${escapeHtml(session.customerKey)}</small>
    </section>
    <form method="post" action="/window/${encodeURIComponent(id)}"${formTarget}>
      <section class="card" data-testid="toss-billing-auth">
        <label class="field">카드사 <small>Card company</small>
          <select name="issuerCode" data-testid="toss-card-company">${options}</select></label>
        <p class="note">카드번호 ${CARD_NUMBER_SHOWN} · 본인인증을 마친 것으로 합니다. <small>The sandbox takes the card as verified.</small></p>
      </section>
      <button type="submit" class="primary" name="action" value="approve" data-testid="toss-approve">카드 등록하기 <small>Register</small></button>
      <button type="submit" class="secondary" name="action" value="decline" data-testid="toss-decline">카드 거절 <small>Decline</small></button>
      ${close}
    </form>`
  )
}

const CARD_NUMBER_SHOWN = "4330-12**-****-123*"

function methodSection(request: PaymentRequest, text: Text): string {
  const method = request.method ?? "CARD"
  if (method === "CARD" && request.easyPay) {
    // flowMode DIRECT with an easy pay: that app's own window, no choice.
    const provider = EASY_PAY_PROVIDERS[request.easyPay]
    return `<div class="option" data-testid="toss-method-${escapeHtml(request.easyPay)}"><span>${text(provider, request.easyPay)}</span></div>`
  }
  if (method === "CARD") {
    const choices = request.cardCompany ? CARD_CHOICES.slice(0, 1) : CARD_CHOICES
    return choices
      .map(
        (c, index) => `<label class="option" data-testid="toss-method-${c.value}">
          <input type="radio" name="choice" value="${c.value}"${index === 0 ? " checked" : ""}>
          <span>${text(c.ko, c.en)}</span></label>`
      )
      .join("")
  }
  const note =
    method === "VIRTUAL_ACCOUNT"
      ? `<p class="note">${text(
          "상점이 결제를 승인하면 입금할 계좌가 발급되고, 샌드박스 은행(/sandbox/bank)에서 입금할 수 있어요.",
          "Once the store confirms, an account is issued: pay into it at the sandbox bank (/sandbox/bank)."
        )}</p>`
      : ""
  return `<div class="option" data-testid="toss-method-${escapeHtml(method)}"><span>${text(METHODS[method].label, METHOD_NAMES_EN[method])}</span></div>${note}`
}

/** The card company and, from 50,000 KRW, the installment plan the request allows. */
function cardSection(request: PaymentRequest, amount: number, text: Text): string {
  const fixedIssuer = request.cardCompany ? cardIssuerCode(request.cardCompany) : undefined
  const companies = fixedIssuer ? CARD_COMPANIES.filter((c) => c.code === fixedIssuer) : CARD_COMPANIES
  const selectedIssuer = fixedIssuer ?? DEFAULT_CARD_ISSUER
  const companyOptions = companies
    .map((c) => `<option value="${c.code}"${c.code === selectedIssuer ? " selected" : ""}>${escapeHtml(c.name)}</option>`)
    .join("")
  let installments = ""
  if (amount >= INSTALLMENT_MINIMUM_AMOUNT) {
    const fixed = request.cardInstallmentPlan
    const max = request.maxCardInstallmentPlan ?? MAX_INSTALLMENT_MONTHS
    const months = fixed !== undefined ? [fixed] : [0, ...Array.from({ length: Math.max(0, max - 1) }, (_, i) => i + 2)]
    const options = months
      .map((m) => {
        const free = (request.freeInstallmentPlans ?? []).some((plan) => plan.months.includes(m))
        const label = m === 0 ? "일시불 (lump sum)" : `${m}개월 (${m} months)${free ? " · 무이자 가능 (interest-free for some cards)" : ""}`
        return `<option value="${m}">${escapeHtml(label)}</option>`
      })
      .join("")
    installments = `<label class="field">${text("할부", "Installments")}
      <select name="installmentPlanMonths" data-testid="toss-installment">${options}</select></label>`
  }
  return `<label class="field">${text("카드사", "Card company")}
      <select name="issuerCode" data-testid="toss-card-company">${companyOptions}</select></label>${installments}`
}

function bankSection(method: "VIRTUAL_ACCOUNT" | "TRANSFER", text: Text): string {
  const codes = method === "VIRTUAL_ACCOUNT" ? [...VIRTUAL_ACCOUNT_BANKS] : Object.keys(TOSS_BANKS)
  const preselected = method === "VIRTUAL_ACCOUNT" ? DEFAULT_VIRTUAL_ACCOUNT_BANK : "88"
  const options = codes
    .map((code) => `<option value="${code}"${code === preselected ? " selected" : ""}>${escapeHtml(bankName(code))}</option>`)
    .join("")
  const label = method === "VIRTUAL_ACCOUNT" ? text("입금할 은행", "Bank of the account") : text("출금할 은행", "Bank to pay from")
  return `<label class="field">${label}<select name="bankCode" data-testid="toss-bank">${options}</select></label>`
}

/** The request's receipt type, or the shopper's pick; the phone or business number it goes to. */
function cashReceiptSection(request: PaymentRequest, text: Text): string {
  const types = request.cashReceiptType ? [request.cashReceiptType] : [...CASH_RECEIPT_TYPES]
  const names: Record<string, string> = { 소득공제: "Income deduction", 지출증빙: "Proof of expense", 미발행: "None" }
  const options = types
    .map((type, index) => `<option value="${type}"${index === 0 ? " selected" : ""}>${escapeHtml(type)} (${names[type]})</option>`)
    .join("")
  const identity = request.customerMobilePhone ?? ""
  const select = request.cashReceiptType
    ? `<input type="hidden" name="cashReceiptType" value="${escapeHtml(request.cashReceiptType)}"><div data-testid="toss-cash-receipt-type">${escapeHtml(request.cashReceiptType)}</div>`
    : `<select name="cashReceiptType" data-testid="toss-cash-receipt-type">${options}</select>`
  return `<label class="field">${text("현금영수증", "Cash receipt")}${select}</label>
    <label class="field">${text("휴대폰 번호 또는 사업자등록번호", "Phone or business registration number")}
      <input type="text" name="customerIdentityNumber" value="${escapeHtml(identity)}" inputmode="numeric" data-testid="toss-cash-receipt-identity"></label>`
}

/** The SDK script, with the sandbox's URL, the client keys and the banks filled in. */
export function sdkScript(origin: string, clientKeys: string[]): string {
  const config = {
    origin,
    clientKeys,
    widgetMethods: WIDGET_METHODS,
    banks: Object.keys(TOSS_BANKS).map((code) => [code, bankName(code)]),
  }
  return `var __TOSS_SANDBOX__ = ${JSON.stringify(config).replace(/</g, "\\u003c")};\n${bundledSdk()}`
}

let bundle: string | undefined

/**
 * sdk/standard.ts as plain ES2017 for any browser: prebuilt beside the
 * published bundle (sandbox/build.mjs; a store has no esbuild), else built
 * once per process from source (esbuild takes milliseconds).
 */
function bundledSdk(): string {
  const prebuilt = path.join(__dirname, "sdk-standard.js")
  bundle ??= fs.existsSync(prebuilt) ? fs.readFileSync(prebuilt, "utf8") : buildSdk()
  return bundle
}

function buildSdk(): string {
  const { buildSync } = require("esbuild") as typeof import("esbuild")
  return buildSync({
    entryPoints: [path.join(__dirname, "sdk", "standard.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2017",
    platform: "browser",
    logLevel: "silent",
  }).outputFiles[0].text
}
