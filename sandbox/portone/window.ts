/**
 * PortOne's payment window and a stand-in for its browser SDK script
 * (`https://cdn.portone.io/v2/browser-sdk.js`), so a storefront built on
 * `@portone/browser-sdk` runs against the sandbox: point the official loader
 * at `${sandbox.url}/v2/browser-sdk.js` with `setPortOneJsSdkUrl`, or load
 * that script first (the loader then takes the `window.PortOne` it finds).
 *
 * `PortOne.requestPayment(request)` checks what the SDK itself checks, lays
 * the window over the page in an iframe, and answers as the SDK does: the
 * response (`code` set on a failure), or a redirect to `redirectUrl` with
 * `paymentId` (and `code`, `message`, `pgCode`, `pgMessage` on a failure) when
 * `forceRedirect` is set or the browser looks mobile. (undocumented) the code
 * of a window the shopper closes: here `Cancelled` (a gRPC code the SDK
 * types); whether a redirect also carries `txId`: here not.
 *
 * `PortOne.requestIssueBillingKey(request)` opens the same window for a
 * billing key (CARD or EASY_PAY; `customer.customerId` required, as
 * 토스페이 requires it) and issues one through the store's
 * `issueBillingKey`: `{ transactionType: "ISSUE_BILLING_KEY", billingKey }`,
 * or `code` (`Cancelled` for a closed window) with an empty `billingKey`;
 * redirected, the query carries `billingKey` or `code`, `message`.
 * (undocumented) the redirect's query of a billing key: here as for a
 * payment. Not modelled: 수동 승인 of billing keys (`billingIssueToken`),
 * `requestIssueBillingKeyAndPay`, MOBILE and PAYPAL billing keys.
 */
import type { Payment } from "@portone/server-sdk/payment" with { "resolution-mode": "import" }
import { Channel, PayInput, PortOneStore, WindowResult } from "./store"

/** What a billing-key window answers, as the SDK's `IssueBillingKeyResponse`. */
export interface BillingKeyWindowResult {
  transactionType: "ISSUE_BILLING_KEY"
  billingKey: string
  code?: string
  message?: string
  pgCode?: string
  pgMessage?: string
}

/** What the window posts back: the request it was opened with and what the shopper did. */
export interface WindowAction {
  request: Record<string, unknown>
  action: "pay" | "decline" | "close"
}

const MODELLED_METHODS = new Set(["CARD", "EASY_PAY", "VIRTUAL_ACCOUNT"])

/**
 * What the SDK refuses before any window opens, as its response would say
 * it; null when the window may open. (undocumented) which code a missing
 * field gives: InvalidArgument.
 */
export function refuseRequest(request: Record<string, unknown>, storeId: string, channels: readonly Channel[]): WindowResult | null {
  const refuse = (code: string, message: string): WindowResult => ({
    transactionType: "PAYMENT",
    paymentId: typeof request.paymentId === "string" ? request.paymentId : "",
    txId: "",
    code,
    message,
  })
  for (const field of ["storeId", "paymentId", "orderName", "totalAmount", "currency", "payMethod"]) {
    if (request[field] === undefined || request[field] === null || request[field] === "") return refuse("InvalidArgument", `${field}는 필수입니다.`)
  }
  if (request.storeId !== storeId) return refuse("StoreNotFound", "상점을 찾을 수 없습니다.")
  if (request.channelKey !== undefined && !channels.some((c) => c.key === request.channelKey)) return refuse("ChannelNotFound", "채널을 찾을 수 없습니다.")
  if (typeof request.totalAmount !== "number") return refuse("InvalidArgument", "totalAmount는 숫자여야 합니다.")
  if (!MODELLED_METHODS.has(String(request.payMethod))) return refuse("InvalidArgument", `The sandbox does not model payMethod ${String(request.payMethod)}.`)
  if (request.redirectUrl !== undefined && !/^https?:\/\//.test(String(request.redirectUrl))) {
    return refuse("InvalidArgument", "redirectUrl은 http:// 또는 https://로 시작해야 합니다.")
  }
  return null
}

