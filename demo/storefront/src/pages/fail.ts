import { describeFailure, type TossFailure } from "../../../../storefront"
import { h, show } from "../dom"

export function renderFailure(main: HTMLElement) {
  show(main, failureCard(describeFailure(location.search)))
}

/**
 * A failure the shopper can act on. A closed window is the shopper's choice,
 * so it reads as a calm note; the cart is untouched either way.
 */
export function failureCard(failure: TossFailure | unknown): HTMLElement {
  const known = isFailure(failure) ? failure : describeFailure({ code: "COMPLETION_FAILED" })
  if (!isFailure(failure)) console.error(failure)
  return h(
    "section",
    {
      class: known.canceledByShopper ? "card notice notice-calm" : "card notice notice-error",
      testid: "payment-failure",
      "data-code": known.code,
      "data-canceled": String(known.canceledByShopper),
    },
    h("div", { class: "status-icon", "aria-hidden": "true" }, known.canceledByShopper ? "↩" : "!"),
    h("h1", null, known.title),
    h("p", null, known.message),
    known.canceledByShopper ? null : h("p", { class: "fine-print" }, `오류 코드 ${known.code}`),
    h(
      "div",
      { class: "actions" },
      known.retryable
        ? h("a", { href: "/checkout", "data-link": true, class: "btn btn-primary", testid: "retry-button" }, known.canceledByShopper ? "주문서로 돌아가기" : "다시 시도")
        : null,
      h("a", { href: "/", "data-link": true, class: "btn btn-secondary" }, "쇼핑 계속하기")
    )
  )
}

function isFailure(value: unknown): value is TossFailure {
  return typeof (value as TossFailure | null)?.title === "string" && typeof (value as TossFailure).code === "string"
}
