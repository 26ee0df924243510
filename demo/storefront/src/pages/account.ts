import type { HttpTypes } from "@medusajs/types"
import type { SavedCard, TossCheckout } from "../../../../storefront"
import { loggedInCustomer, logIn, savedCardLabel } from "../account"
import { accountCheckout, config, sdk } from "../config"
import { h, show } from "../dom"
import { formatWon } from "../format"
import { problem } from "../layout"
import { failureCard } from "./fail"

// Filled in so a demo click-through takes seconds (the seed creates this customer).
const DEMO_LOGIN = { email: "customer@medusa-toss.test", password: "toss-demo-1234" }

/** 내 계정: log in, then the customer's saved cards (Toss billing), to add or remove. */
export async function renderAccount(main: HTMLElement) {
  show(main, h("p", { class: "loading" }, "계정을 불러오는 중이에요…"))
  const customer = await loggedInCustomer()
  if (!customer) {
    show(main, loginForm(() => void renderAccount(main)))
    return
  }
  await showSavedCards(main, customer)
}

function loginForm(loggedIn: () => void): HTMLElement {
  const email = h("input", { id: "login-email", type: "email", autocomplete: "username", value: DEMO_LOGIN.email })
  const password = h("input", { id: "login-password", type: "password", autocomplete: "current-password", value: DEMO_LOGIN.password })
  const error = h("p", { class: "form-error", role: "alert", hidden: true })
  const submit = h("button", { class: "btn btn-primary btn-block", testid: "login-button", type: "submit" }, "로그인")
  const form = h(
    "form",
    { class: "card account-card", testid: "login-form" },
    h("h1", { class: "card-title" }, "로그인"),
    h("label", { class: "field", for: "login-email" }, h("span", null, "이메일"), email),
    h("label", { class: "field", for: "login-password" }, h("span", null, "비밀번호"), password),
    error,
    submit,
    config.sandboxUrl ? h("p", { class: "fine-print" }, `데모 계정: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`) : null
  )
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    submit.disabled = true
    error.hidden = true
    try {
      await logIn(email.value.trim(), password.value)
      loggedIn()
    } catch (caught) {
      console.error(caught)
      error.textContent = "이메일 또는 비밀번호를 확인해 주세요."
      error.hidden = false
      submit.disabled = false
    }
  })
  return form
}

async function showSavedCards(main: HTMLElement, customer: HttpTypes.StoreCustomer) {
  const checkout = accountCheckout()
  const list = h("ul", { class: "saved-card-list", testid: "saved-cards" })
  const message = h("div", { class: "pay-message", role: "status", hidden: true })
  const register = h("button", { class: "btn btn-primary", testid: "register-card" }, "카드 등록하기")
  const myOrders = h("section", { class: "card account-card", testid: "my-orders-card" })
  register.addEventListener("click", async () => {
    register.disabled = true
    try {
      // Toss's card registration; it comes back to /account/cards/saved (or /fail).
      await checkout.saveCard({
        successUrl: "/account/cards/saved",
        failUrl: "/account/cards/fail",
        customerName: `${customer.last_name ?? ""}${customer.first_name ?? ""}` || undefined,
        customerEmail: customer.email,
      })
    } catch (error) {
      showMessage(message, error)
      register.disabled = false
    }
  })
  show(
    main,
    h("h1", { class: "page-title" }, "내 계정"),
    h(
      "section",
      { class: "card account-card" },
      h("div", { class: "card-title-row" }, h("h2", { class: "card-title" }, "저장된 카드"), register),
      h("p", { class: "muted" }, `${customer.email} · 저장된 카드로 주문서에서 한 번에 결제할 수 있어요.`),
      list,
      message
    ),
    myOrders
  )
  await Promise.all([renderCards(list, checkout, message), renderOrders(myOrders)])
}

/** 내 주문: the customer's orders; one the store changed to cost more offers 차액 결제. */
async function renderOrders(section: HTMLElement) {
  try {
    const { orders } = await sdk.store.order.list({ fields: "id,display_id,summary,total", limit: 10 })
    show(
      section,
      h("h2", { class: "card-title" }, "내 주문"),
      h(
        "ul",
        { class: "line-items", testid: "my-orders" },
        orders.map((order) => {
          const owed = Number(order.summary?.pending_difference ?? 0)
          return h(
            "li",
            null,
            h("span", null, `주문번호 ${order.display_id} · ${formatWon(order.total)}`),
            owed > 0
              ? h("a", { href: `/orders/balance?order_id=${order.id}`, "data-link": true, class: "btn btn-secondary", testid: `pay-balance-${order.display_id}` }, `차액 ${formatWon(owed)} 결제`)
              : null
          )
        })
      )
    )
  } catch (error) {
    show(section, problem("주문을 불러오지 못했어요", "잠시 후 새로고침해 주세요.", error))
  }
}

async function renderCards(list: HTMLElement, checkout: TossCheckout, message: HTMLElement) {
  let cards: SavedCard[]
  try {
    cards = await checkout.listSavedCards()
  } catch (error) {
    show(list, problem("저장된 카드를 불러오지 못했어요", "잠시 후 새로고침해 주세요.", error))
    return
  }
  if (!cards.length) {
    show(list, h("li", { class: "muted", testid: "no-saved-cards" }, "저장된 카드가 없어요."))
    return
  }
  show(
    list,
    cards.map((card) => {
      const remove = h("button", { class: "btn btn-secondary", testid: `remove-card-${card.id}` }, "삭제")
      remove.addEventListener("click", async () => {
        remove.disabled = true
        try {
          await checkout.removeSavedCard(card.id)
        } catch (error) {
          showMessage(message, error)
        }
        await renderCards(list, checkout, message)
      })
      return h("li", { class: "saved-card", testid: "saved-card" }, h("span", { class: "saved-card-label" }, savedCardLabel(card)), remove)
    })
  )
}

function showMessage(target: HTMLElement, error: unknown) {
  const failure = error as { title?: string; message?: string }
  if (!failure.title) console.error(error)
  target.className = "pay-message pay-message-error"
  show(target, h("strong", null, failure.title ?? "요청을 처리하지 못했어요"), h("p", null, failure.title ? failure.message : "잠시 후 다시 시도해 주세요."))
  target.hidden = false
}

/** Toss's card registration came back: the store issues the billing key and keeps the card. */
export async function renderCardSaved(main: HTMLElement) {
  show(main, h("section", { class: "card notice" }, h("div", { class: "spinner", "aria-hidden": "true" }), h("h1", null, "카드를 등록하고 있어요")))
  try {
    const card = await accountCheckout().handleCardSaved(location.search)
    show(
      main,
      h(
        "section",
        { class: "card notice", testid: "card-saved" },
        h("div", { class: "status-icon status-done", "aria-hidden": "true" }, h("span", { class: "check-mark" })),
        h("h1", null, "카드를 등록했어요"),
        h("p", null, savedCardLabel(card)),
        h(
          "div",
          { class: "actions" },
          h("a", { href: "/account", "data-link": true, class: "btn btn-secondary" }, "내 계정"),
          h("a", { href: "/", "data-link": true, class: "btn btn-primary" }, "쇼핑하러 가기")
        )
      )
    )
  } catch (error) {
    show(main, failureCard(error))
  }
}

/** Toss's card registration failed or was closed (its fail URL). */
export function renderCardFailed(main: HTMLElement) {
  const card = failureCard(accountCheckout().describeFailure(location.search))
  // The failure card offers the checkout; here the way back is the account page.
  card.querySelector("[data-testid=retry-button]")?.setAttribute("href", "/account")
  show(main, card)
}