const BILLING_KEY_METHODS = new Set(["CARD", "EASY_PAY"])

/** A window opened by `requestIssueBillingKey` (it alone names a `billingKeyMethod`). */
export function issuesBillingKey(request: Record<string, unknown>): boolean {
  return request.billingKeyMethod !== undefined
}

/** What the SDK refuses of a billing-key request before any window opens; null when the window may open. */
export function refuseBillingKeyRequest(request: Record<string, unknown>, storeId: string, channels: readonly Channel[]): BillingKeyWindowResult | null {
  const refuse = (code: string, message: string): BillingKeyWindowResult => ({ transactionType: "ISSUE_BILLING_KEY", billingKey: "", code, message })
  for (const field of ["storeId", "billingKeyMethod"]) {
    if (request[field] === undefined || request[field] === null || request[field] === "") return refuse("InvalidArgument", `${field}는 필수입니다.`)
  }
  if (request.storeId !== storeId) return refuse("StoreNotFound", "상점을 찾을 수 없습니다.")
  if (request.channelKey !== undefined && !channels.some((c) => c.key === request.channelKey)) return refuse("ChannelNotFound", "채널을 찾을 수 없습니다.")
  if (!BILLING_KEY_METHODS.has(String(request.billingKeyMethod))) {
    return refuse("InvalidArgument", `The sandbox does not model billingKeyMethod ${String(request.billingKeyMethod)}.`)
  }
  const customer = request.customer as { customerId?: unknown } | undefined
  if (typeof customer?.customerId !== "string" || customer.customerId === "") return refuse("InvalidArgument", "customer.customerId는 필수입니다.")
  if (request.redirectUrl !== undefined && !/^https?:\/\//.test(String(request.redirectUrl))) {
    return refuse("InvalidArgument", "redirectUrl은 http:// 또는 https://로 시작해야 합니다.")
  }
  return null
}

/** The shopper's choice in a billing-key window: a key issued for the request's customer, or why not. */
function completeBillingKeyWindow(store: PortOneStore, { request, action }: WindowAction): BillingKeyWindowResult {
  const refused = refuseBillingKeyRequest(request, store.storeId, store.channels)
  if (refused) return refused
  if (action === "close") return { transactionType: "ISSUE_BILLING_KEY", billingKey: "", code: "Cancelled", message: "사용자가 빌링키 발급을 취소했습니다." }
  if (action === "decline") {
    return { transactionType: "ISSUE_BILLING_KEY", billingKey: "", code: "PGProviderError", message: "빌링키 발급에 실패했습니다.", pgCode: "INVALID_CARD", pgMessage: "카드 정보가 올바르지 않습니다." }
  }
  const customerId = (request.customer as { customerId: string }).customerId
  const billingKey = store.issueBillingKey({ customerId, ...(typeof request.channelKey === "string" && { channelKey: request.channelKey }) })
  return { transactionType: "ISSUE_BILLING_KEY", billingKey }
}

