import type { HttpTypes } from "@medusajs/types"
import { createTossCheckout } from "../../../../storefront"
import { requestOrderPayment } from "../../../../storefront/orders"
import { config, sdk } from "../config"
import { h, show } from "../dom"
import { formatWon } from "../format"
import { problem } from "../layout"
import { failureCard } from "./fail"

/** The balance page's checkout: Toss comes back to /orders/balance/paid. */
function balanceCheckout() {
  return createTossCheckout({ sdk, successUrl: "/orders/balance/paid", failUrl: "/checkout/fail", sdkSrc: config.sdkSrc })
}

const BALANCE_METHODS = [
  { id: "CARD", label: "신용·체크카드" },
  { id: "VIRTUAL_ACCOUNT", label: "가상계좌" },
] as const

/**
 * 차액 결제: what an order still owes after the store changed it (an order
 * edit, an exchange), paid with Toss. `?order_id=`; Medusa's admin link
 * (`/payment-collection/:id?order_id=…`) lands here too.
 */
export async function renderBalance(main: HTMLElement) {
  const orderId = new URLSearchParams(location.search).get("order_id")
  show(main, h("p", { class: "loading" }, "주문을 불러오는 중이에요…"))
  let order: HttpTypes.StoreOrder
  try {
    order = (await sdk.store.order.retrieve(orderId ?? "", { fields: "id,display_id,summary,total,*items" })).order
  } catch (error) {
    show(main, problem("주문을 찾지 못했어요", "주문 링크를 다시 확인해 주세요.", error))
    return
  }
  const owed = Number(order.summary?.pending_difference ?? 0)
  const message = h("div", { class: "pay-message", role: "status", hidden: true })
  let method: (typeof BALANCE_METHODS)[number]["id"] = "CARD"
  const methods = h(
    "div",
    { class: "method-grid", role: "radiogroup", "aria-label": "결제 수단" },
    BALANCE_METHODS.map((choice) =>
      h(
        "label",
        { class: "method-option" },
        h("input", { type: "radio", name: "balance-method", testid: `balance-method-${choice.id}`, checked: choice.id === method, on: { change: () => (method = choice.id) } }),
        h("span", null, choice.label)
      )
    )
  )
  const pay = h("button", { class: "btn btn-primary btn-block btn-large", testid: "pay-balance" }, `${formatWon(owed)} 차액 결제하기`)
  pay.addEventListener("click", async () => {
    pay.disabled = true
    message.hidden = true
    try {
      await requestOrderPayment({ checkout: balanceCheckout(), sdk, orderId: order.id, method })
    } catch (error) {
      const failure = error as { title?: string; message?: string; canceledByShopper?: boolean }
      message.className = failure.canceledByShopper ? "pay-message" : "pay-message pay-message-error"
      show(message, h("strong", null, failure.title ?? "결제를 시작하지 못했어요"), h("p", null, failure.message ?? ""))
      message.hidden = false
      pay.disabled = false
    }
  })
  show(
    main,
    h("h1", { class: "page-title" }, "내 주문"),
    h(
      "section",
      { class: "card account-card", testid: "order-balance" },
      h("h2", { class: "card-title" }, `주문번호 ${order.display_id}`),
      h(
        "ul",
        { class: "line-items" },
        (order.items ?? []).map((item) => h("li", null, h("span", null, `${item.title} × ${item.quantity}`), h("span", null, formatWon(item.unit_price * item.quantity))))
      ),
      h("div", { class: "total-row grand-total" }, h("span", null, "남은 결제 금액"), h("strong", { testid: "balance-owed" }, formatWon(owed))),
      owed > 0 ? [methods, pay, message] : h("p", { class: "muted", testid: "balance-settled" }, "결제할 차액이 없어요.")
    )
  )
}

/** Toss came back: the balance is paid and the order owes nothing. */
export async function renderBalancePaid(main: HTMLElement) {
  show(main, h("section", { class: "card notice" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("h1", null, "결제를 확인하고 있어요")))
  try {
    const paid = await balanceCheckout().handleSuccess(location.search)
    const summary = paid.summary as { pending_difference?: number } | undefined
    show(
      main,
      h(
        "section",
        { class: "card notice", testid: "balance-paid" },
        h("div", { class: "status-icon status-done", "aria-hidden": "true" }, h("span", { class: "check-mark" })),
        h("h1", null, "차액 결제가 완료됐어요"),
        h("p", { class: "muted" }, "주문번호 ", h("strong", { testid: "order-number" }, String(paid.display_id))),
        h("p", null, "남은 결제 금액 ", h("strong", { testid: "balance-owed" }, formatWon(Number(summary?.pending_difference ?? 0)))),
        h("a", { href: "/", "data-link": true, class: "btn btn-primary" }, "쇼핑 계속하기")
      )
    )
  } catch (error) {
    show(main, failureCard(error))
  }
}
