import type { HttpTypes } from "@medusajs/types"
import { describeFailure, type CompletedOrder } from "../../../../storefront"
import { forgetCart, storedCartId } from "../cart"
import { checkoutFor, config, portOneCheckout, sdk } from "../config"
import { h, show } from "../dom"
import { formatKoreanDateTime, formatWon } from "../format"
import { setCartCount } from "../layout"
import { bankName, ORDER_PAYMENT_FIELDS, paymentOf, type TossPaymentView } from "../payment-details"
import { failureCard } from "./fail"

function showChecking(main: HTMLElement) {
  show(
    main,
    h(
      "section",
      { class: "card notice", testid: "payment-checking" },
      h("div", { class: "spinner", "aria-hidden": "true" }),
      h("h1", null, "결제를 확인하고 있어요"),
      h("p", null, "잠시만 기다려 주세요. 이 페이지를 닫지 마세요.")
    )
  )
}

/** PortOne's redirect back (a phone): `?paymentId=…`, with `code` when the payment did not go through. */
export async function renderPortOneReturn(main: HTMLElement) {
  showChecking(main)
  let completed: CompletedOrder
  try {
    completed = await portOneCheckout().handleRedirect(location.search)
  } catch (error) {
    show(main, failureCard(error))
    return
  }
  await showConfirmation(main, completed)
}

export async function renderSuccess(main: HTMLElement) {
  showChecking(main)
  const cartId = new URLSearchParams(location.search).get("cart_id") ?? storedCartId()
  if (!cartId) {
    show(main, failureCard(describeFailure({ code: "MISSING_PAYMENT_RESULT" })))
    return
  }

  let completed: CompletedOrder
  try {
    completed = await checkoutFor(cartId).handleSuccess(location.search, { cartId })
  } catch (error) {
    show(main, failureCard(error))
    return
  }
  await showConfirmation(main, completed)
}

/** The order the cart became (through Toss's or PortOne's window, or a saved card in one click). */
export async function showConfirmation(main: HTMLElement, completed: CompletedOrder) {
  forgetCart()
  setCartCount(0)
  // The completion answer's fields are the server's choice; ask for the payment details explicitly.
  const order = await sdk.store.order
    .retrieve(completed.id, { fields: ORDER_PAYMENT_FIELDS })
    .then(({ order }) => order, () => completed as unknown as HttpTypes.StoreOrder)
  show(main, confirmation(order, paymentOf(order)))
  window.scrollTo(0, 0)
}

function confirmation(order: HttpTypes.StoreOrder, payment: TossPaymentView | undefined) {
  const account = payment?.virtualAccount
  const waitingForDeposit = payment?.status === "WAITING_FOR_DEPOSIT"
  const row = (label: string, value: Node | string, testid?: string) =>
    h("div", { class: "detail-row" }, h("dt", null, label), h("dd", { testid }, value))

  return h(
    "div",
    { class: "confirmation", testid: "order-confirmation" },
    h(
      "section",
      { class: "card confirmation-head" },
      h("div", { class: waitingForDeposit ? "status-icon status-waiting" : "status-icon status-done", "aria-hidden": "true" }, waitingForDeposit ? "₩" : h("span", { class: "check-mark" })),
      h("h1", null, waitingForDeposit ? "입금을 기다리고 있어요" : "주문이 완료됐어요"),
      h("p", { class: "muted" }, "주문번호 ", h("strong", { testid: "order-number" }, String(order.display_id)))
    ),
    waitingForDeposit && account
      ? h(
          "section",
          { class: "card", testid: "virtual-account" },
          h("div", { class: "card-title-row" }, h("h2", { class: "card-title" }, "입금 계좌"), h("span", { class: "badge badge-waiting", testid: "deposit-status" }, "입금 대기 중")),
          h(
            "dl",
            { class: "details" },
            row("은행", bankName(account.bankCode), "virtual-account-bank"),
            row("계좌번호", account.accountNumber, "virtual-account-number"),
            row("예금주", account.customerName),
            row("입금 금액", formatWon(order.total)),
            row("입금 기한", `${formatKoreanDateTime(account.dueDate)}까지`, "virtual-account-due")
          ),
          h("p", { class: "fine-print" }, "입금 기한이 지나면 주문이 자동으로 취소돼요."),
          (payment?.portOne ? config.portOne.sandboxUrl : config.sandboxUrl)
            ? h(
                "a",
                {
                  class: "btn btn-secondary btn-block",
                  href: `${payment?.portOne ? config.portOne.sandboxUrl : config.sandboxUrl}/sandbox/bank`,
                  target: "_blank",
                  rel: "noopener",
                  testid: "sandbox-bank-link",
                },
                "샌드박스 은행에서 입금하기"
              )
            : null
        )
      : null,
    h(
      "section",
      { class: "card" },
      h("h2", { class: "card-title" }, "결제 정보"),
      h(
        "dl",
        { class: "details" },
        row("결제 금액", formatWon(order.total), "order-total"),
        row("결제 수단", methodLabel(payment), "payment-method"),
        payment?.card && payment.card.installmentPlanMonths > 0
          ? row("할부", `${payment.card.installmentPlanMonths}개월${payment.card.isInterestFree ? " (무이자)" : ""}`, "installment")
          : null,
        payment?.receiptUrl
          ? row("영수증", h("a", { href: payment.receiptUrl, target: "_blank", rel: "noopener", testid: "receipt-link" }, "영수증 보기"))
          : null,
        payment?.cashReceipt
          ? row(
              "현금영수증",
              h("a", { href: payment.cashReceipt.receiptUrl, target: "_blank", rel: "noopener", testid: "cash-receipt-link" }, `${payment.cashReceipt.type} 보기`)
            )
          : null
      )
    ),
    h(
      "section",
      { class: "card" },
      h("h2", { class: "card-title" }, "주문 상품"),
      h(
        "ul",
        { class: "line-items" },
        (order.items ?? []).map((item) =>
          h("li", null, h("span", null, `${item.title} × ${item.quantity}`), h("span", null, formatWon(item.unit_price * item.quantity)))
        )
      ),
      h("div", { class: "total-row" }, h("span", null, "배송비"), h("span", null, formatWon(order.shipping_total))),
      h("div", { class: "total-row grand-total" }, h("span", null, "합계"), h("strong", null, formatWon(order.total)))
    ),
    h("a", { href: "/", "data-link": true, class: "btn btn-primary btn-block btn-large" }, "쇼핑 계속하기")
  )
}

function methodLabel(payment: TossPaymentView | undefined): string {
  if (!payment?.method) return payment?.portOne ? "포트원" : "토스페이먼츠"
  return payment.easyPay?.provider ? `${payment.method} · ${payment.easyPay.provider}` : payment.method
}