/** The shopper's choice in the window, carried out at the store. */
export function completeWindow(store: PortOneStore, choice: WindowAction): WindowResult | BillingKeyWindowResult {
  if (issuesBillingKey(choice.request ?? {})) return completeBillingKeyWindow(store, choice)
  const { request, action } = choice
  const refused = refuseRequest(request ?? {}, store.storeId, store.channels)
  if (refused) return refused
  if (action === "close") {
    return { transactionType: "PAYMENT", paymentId: String(request.paymentId), txId: "", code: "Cancelled", message: "사용자가 결제를 취소했습니다." }
  }
  const customer = request.customer as { customerId?: unknown } | undefined
  const input: PayInput = {
    paymentId: String(request.paymentId),
    orderName: String(request.orderName),
    totalAmount: request.totalAmount as number,
    ...(request.taxFreeAmount !== undefined && { taxFreeAmount: request.taxFreeAmount as number }),
    // The browser SDK takes "KRW" and "CURRENCY_KRW" alike.
    currency: String(request.currency).replace(/^CURRENCY_/, "") as PayInput["currency"],
    ...(typeof request.channelKey === "string" && { channelKey: request.channelKey }),
    payMethod: request.payMethod as PayInput["payMethod"],
    isEscrow: request.isEscrow === true,
    ...(typeof customer?.customerId === "string" && { customerId: customer.customerId }),
    outcome: action === "decline" ? "FAILED" : "PAID",
  }
  return store.pay(input)
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The window: what is paid, and three buttons for the shopper (or a test) to press. */
export function windowPage(origin: string, request: Record<string, unknown>): string {
  const amount = typeof request.totalAmount === "number" ? request.totalAmount.toLocaleString("ko-KR") : "?"
  const virtualAccount = request.payMethod === "VIRTUAL_ACCOUNT"
  const billing = issuesBillingKey(request)
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>PortOne sandbox</title>
<style>body{font-family:sans-serif;margin:0;display:grid;place-items:center;height:100vh}main{background:#fff;padding:24px;border-radius:12px;min-width:280px;box-shadow:0 4px 24px #0003}button{margin:4px}</style>
</head><body><main>
<h1>PortOne (sandbox)</h1>
${
  billing
    ? `<p id="order-name">${escape(String(request.issueName ?? "결제수단 등록"))}</p>`
    : `<p id="order-name">${escape(String(request.orderName ?? ""))}</p>
<p id="amount">${escape(amount)} ${escape(String(request.currency ?? "").replace(/^CURRENCY_/, ""))}</p>`
}
<button id="pay" data-action="pay">${billing ? "등록하기" : virtualAccount ? "가상계좌 발급" : "결제하기"}</button>
<button id="decline" data-action="decline">${billing ? "등록 실패" : "결제 실패"}</button>
<button id="close" data-action="close">닫기</button>
</main>
<script>
const request = ${JSON.stringify(request).replace(/</g, "\\u003c")};
for (const button of document.querySelectorAll("button")) {
  button.addEventListener("click", async () => {
    const answer = await fetch(${JSON.stringify(origin)} + "/window/result", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ request, action: button.dataset.action }),
    })
    parent.postMessage({ portoneSandbox: true, result: await answer.json() }, "*")
  })
}
</script>
</body></html>`
}

/** The stand-in for PortOne's browser SDK script: `window.PortOne.requestPayment` and `requestIssueBillingKey`, backed by the window above. */
export function browserSdkScript(origin: string, storeId: string, channels: readonly Channel[]): string {
  return `(function () {
  var origin = ${JSON.stringify(origin)};
  var storeId = ${JSON.stringify(storeId)};
  var channelKeys = ${JSON.stringify(channels.map((c) => c.key))};
  var required = ["storeId", "paymentId", "orderName", "totalAmount", "currency", "payMethod"];
  function refusal(request, code, message) {
    return { transactionType: "PAYMENT", paymentId: (request && request.paymentId) || "", txId: "", code: code, message: message };
  }
  function check(request) {
    if (!request) return refusal(request, "InvalidArgument", "request는 필수입니다.");
    for (var i = 0; i < required.length; i++) {
      var value = request[required[i]];
      if (value === undefined || value === null || value === "") return refusal(request, "InvalidArgument", required[i] + "는 필수입니다.");
    }
    if (request.storeId !== storeId) return refusal(request, "StoreNotFound", "상점을 찾을 수 없습니다.");
    if (request.channelKey !== undefined && channelKeys.indexOf(request.channelKey) < 0) return refusal(request, "ChannelNotFound", "채널을 찾을 수 없습니다.");
    if (request.redirectUrl !== undefined && !/^https?:\\/\\//.test(String(request.redirectUrl))) {
      return refusal(request, "InvalidArgument", "redirectUrl은 http:// 또는 https://로 시작해야 합니다.");
    }
    return null;
  }
  function checkBillingKey(request) {
    var refused = function (code, message) { return { transactionType: "ISSUE_BILLING_KEY", billingKey: "", code: code, message: message }; };
    if (!request) return refused("InvalidArgument", "request는 필수입니다.");
    if (!request.storeId) return refused("InvalidArgument", "storeId는 필수입니다.");
    if (!request.billingKeyMethod) return refused("InvalidArgument", "billingKeyMethod는 필수입니다.");
    if (request.storeId !== storeId) return refused("StoreNotFound", "상점을 찾을 수 없습니다.");
    if (request.channelKey !== undefined && channelKeys.indexOf(request.channelKey) < 0) return refused("ChannelNotFound", "채널을 찾을 수 없습니다.");
    if (request.redirectUrl !== undefined && !/^https?:\\/\\//.test(String(request.redirectUrl))) {
      return refused("InvalidArgument", "redirectUrl은 http:// 또는 https://로 시작해야 합니다.");
    }
    return null;
  }
  function redirectTo(url, result) {
    var query = new URLSearchParams(result.transactionType === "ISSUE_BILLING_KEY" ? {} : { paymentId: result.paymentId });
    if (result.billingKey) query.set("billingKey", result.billingKey);
    ["code", "message", "pgCode", "pgMessage"].forEach(function (name) {
      if (result[name] !== undefined) query.set(name, result[name]);
    });
    window.location.assign(url + (url.indexOf("?") < 0 ? "?" : "&") + query.toString());
  }
  function openWindow(request, check) {
    return new Promise(function (resolve) {
      var refused = check(request);
      if (refused) return resolve(refused);
      var frame = document.createElement("iframe");
      frame.setAttribute("id", "portone-sandbox-window");
      frame.setAttribute("title", "PortOne");
      frame.setAttribute("src", origin + "/window?request=" + encodeURIComponent(JSON.stringify(request)));
      frame.style.cssText = "position:fixed;inset:0;width:100%;height:100%;border:0;z-index:2147483647;background:rgba(0,0,0,.4)";
      function onMessage(event) {
        if (event.origin !== origin || !event.data || event.data.portoneSandbox !== true) return;
        window.removeEventListener("message", onMessage);
        frame.remove();
        var result = event.data.result;
        var mobile = /Mobi|Android|iPhone|iPad/.test(navigator.userAgent);
        if (request.redirectUrl && (request.forceRedirect || mobile)) {
          redirectTo(request.redirectUrl, result);
          return resolve(undefined);
        }
        resolve(result);
      }
      window.addEventListener("message", onMessage);
      document.body.appendChild(frame);
    });
  }
  window.PortOne = {
    requestPayment: function (request) {
      return openWindow(request, check);
    },
    requestIssueBillingKey: function (request) {
      return openWindow(request, checkBillingKey);
    },
  };
})();
`
}

/** The shopper's bank: virtual accounts waiting for their deposit, each with a button that pays it. */
export function bankPage(origin: string, payments: Payment[]): string {
  const waiting = payments.filter((payment): payment is Extract<Payment, { status: "VIRTUAL_ACCOUNT_ISSUED" }> => payment.status === "VIRTUAL_ACCOUNT_ISSUED")
  const rows = waiting
    .map((payment) => {
      const account = payment.method?.type === "PaymentMethodVirtualAccount" ? payment.method : undefined
      return `<tr><td>${escape(account?.bank ?? "")} ${escape(account?.accountNumber ?? "")}</td><td>${escape(payment.orderName)}</td><td>${payment.amount.total.toLocaleString("ko-KR")} ${escape(payment.currency)}</td>
<td><button data-payment-id="${escape(payment.id)}">입금</button></td></tr>`
    })
    .join("\n")
  return `<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>PortOne sandbox bank</title></head><body>
<h1>입금 대기 가상계좌</h1>
<table><tbody>${rows || "<tr><td>입금을 기다리는 가상계좌가 없습니다.</td></tr>"}</tbody></table>
<script>
for (const button of document.querySelectorAll("button[data-payment-id]")) {
  button.addEventListener("click", async () => {
    await fetch(${JSON.stringify(origin)} + "/sandbox/payments/" + encodeURIComponent(button.dataset.paymentId) + "/deposit", { method: "POST" })
    location.reload()
  })
}
</script>
</body></html>`
}
