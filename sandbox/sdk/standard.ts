/**
 * The sandbox's stand-in for Toss's SDK script (js.tosspayments.com/v2/standard),
 * typed against the installed @tosspayments/tosspayments-sdk: `TossPayments(clientKey)`
 * must be a `TossPaymentsSDK`. window.ts bundles it into a classic script
 * with esbuild and serves it at `/v2/standard`, after a line that sets
 * `__TOSS_SANDBOX__`.
 *
 * It checks what the SDK itself checks (keys, customerKey, amount, URLs, one
 * request at a time), sends the request to the sandbox, which checks the rest
 * as Toss's servers would, and opens the window:
 * - `windowTarget: "self"` (the default on mobile): the page goes to the
 *   window; the window redirects to successUrl or failUrl (closing it sends
 *   the shopper to failUrl with PAY_PROCESS_CANCELED). The promise flow
 *   (no URLs) is refused there with NOT_SUPPORTED_PROMISE, as the SDK does.
 * - `windowTarget: "iframe"` (the default on a desktop browser): the window
 *   opens over the page. With URLs, approving or declining sends the whole
 *   page to successUrl or failUrl; without, the promise resolves with the
 *   result or rejects with the error. Closing it rejects the promise with
 *   USER_CANCEL and visits no URL.
 * (undocumented) A request the sandbox refuses rejects the promise with
 * Toss's code (INVALID_REQUEST as the SDK's INVALID_PARAMETERS); minimums,
 * reused orderIds and amount limits go to failUrl, as from the window.
 */
import type {
  TossPaymentsBrandpay,
  TossPaymentsPayment,
  TossPaymentsSDK,
  TossPaymentsWidgets,
  WidgetAgreementStatus,
  WidgetAgreementWidget,
  WidgetPaymentMethodWidget,
  WidgetSelectedPaymentMethod,
} from "@tosspayments/tosspayments-sdk"
import type { SdkBillingAuthRequest, SdkPaymentRequest, SdkWidgetPaymentRequest } from "../sdk-request"

/** What window.ts puts before the bundle. */
interface SandboxConfig {
  /** The sandbox as this browser reaches it. */
  origin: string
  clientKeys: string[]
  /** [value, Korean, English] of the methods the widget lists. */
  widgetMethods: Array<[string, string, string]>
  /** [code, name] of Toss's banks, for the widget's refund account. */
  banks: Array<[string, string]>
}
declare const __TOSS_SANDBOX__: SandboxConfig
declare global {
  interface Window {
    TossPayments?: ((clientKey: string) => TossPaymentsSDK) & { ANONYMOUS: string }
  }
}

const CONFIG = __TOSS_SANDBOX__
const ANONYMOUS = "@@ANONYMOUS"
const STYLE = [
  ".tsw { font-family: -apple-system, BlinkMacSystemFont, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; color: #191f28; }",
  ".tsw-title { font-weight: 700; font-size: 15px; margin: 4px 0 12px; }",
  ".tsw-title span, .tsw small { color: #8b95a1; font-weight: 400; font-size: 12px; margin-left: 4px; }",
  ".tsw-option { display: flex; align-items: center; gap: 10px; padding: 12px 14px; border: 1px solid #e5e8eb; border-radius: 12px; margin-bottom: 8px; cursor: pointer; background: #fff; }",
  ".tsw-option:has(input:checked) { border-color: #3182f6; background: #f5f9ff; }",
  ".tsw input[type=radio], .tsw input[type=checkbox] { accent-color: #3182f6; width: 18px; height: 18px; margin: 0; }",
  ".tsw-refund { display: grid; gap: 8px; padding: 12px 14px; border: 1px dashed #d1d6db; border-radius: 12px; margin-bottom: 8px; }",
  ".tsw-refund input, .tsw-refund select { font: inherit; padding: 8px 10px; border: 1px solid #d1d6db; border-radius: 8px; }",
  ".tsw-note { color: #b0b8c1; font-size: 12px; text-align: right; }",
  ".tsw-agreement { display: flex; gap: 10px; align-items: flex-start; padding: 12px 0; cursor: pointer; font-size: 14px; }",
  ".tsw-overlay { position: fixed; inset: 0; z-index: 2147483647; background: rgba(0, 23, 51, 0.45); display: flex; align-items: center; justify-content: center; }",
  ".tsw-overlay iframe { width: min(480px, 100vw); height: min(760px, 100vh); border: 0; border-radius: 16px; background: #f2f4f6; }",
].join("\n")

