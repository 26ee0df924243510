/**
 * The browser side of the sandbox, standing in for js.tosspayments.com and
 * the Toss payment window:
 *  - `GET /v2/standard`: the SDK script. `loadTossPayments(clientKey, {src})`
 *    from `@tosspayments/tosspayments-sdk` injects it, waits for its load
 *    event, then calls `window.TossPayments(clientKey)` (toss-api.md §7).
 *  - `GET /window`: the payment window the script navigates to (a full-page
 *    redirect, as on mobile), and `POST /window`: the shopper's answer, sent
 *    back to successUrl or failUrl.
 * Nothing is kept between requests except the payments themselves: the form
 * carries the request.
 */
import { TossError } from "./errors"
import { escapeHtml, errorPage, layout, won } from "./html"
import { EASY_PAY_PROVIDERS, METHODS, PaymentRequest, PaymentStore, SdkMethod, TossPayment } from "./payments"

export type PageResult = { status: number; html: string } | { redirect: string }

/** The request fields the script puts in the window URL and the window posts back. */
const REQUEST_FIELDS = [
  "clientKey",
  "customerKey",
  "method",
  "easyPay",
  "orderId",
  "orderName",
  "amount",
  "currency",
  "taxFreeAmount",
  "customerName",
  "customerEmail",
  "customerMobilePhone",
  "successUrl",
  "failUrl",
] as const

/** The window's choices for a card payment: the card itself or an easy pay app. */
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

interface WindowRequest extends PaymentRequest {
  successUrl: string
  failUrl: string
}

/** `GET /window`: open (or reopen) a READY payment and show the window. */
export function openWindow(query: URLSearchParams, store: PaymentStore): PageResult {
  const request = readRequest(query)
  if (!request) return badUrls()
  try {
    const payment = store.open(request)
    return { status: 200, html: windowPage(request, payment) }
  } catch (error) {
    return failRedirect(request, error)
  }
}

/** `POST /window`: the shopper approved, declined or closed the window. */
export function submitWindow(form: URLSearchParams, store: PaymentStore): PageResult {
  const request = readRequest(form)
  if (!request) return badUrls()
  const choice = form.get("choice")
  if (request.method === "CARD" && choice) request.easyPay = choice === "CARD" ? undefined : choice
  switch (form.get("action")) {
    case "approve":
      return authenticate(store, request)
    case "decline-at-confirm":
      // Authentication succeeds; the card company refuses at the store's confirm.
      return authenticate(store, request, "REJECT_CARD_PAYMENT")
    case "decline":
      return failRedirect(request, new TossError("REJECT_CARD_COMPANY"))
    default:
      return failRedirect(request, new TossError("PAY_PROCESS_CANCELED"))
  }
}

function authenticate(store: PaymentStore, request: WindowRequest, confirmError?: string): PageResult {
  try {
    const { paymentKey, orderId, amount } = store.authenticate({ ...request, confirmError })
    return {
      redirect: withQuery(request.successUrl, { paymentType: "NORMAL", orderId, paymentKey, amount: String(amount) }),
    }
  } catch (error) {
    return failRedirect(request, error)
  }
}

function failRedirect(request: WindowRequest, error: unknown): PageResult {
  if (!(error instanceof TossError)) throw error
  return {
    redirect: withQuery(request.failUrl, { code: error.code, message: error.message, orderId: request.orderId }),
  }
}

function badUrls(): PageResult {
  return {
    status: 400,
    html: errorPage(
      "잘못된 결제 요청입니다",
      "successUrl과 failUrl은 http(s)로 시작하는 전체 URL이어야 합니다. (successUrl and failUrl must be absolute http(s) URLs.)"
    ),
  }
}

/** The request from the window URL or form; undefined when there is nowhere to send the shopper back. */
function readRequest(params: URLSearchParams): WindowRequest | undefined {
  const value = (name: string) => params.get(name) || undefined
  const successUrl = value("successUrl")
  const failUrl = value("failUrl")
  if (!isAbsoluteUrl(successUrl) || !isAbsoluteUrl(failUrl)) return undefined
  const taxFreeAmount = value("taxFreeAmount")
  return {
    clientKey: value("clientKey"),
    customerKey: value("customerKey"),
    method: (value("method") ?? "CARD") as SdkMethod,
    easyPay: value("easyPay"),
    orderId: value("orderId") ?? "",
    orderName: value("orderName"),
    amount: Number(value("amount")),
    currency: value("currency"),
    taxFreeAmount: taxFreeAmount === undefined ? undefined : Number(taxFreeAmount),
    customerName: value("customerName"),
    customerEmail: value("customerEmail"),
    customerMobilePhone: value("customerMobilePhone"),
    successUrl,
    failUrl,
  }
}

function isAbsoluteUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/\S+$/.test(url)
}

/** Toss appends its parameters to whatever query the merchant's URL already has (§7). */
function withQuery(url: string, params: Record<string, string>): string {
  return url + (url.includes("?") ? "&" : "?") + new URLSearchParams(params).toString()
}

function windowPage(request: WindowRequest, payment: TossPayment): string {
  const method = request.method ?? "CARD"
  const hidden = REQUEST_FIELDS.map((name) => {
    const value = request[name]
    return value === undefined ? "" : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`
  }).join("")
  const selectedChoice = request.easyPay ?? "CARD"
  const methodSection =
    method === "CARD"
      ? CARD_CHOICES.map(
          (c) => `<label class="option" data-testid="toss-method-${c.value}">
            <input type="radio" name="choice" value="${c.value}"${c.value === selectedChoice ? " checked" : ""}>
            <span>${c.ko} <small>${c.en}</small></span></label>`
        ).join("")
      : `<div class="option" data-testid="toss-method-${escapeHtml(method)}">
          <span>${METHODS[method].label} <small>${METHOD_NAMES_EN[method]}</small></span></div>
        ${
          method === "VIRTUAL_ACCOUNT"
            ? `<p class="note">상점이 결제를 승인하면 입금할 계좌가 발급되고, <a href="/sandbox/bank" target="_blank">샌드박스 은행</a>에서 입금할 수 있어요.
                <small>Once the store confirms, an account is issued: pay into it at the sandbox bank (/sandbox/bank).</small></p>`
            : ""
        }`
  const customer = [request.customerName, request.customerEmail, request.customerMobilePhone]
    .filter(Boolean)
    .map(escapeHtml)
    .join(" · ")
  const body = `
    <section class="card">
      <div class="muted">토스페이먼츠 테스트 상점 <small>${escapeHtml(payment.mId)}</small></div>
      <h1>${escapeHtml(payment.orderName)}</h1>
      <div class="amount" data-testid="toss-amount">${won(payment.totalAmount)}</div>
      <small>₩${payment.totalAmount.toLocaleString("en-US")} · 주문번호 (Order ID) ${escapeHtml(payment.orderId)}</small>
      ${customer ? `<p class="note">${customer}</p>` : ""}
    </section>
    <form method="post" action="/window">
      ${hidden}
      <section class="card">
        <h2>결제수단 <small>Payment method</small></h2>
        ${methodSection}
      </section>
      <button type="submit" class="primary" name="action" value="approve" data-testid="toss-approve">결제하기 <small>Approve</small></button>
      <div class="row">
        <button type="submit" class="secondary" name="action" value="decline" data-testid="toss-decline">카드 거절 <small>Decline</small></button>
        <button type="submit" class="secondary" name="action" value="decline-at-confirm" data-testid="toss-decline-at-confirm">승인 시 거절 <small>Decline at confirm</small></button>
      </div>
      <button type="submit" class="link" name="action" value="close" data-testid="toss-close">닫기 <small>Close</small></button>
    </form>`
  return layout(`토스페이먼츠 결제 - ${payment.orderName}`, body)
}

/** The SDK script, with the sandbox's URL and the client keys it knows filled in. */
export function sdkScript(origin: string, clientKeys: string[]): string {
  const config = { origin, clientKeys, easyPays: Object.keys(EASY_PAY_PROVIDERS), methods: Object.keys(METHODS) }
  return SDK_SCRIPT.replace("__CONFIG__", JSON.stringify(config))
}

/**
 * Plain ES2017 for any browser. It checks its arguments like the real SDK
 * (throwing errors with a `code`), then navigates to the sandbox window.
 * Only the redirect flow exists: without successUrl and failUrl,
 * requestPayment rejects with NOT_SUPPORTED_PROMISE.
 */
const SDK_SCRIPT = String.raw`(function () {
  "use strict";
  var CONFIG = __CONFIG__;
  var ANONYMOUS = "@@ANONYMOUS";
  var WIDGET_METHODS = [
    ["CARD", "카드", "Card"],
    ["TOSSPAY", "토스페이", "Toss Pay"],
    ["KAKAOPAY", "카카오페이", "Kakao Pay"],
    ["NAVERPAY", "네이버페이", "Naver Pay"],
    ["TRANSFER", "계좌이체", "Bank transfer"],
    ["VIRTUAL_ACCOUNT", "가상계좌", "Virtual account"],
    ["MOBILE_PHONE", "휴대폰", "Mobile phone"]
  ];
  var STYLE = [
    ".tsw { font-family: -apple-system, BlinkMacSystemFont, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; color: #191f28; }",
    ".tsw-title { font-weight: 700; font-size: 15px; margin: 4px 0 12px; }",
    ".tsw-title span, .tsw small { color: #8b95a1; font-weight: 400; font-size: 12px; margin-left: 4px; }",
    ".tsw-option { display: flex; align-items: center; gap: 10px; padding: 12px 14px; border: 1px solid #e5e8eb; border-radius: 12px; margin-bottom: 8px; cursor: pointer; background: #fff; }",
    ".tsw-option:has(input:checked) { border-color: #3182f6; background: #f5f9ff; }",
    ".tsw input { accent-color: #3182f6; width: 18px; height: 18px; margin: 0; }",
    ".tsw-note { color: #b0b8c1; font-size: 12px; text-align: right; }",
    ".tsw-agreement { display: flex; gap: 10px; align-items: flex-start; padding: 12px 0; cursor: pointer; font-size: 14px; }"
  ].join("\n");

  function sdkError(code, message) {
    var error = new Error(message);
    error.name = "TossPaymentsError";
    error.code = code;
    return error;
  }

  // A promise that rejects with whatever run() throws, like the SDK's async methods.
  function attempt(run) {
    return new Promise(function (resolve) { resolve(run()); });
  }

  function checkClientKey(clientKey, api) {
    if (typeof clientKey !== "string" || /_g?sk_/.test(clientKey)) {
      throw sdkError("INVALID_CLIENT_KEY", "클라이언트 키가 올바르지 않습니다. 시크릿 키는 브라우저에서 쓰면 안 됩니다. (Invalid client key; a secret key must never reach the browser.)");
    }
    var widgetKey = /_gck_/.test(clientKey);
    if (api === "widgets" && !widgetKey) {
      throw sdkError("NOT_SUPPORTED_API_INDIVIDUAL_KEY", "widgets()에는 결제위젯 연동 키(test_gck_)를 사용하세요. (widgets() needs a payment widget key, test_gck_..., not an API individual key.)");
    }
    if (api === "payment" && widgetKey) {
      throw sdkError("NOT_SUPPORTED_WIDGET_KEY", "payment()에는 API 개별 연동 키(test_ck_)를 사용하세요. (payment() needs an API individual key, test_ck_..., not a widget key.)");
    }
    if (CONFIG.clientKeys.indexOf(clientKey) < 0) {
      throw sdkError("INVALID_CLIENT_KEY", "등록되지 않은 클라이언트 키입니다. (This client key is unknown to the Toss sandbox.)");
    }
  }

  function checkCustomerKey(params) {
    var key = params && params.customerKey;
    if (key === ANONYMOUS) return;
    if (typeof key === "string" && /^(test|live)_g?sk_/.test(key)) {
      throw sdkError("INSECURE_KEY_USAGE", "customerKey에 시크릿 키를 사용하면 안 됩니다. (Never use a secret key as customerKey.)");
    }
    if (typeof key !== "string" || !/^[A-Za-z0-9_=.@-]{2,50}$/.test(key)) {
      throw sdkError("INVALID_CUSTOMER_KEY", "customerKey는 영문, 숫자, -_=.@ 로 이루어진 2~50자 문자열이거나 ANONYMOUS여야 합니다. (customerKey must be 2-50 characters of A-Z a-z 0-9 - _ = . @, or ANONYMOUS.)");
    }
  }

  function checkAmount(amount) {
    if (!amount || amount.currency !== "KRW") {
      throw sdkError("INVALID_AMOUNT_CURRENCY", "결제 통화는 KRW여야 합니다. (amount.currency must be KRW.)");
    }
    if (typeof amount.value !== "number" || Math.floor(amount.value) !== amount.value || amount.value < 0) {
      throw sdkError("INVALID_AMOUNT_VALUE", "결제 금액은 0 이상의 정수여야 합니다. (amount.value must be a whole number of won, 0 or more.)");
    }
  }

  function invalid(message) {
    return sdkError("INVALID_PARAMETERS", message);
  }

  function isAbsoluteUrl(url) {
    return typeof url === "string" && /^https?:\/\/\S+$/.test(url);
  }

  // The fields every payment request shares, checked.
  function orderFields(request) {
    if (!request || typeof request !== "object") throw invalid("결제 요청 정보가 필요합니다. (A payment request object is required.)");
    if (typeof request.orderId !== "string" || !/^[A-Za-z0-9_-]{6,64}$/.test(request.orderId)) {
      throw invalid("orderId는 영문 대소문자, 숫자, -, _ 로 이루어진 6자 이상 64자 이하여야 합니다. (orderId must be 6-64 characters of A-Z a-z 0-9 - _.)");
    }
    if (typeof request.orderName !== "string" || request.orderName.length === 0 || request.orderName.length > 100) {
      throw invalid("orderName은 1자 이상 100자 이하여야 합니다. (orderName must be 1-100 characters.)");
    }
    if (request.customerMobilePhone != null && !/^[0-9]{8,15}$/.test(request.customerMobilePhone)) {
      throw invalid("customerMobilePhone은 - 없이 숫자 8~15자리여야 합니다. (customerMobilePhone must be 8-15 digits without '-'.)");
    }
    ["customerName", "customerEmail"].forEach(function (name) {
      if (request[name] != null && String(request[name]).length > 100) throw invalid(name + "은 100자 이하여야 합니다. (" + name + " must be 100 characters or fewer.)");
    });
    if (request.successUrl == null && request.failUrl == null) {
      throw sdkError("NOT_SUPPORTED_PROMISE", "Toss 샌드박스는 리다이렉트 방식만 지원합니다. successUrl과 failUrl을 넘겨주세요. (The Toss sandbox only supports the redirect flow: pass successUrl and failUrl.)");
    }
    if (!isAbsoluteUrl(request.successUrl)) throw sdkError("INCORRECT_SUCCESS_URL_FORMAT", "successUrl은 http(s)로 시작하는 전체 URL이어야 합니다. (successUrl must be an absolute http(s) URL.)");
    if (!isAbsoluteUrl(request.failUrl)) throw sdkError("INCORRECT_FAIL_URL_FORMAT", "failUrl은 http(s)로 시작하는 전체 URL이어야 합니다. (failUrl must be an absolute http(s) URL.)");
    return {
      orderId: request.orderId,
      orderName: request.orderName,
      customerName: request.customerName,
      customerEmail: request.customerEmail,
      customerMobilePhone: request.customerMobilePhone,
      taxFreeAmount: request.taxFreeAmount,
      successUrl: request.successUrl,
      failUrl: request.failUrl
    };
  }

  // A full-page redirect to the sandbox payment window, as on mobile.
  function openWindow(fields) {
    var query = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      if (fields[name] != null) query.set(name, String(fields[name]));
    });
    window.location.assign(CONFIG.origin + "/window?" + query.toString());
  }

  function addStyle() {
    if (document.getElementById("toss-sandbox-widget-style")) return;
    var style = document.createElement("style");
    style.id = "toss-sandbox-widget-style";
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  function payment(clientKey, params) {
    checkClientKey(clientKey, "payment");
    checkCustomerKey(params);
    return {
      requestPayment: function (request) {
        return attempt(function () {
          if (!request || CONFIG.methods.indexOf(request.method) < 0) {
            throw invalid("method는 다음 중 하나여야 합니다. (method must be one of:) " + CONFIG.methods.join(", "));
          }
          checkAmount(request.amount);
          var fields = orderFields(request);
          var easyPay = request.card && request.card.easyPay;
          if (easyPay != null && (request.method !== "CARD" || CONFIG.easyPays.indexOf(easyPay) < 0)) {
            throw invalid("card.easyPay는 다음 중 하나여야 합니다. (card.easyPay must be one of:) " + CONFIG.easyPays.join(", "));
          }
          fields.clientKey = clientKey;
          fields.customerKey = params.customerKey;
          fields.method = request.method;
          fields.easyPay = easyPay;
          fields.amount = request.amount.value;
          fields.currency = request.amount.currency;
          openWindow(fields);
        });
      }
    };
  }

  function widgets(clientKey, params) {
    checkClientKey(clientKey, "widgets");
    checkCustomerKey(params);
    var amount = null;
    var methodsWidget = null;
    var agreementWidget = null;
    var selected = "CARD";
    var agreed = false;
    var listeners = { paymentMethodSelect: [], agreementStatusChange: [] };

    function emit(eventName, value) {
      listeners[eventName].forEach(function (callback) { callback(value); });
    }
    function subscribe(eventName) {
      return function (name, callback) {
        if (name !== eventName) throw sdkError("INVALID_EVENT_PARAMETER", "지원하지 않는 이벤트입니다: " + name + " (use '" + eventName + "')");
        if (typeof callback !== "function") throw sdkError("INVALID_CALLBACK_PARAMETER", "callback은 함수여야 합니다. (callback must be a function.)");
        listeners[eventName].push(callback);
      };
    }
    function mount(params) {
      var target = params && typeof params.selector === "string" ? document.querySelector(params.selector) : null;
      if (!target) throw sdkError("INVALID_SELECTOR", "selector에 해당하는 요소가 없습니다. (No element matches selector " + (params && params.selector) + ".)");
      addStyle();
      var container = document.createElement("div");
      container.className = "tsw";
      target.appendChild(container);
      return container;
    }
    function agreementStatus() {
      return { agreedRequiredTerms: agreed, agreements: [{ term: { id: "sandbox-terms", required: true }, agreed: agreed }] };
    }

    return {
      setAmount: function (value) {
        return attempt(function () {
          checkAmount(value);
          amount = { currency: value.currency, value: value.value };
        });
      },
      renderPaymentMethods: function (params) {
        return attempt(function () {
          if (!amount) throw sdkError("NOT_SETUP_AMOUNT", "setAmount()로 결제 금액을 먼저 설정하세요. (Call setAmount() first.)");
          if (methodsWidget) throw sdkError("PAYMENT_METHODS_WIDGET_ALREADY_RENDERED", "결제 UI가 이미 렌더링되었습니다. (The payment methods are already rendered.)");
          methodsWidget = mount(params);
          methodsWidget.innerHTML = '<div class="tsw-title">결제 방법<span>Payment method</span></div>' +
            WIDGET_METHODS.map(function (m) {
              return '<label class="tsw-option" data-testid="toss-widget-method-' + m[0] + '">' +
                '<input type="radio" name="toss-sandbox-method" value="' + m[0] + '"' + (m[0] === selected ? " checked" : "") + ">" +
                "<span>" + m[1] + "<small>" + m[2] + "</small></span></label>";
            }).join("") +
            '<div class="tsw-note">토스페이먼츠 샌드박스 · test only</div>';
          methodsWidget.addEventListener("change", function (event) {
            selected = event.target.value;
            emit("paymentMethodSelect", { code: selected });
          });
          return {
            on: subscribe("paymentMethodSelect"),
            getSelectedPaymentMethod: function () { return Promise.resolve({ code: selected }); },
            destroy: function () {
              methodsWidget.remove();
              methodsWidget = null;
              return Promise.resolve();
            }
          };
        });
      },
      renderAgreement: function (params) {
        return attempt(function () {
          if (agreementWidget) throw sdkError("AGREEMENT_WIDGET_ALREADY_RENDERED", "약관 UI가 이미 렌더링되었습니다. (The agreement is already rendered.)");
          agreementWidget = mount(params);
          agreed = false;
          agreementWidget.innerHTML = '<label class="tsw-agreement" data-testid="toss-widget-agreement">' +
            '<input type="checkbox" name="toss-sandbox-agreement">' +
            "<span>[필수] 결제 서비스 이용 약관, 개인정보 처리에 동의합니다<small>I agree to the payment terms (required)</small></span></label>";
          agreementWidget.addEventListener("change", function (event) {
            agreed = event.target.checked;
            emit("agreementStatusChange", agreementStatus());
          });
          return {
            on: subscribe("agreementStatusChange"),
            destroy: function () {
              agreementWidget.remove();
              agreementWidget = null;
              return Promise.resolve();
            }
          };
        });
      },
      requestPayment: function (request) {
        return attempt(function () {
          if (!methodsWidget) throw sdkError("NOT_SELECTED_PAYMENT_METHOD", "renderPaymentMethods()로 결제수단을 먼저 보여주세요. (Render the payment methods first.)");
          // Like Toss: the terms must be accepted when the agreement UI is shown.
          if (agreementWidget && !agreed) throw sdkError("NEED_AGREEMENT_WITH_REQUIRED_TERMS", "필수 약관에 동의해주세요. (Please agree to the required terms.)");
          var fields = orderFields(request);
          var easyPay = CONFIG.easyPays.indexOf(selected) >= 0;
          fields.clientKey = clientKey;
          fields.customerKey = params.customerKey;
          fields.method = easyPay ? "CARD" : selected;
          fields.easyPay = easyPay ? selected : null;
          fields.amount = amount.value;
          fields.currency = amount.currency;
          openWindow(fields);
        });
      }
    };
  }

  function TossPayments(clientKey) {
    return {
      payment: function (params) { return payment(clientKey, params); },
      widgets: function (params) { return widgets(clientKey, params); }
    };
  }
  TossPayments.ANONYMOUS = ANONYMOUS;
  window.TossPayments = TossPayments;
})();
`
