import { config } from "./config"
import { h, show } from "./dom"

let badge: HTMLElement

export function renderLayout(app: HTMLElement): HTMLElement {
  badge = h("span", { class: "cart-badge", testid: "cart-count", hidden: true })
  const main = h("main", { class: "page" })
  show(
    app,
    config.sandboxUrl
      ? h("div", { class: "test-banner" }, "테스트 환경이에요 · 실제로 결제되지 않아요")
      : null,
    h(
      "header",
      { class: "site-header" },
      h(
        "div",
        { class: "site-header-inner" },
        h("a", { href: "/", "data-link": true, class: "logo" }, h("span", { class: "logo-mark" }, "M"), "메두사 상점"),
        h(
          "nav",
          { class: "header-links" },
          h("a", { href: "/account", "data-link": true, class: "header-account", testid: "account-link" }, "내 계정"),
          h("a", { href: "/checkout", "data-link": true, class: "header-cart" }, "장바구니", badge)
        )
      )
    ),
    main,
    h("footer", { class: "site-footer" }, "Medusa × 토스페이먼츠 연동 데모")
  )
  return main
}

export function setCartCount(count: number) {
  badge.textContent = String(count)
  badge.hidden = count === 0
}

/** A message the shopper can read and act on; the details go to the console for developers. */
export function problem(title: string, message: string, error?: unknown): HTMLElement {
  if (error) console.error(error)
  return h(
    "section",
    { class: "card notice notice-error", role: "alert" },
    h("h2", null, title),
    h("p", null, message)
  )
}