class TossPaymentsError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = "TossPaymentsError"
  }
}

function sdkError(code: string, message: string): TossPaymentsError {
  return new TossPaymentsError(code, message)
}

/** What the window reports to the page that opened it in an iframe. */
type WindowMessage =
  | { source: "toss-sandbox"; type: "close" }
  | { source: "toss-sandbox"; type: "result"; result: unknown }
  | { source: "toss-sandbox"; type: "error"; code: string; message: string }

type Target = "iframe" | "self"

/** The request on its way to the sandbox's `POST /window/open`. */
interface OpenRequest {
  integration: "payment" | "widget" | "billing"
  clientKey: string
  customerKey: string
  request: SdkPaymentRequest | SdkWidgetPaymentRequest | SdkBillingAuthRequest
  /** Widgets: the method selected, the amount set, the refund account entered. */
  method?: string
  amount?: { currency: string; value: number }
  refundReceiveAccount?: { bankCode: string; accountNumber: string; holderName: string }
}

/** The one window a page may have open at a time. */
let active: { abort(): void } | null = null

function isMobile(): boolean {
  return /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent)
}

function isAbsoluteUrl(url: unknown): url is string {
  return typeof url === "string" && /^https?:\/\/\S+$/.test(url)
}

function checkClientKey(clientKey: unknown, api: "payment" | "widgets" | "brandpay"): asserts clientKey is string {
  if (typeof clientKey !== "string" || /_g?sk_/.test(clientKey)) {
    throw sdkError("INVALID_CLIENT_KEY", "클라이언트 키가 올바르지 않습니다. 시크릿 키는 브라우저에서 쓰면 안 됩니다. (Invalid client key; a secret key must never reach the browser.)")
  }
  const widgetKey = /_gck_/.test(clientKey)
  if (api === "widgets" && !widgetKey) {
    throw sdkError("NOT_SUPPORTED_API_INDIVIDUAL_KEY", "widgets()에는 결제위젯 연동 키(test_gck_)를 사용하세요. (widgets() needs a payment widget key, test_gck_..., not an API individual key.)")
  }
  if (api !== "widgets" && widgetKey) {
    throw sdkError("NOT_SUPPORTED_WIDGET_KEY", `${api}()에는 API 개별 연동 키(test_ck_)를 사용하세요. (${api}() needs an API individual key, test_ck_..., not a widget key.)`)
  }
  if (CONFIG.clientKeys.indexOf(clientKey) < 0) {
    throw sdkError("INVALID_CLIENT_KEY", "등록되지 않은 클라이언트 키입니다. (This client key is unknown to the Toss sandbox.)")
  }
}

function checkCustomerKey(params: { customerKey?: unknown } | undefined): string {
  const key = params?.customerKey
  if (key === ANONYMOUS) return key
  if (typeof key === "string" && /^(test|live)_g?sk_/.test(key)) {
    throw sdkError("INSECURE_KEY_USAGE", "customerKey에 시크릿 키를 사용하면 안 됩니다. (Never use a secret key as customerKey.)")
  }
  if (typeof key !== "string" || !/^[A-Za-z0-9_=.@-]{2,50}$/.test(key)) {
    throw sdkError("INVALID_CUSTOMER_KEY", "customerKey는 영문, 숫자, -_=.@ 로 이루어진 2~50자 문자열이거나 ANONYMOUS여야 합니다. (customerKey must be 2-50 characters of A-Z a-z 0-9 - _ = . @, or ANONYMOUS.)")
  }
  return key
}

function checkAmount(amount: { currency?: unknown; value?: unknown } | undefined): { currency: string; value: number } {
  if (!amount || amount.currency !== "KRW") {
    throw sdkError("INVALID_AMOUNT_CURRENCY", "결제 통화는 KRW여야 합니다. (amount.currency must be KRW.)")
  }
  if (typeof amount.value !== "number" || !Number.isInteger(amount.value)) {
    throw sdkError("INVALID_AMOUNT_VALUE", "결제 금액은 원 단위 정수여야 합니다. (amount.value must be a whole number of won.)")
  }
  if (amount.value < 0) throw sdkError("BELOW_ZERO_AMOUNT", "결제 금액은 0원 이상이어야 합니다. (amount.value must not be negative.)")
  return { currency: amount.currency, value: amount.value }
}

/** Redirect (successUrl and failUrl) or promise (neither) flow, and where the window opens. */
function flowOf(request: { successUrl?: unknown; failUrl?: unknown; windowTarget?: unknown }): { redirect: boolean; target: Target } {
  const redirect = request.successUrl != null || request.failUrl != null
  if (redirect && !isAbsoluteUrl(request.successUrl)) {
    throw sdkError("INCORRECT_SUCCESS_URL_FORMAT", "successUrl은 http(s)로 시작하는 전체 URL이어야 합니다. (successUrl must be an absolute http(s) URL.)")
  }
  if (redirect && !isAbsoluteUrl(request.failUrl)) {
    throw sdkError("INCORRECT_FAIL_URL_FORMAT", "failUrl은 http(s)로 시작하는 전체 URL이어야 합니다. (failUrl must be an absolute http(s) URL.)")
  }
  const windowTarget = request.windowTarget ?? (isMobile() ? "self" : "iframe")
  if (windowTarget !== "self" && windowTarget !== "iframe") {
    throw sdkError("INVALID_PARAMETERS", "windowTarget은 self 또는 iframe입니다. (windowTarget is self or iframe.)")
  }
  if (windowTarget === "iframe" && isMobile()) {
    throw sdkError("INVALID_PARAMETERS", "모바일에서는 iframe 결제창을 쓸 수 없습니다. (iframe is not available on mobile.)")
  }
  if (!redirect && windowTarget === "self") {
    throw sdkError("NOT_SUPPORTED_PROMISE", "이 환경에서는 Promise 방식을 쓸 수 없습니다. successUrl과 failUrl을 넘겨주세요. (The promise flow needs the iframe window; pass successUrl and failUrl.)")
  }
  return { redirect, target: windowTarget }
}

/**
 * Ask the sandbox for a window, then open it; the promise settles as the flow
 * says: with the window's result (RequestPaymentResult, WidgetPaymentResult)
 * in the promise flow, with nothing when the page goes elsewhere. The SDK
 * types the two flows as separate overloads, which one function can only
 * meet with an untyped result.
 */
async function openWindow(open: OpenRequest, flow: { redirect: boolean; target: Target }): Promise<any> {
  if (active) throw sdkError("INVALID_METHOD_TRANSACTION", "이미 결제창이 열려 있습니다. (A window is already open.)")
  const body = JSON.stringify({ ...open, windowTarget: flow.target, promise: !flow.redirect })
  // A string body keeps this a simple CORS request: no preflight.
  const answer = (await (await fetch(CONFIG.origin + "/window/open", { method: "POST", body })).json()) as {
    windowUrl?: string
    redirect?: string
    code?: string
    message?: string
  }
  if (answer.code) {
    throw sdkError(answer.code === "INVALID_REQUEST" ? "INVALID_PARAMETERS" : answer.code, answer.message ?? answer.code)
  }
  if (answer.redirect) return window.location.assign(answer.redirect)
  if (flow.target === "self") return window.location.assign(answer.windowUrl!)
  return inFrame(answer.windowUrl!)
}

function inFrame(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    addStyle()
    const overlay = document.createElement("div")
    overlay.className = "tsw-overlay"
    overlay.setAttribute("data-testid", "toss-window-overlay")
    const frame = document.createElement("iframe")
    frame.src = url
    frame.name = "toss-payment-window"
    frame.title = "토스페이먼츠 결제창"
    frame.setAttribute("data-testid", "toss-window-frame")
    overlay.appendChild(frame)
    document.body.appendChild(overlay)
    function onMessage(event: MessageEvent) {
      const message = event.data as WindowMessage | undefined
      if (event.origin !== CONFIG.origin || message?.source !== "toss-sandbox") return
      close()
      if (message.type === "result") resolve(message.result)
      else if (message.type === "close") reject(sdkError("USER_CANCEL", "사용자가 결제를 취소했습니다. (The shopper closed the payment window.)"))
      else reject(sdkError(message.code, message.message))
    }
    function close() {
      window.removeEventListener("message", onMessage)
      overlay.remove()
      active = null
    }
    window.addEventListener("message", onMessage)
    active = {
      abort() {
        close()
        reject(sdkError("PAYMENT_REQUEST_ABORTED", "destroy()로 결제 요청이 중단되었습니다. (destroy() aborted the request.)"))
      },
    }
  })
}

function addStyle() {
  if (document.getElementById("toss-sandbox-widget-style")) return
  const style = document.createElement("style")
  style.id = "toss-sandbox-widget-style"
  style.textContent = STYLE
  document.head.appendChild(style)
}

/** A promise that rejects with whatever `run` throws, like the SDK's async methods. */
function attempt<T>(run: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(run()))
}

function payment(clientKey: string, params: { customerKey?: unknown }): TossPaymentsPayment {
  checkClientKey(clientKey, "payment")
  const customerKey = checkCustomerKey(params)
  const requestPayment = (request: SdkPaymentRequest) =>
    attempt(() => {
      if (!request || typeof request !== "object") throw sdkError("INVALID_PARAMETERS", "결제 요청 정보가 필요합니다. (A payment request object is required.)")
      checkAmount(request.amount)
      return openWindow({ integration: "payment", clientKey, customerKey, request }, flowOf(request))
    })
  const requestBillingAuth = (request: SdkBillingAuthRequest) =>
    attempt(async () => {
      if (!request || typeof request !== "object") throw sdkError("INVALID_PARAMETERS", "카드 등록 요청 정보가 필요합니다. (A billing auth request object is required.)")
      if (customerKey === ANONYMOUS) throw sdkError("INVALID_CUSTOMER_KEY", "자동결제에는 ANONYMOUS가 아닌 customerKey가 필요합니다. (Billing needs a real customerKey, not ANONYMOUS.)")
      const flow = flowOf(request)
      if (!flow.redirect) throw sdkError("INCORRECT_SUCCESS_URL_FORMAT", "successUrl과 failUrl이 필요합니다. (successUrl and failUrl are required.)")
      await openWindow({ integration: "billing", clientKey, customerKey, request }, flow)
    })
  return {
    requestPayment,
    requestBillingAuth,
    destroy: () => attempt(() => active?.abort()),
  }
}

function widgets(clientKey: string, params: { customerKey?: unknown }): TossPaymentsWidgets {
  checkClientKey(clientKey, "widgets")
  const customerKey = checkCustomerKey(params)
  let amount: { currency: string; value: number } | null = null
  let methodsWidget: HTMLElement | null = null
  let agreementWidget: HTMLElement | null = null
  let selected = "CARD"
  let agreed = false
  const methodListeners: Array<(method: WidgetSelectedPaymentMethod) => void> = []
  const agreementListeners: Array<(status: WidgetAgreementStatus) => void> = []

  function subscribe<T>(eventName: string, listeners: Array<(value: T) => void>) {
    return (name: string, callback: (value: T) => void) => {
      if (name !== eventName) throw sdkError("INVALID_EVENT_PARAMETER", `지원하지 않는 이벤트입니다: ${name} (use '${eventName}')`)
      if (typeof callback !== "function") throw sdkError("INVALID_CALLBACK_PARAMETER", "callback은 함수여야 합니다. (callback must be a function.)")
      listeners.push(callback)
    }
  }
  function mount(params: { selector?: unknown } | undefined): HTMLElement {
    const target = typeof params?.selector === "string" ? document.querySelector(params.selector) : null
    if (!target) throw sdkError("INVALID_SELECTOR", `selector에 해당하는 요소가 없습니다. (No element matches selector ${params?.selector}.)`)
    addStyle()
    const container = document.createElement("div")
    container.className = "tsw"
    target.appendChild(container)
    return container
  }
  function agreementStatus(): WidgetAgreementStatus {
    return { agreedRequiredTerms: agreed, agreements: [{ term: { id: "sandbox-terms", required: true }, agreed }] }
  }
  /** The refund account the widget asks for when a virtual account is selected. */
  function refundAccount() {
    const field = (name: string) => (methodsWidget?.querySelector(`[name=toss-sandbox-refund-${name}]`) as HTMLInputElement | null)?.value.trim() ?? ""
    return { bankCode: field("bank"), accountNumber: field("account").replace(/[\s-]/g, ""), holderName: field("holder") }
  }
  function renderMethods(container: HTMLElement) {
    const options = CONFIG.widgetMethods
      .map(
        ([value, ko, en]) =>
          `<label class="tsw-option" data-testid="toss-widget-method-${value}"><input type="radio" name="toss-sandbox-method" value="${value}"${value === selected ? " checked" : ""}><span>${ko}<small>${en}</small></span></label>`
      )
      .join("")
    const banks = CONFIG.banks.map(([code, name]) => `<option value="${code}">${name}</option>`).join("")
    const refund =
      selected === "VIRTUAL_ACCOUNT"
        ? `<div class="tsw-refund" data-testid="toss-widget-refund-account"><div class="tsw-title">환불받을 계좌<span>Refund account</span></div>` +
          `<select name="toss-sandbox-refund-bank" data-testid="toss-widget-refund-bank"><option value="">은행 선택 (Bank)</option>${banks}</select>` +
          `<input name="toss-sandbox-refund-account" inputmode="numeric" placeholder="계좌번호 (Account number)" data-testid="toss-widget-refund-number">` +
          `<input name="toss-sandbox-refund-holder" placeholder="예금주 (Holder)" data-testid="toss-widget-refund-holder"></div>`
        : ""
    container.innerHTML = `<div class="tsw-title">결제 방법<span>Payment method</span></div>${options}${refund}<div class="tsw-note">토스페이먼츠 샌드박스 · test only</div>`
  }

  const requestPayment = (request: SdkWidgetPaymentRequest) =>
    attempt(() => {
      if (!methodsWidget || !amount) throw sdkError("NOT_SELECTED_PAYMENT_METHOD", "renderPaymentMethods()로 결제수단을 먼저 보여주세요. (Render the payment methods first.)")
      // Like Toss: the terms must be accepted when the agreement UI is shown.
      if (agreementWidget && !agreed) throw sdkError("NEED_AGREEMENT_WITH_REQUIRED_TERMS", "필수 약관에 동의해주세요. (Please agree to the required terms.)")
      if (!request || typeof request !== "object") throw sdkError("INVALID_PARAMETERS", "결제 요청 정보가 필요합니다. (A payment request object is required.)")
      const account = selected === "VIRTUAL_ACCOUNT" ? refundAccount() : undefined
      if (account && !(account.bankCode && account.accountNumber && account.holderName)) {
        throw sdkError("NEED_REFUND_ACCOUNT_DETAIL", "환불받을 계좌 정보를 입력해주세요. (Enter the refund account.)")
      }
      const open: OpenRequest = { integration: "widget", clientKey, customerKey, request, method: selected, amount, refundReceiveAccount: account }
      return openWindow(open, flowOf(request))
    })

  const notInSandbox = () => attempt<never>(() => { throw sdkError("NOT_SUPPORTED_IN_SANDBOX", "Toss 샌드박스는 결제창형 위젯을 지원하지 않습니다. (The sandbox has no widget payment window.)") })

  return {
    setAmount: (value) =>
      attempt(() => {
        amount = checkAmount(value)
      }),
    renderPaymentMethods: (params) =>
      attempt((): WidgetPaymentMethodWidget => {
        if (!amount) throw sdkError("NOT_SETUP_AMOUNT", "setAmount()로 결제 금액을 먼저 설정하세요. (Call setAmount() first.)")
        if (methodsWidget) throw sdkError("PAYMENT_METHODS_WIDGET_ALREADY_RENDERED", "결제 UI가 이미 렌더링되었습니다. (The payment methods are already rendered.)")
        const container = mount(params)
        methodsWidget = container
        renderMethods(container)
        container.addEventListener("change", (event) => {
          const input = event.target as HTMLInputElement
          if (input.name !== "toss-sandbox-method") return
          selected = input.value
          renderMethods(container)
          methodListeners.forEach((listener) => listener({ code: selected }))
        })
        return {
          on: subscribe("paymentMethodSelect", methodListeners),
          getSelectedPaymentMethod: () => Promise.resolve<WidgetSelectedPaymentMethod>({ code: selected }),
          destroy: () =>
            attempt(() => {
              container.remove()
              methodsWidget = null
            }),
        }
      }),
    renderAgreement: (params) =>
      attempt((): WidgetAgreementWidget => {
        if (agreementWidget) throw sdkError("AGREEMENT_WIDGET_ALREADY_RENDERED", "약관 UI가 이미 렌더링되었습니다. (The agreement is already rendered.)")
        const container = mount(params)
        agreementWidget = container
        agreed = false
        container.innerHTML =
          '<label class="tsw-agreement" data-testid="toss-widget-agreement"><input type="checkbox" name="toss-sandbox-agreement">' +
          "<span>[필수] 결제 서비스 이용 약관, 개인정보 처리에 동의합니다<small>I agree to the payment terms (required)</small></span></label>"
        container.addEventListener("change", (event) => {
          agreed = (event.target as HTMLInputElement).checked
          agreementListeners.forEach((listener) => listener(agreementStatus()))
        })
        return {
          on: subscribe("agreementStatusChange", agreementListeners),
          destroy: () =>
            attempt(() => {
              container.remove()
              agreementWidget = null
            }),
        }
      }),
    requestPayment,
    requestPaymentWindow: notInSandbox,
    renderPaymentWindow: notInSandbox,
  }
}

function brandpay(clientKey: string, params: { customerKey?: unknown }): TossPaymentsBrandpay {
  checkClientKey(clientKey, "brandpay")
  checkCustomerKey(params)
  const notInSandbox = () => attempt<never>(() => { throw sdkError("NOT_SUPPORTED_IN_SANDBOX", "Toss 샌드박스는 브랜드페이를 지원하지 않습니다. (The sandbox has no BrandPay.)") })
  return {
    requestPayment: notInSandbox,
    changePassword: notInSandbox,
    addPaymentMethod: notInSandbox,
    openSettings: notInSandbox,
    changeOneTouchPay: notInSandbox,
    isOneTouchPayEnabled: notInSandbox,
    requestBillingAuth: notInSandbox,
  }
}

function TossPayments(clientKey: string): TossPaymentsSDK {
  return {
    payment: (params) => payment(clientKey, params),
    widgets: (params) => widgets(clientKey, params),
    brandpay: (params) => brandpay(clientKey, params),
  }
}

window.TossPayments = Object.assign(TossPayments, { ANONYMOUS })
