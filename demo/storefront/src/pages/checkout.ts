import type { HttpTypes } from "@medusajs/types"
import type { RequestPaymentOptions, SavedCard, TossCheckoutError, TossWidget } from "../../../../storefront"
import type { PortOneRequestOptions } from "../../../../storefront/portone"
import { loggedInCustomer, savedCardLabel } from "../account"
import { currentCart, itemCount } from "../cart"
import { checkoutFor, config, portOneCheckout, sdk } from "../config"
import { h, show } from "../dom"
import { formatWon } from "../format"
import { problem, setCartCount } from "../layout"
import { showConfirmation } from "./success"

const CART_FIELDS = "+shipping_methods.name"

/** Toss's payment window methods as a Korean shop lists them. */
const PAYMENT_METHODS: Array<{ id: string; label: string; request: RequestPaymentOptions }> = [
  { id: "CARD", label: "신용·체크카드", request: { method: "CARD" } },
  { id: "TOSSPAY", label: "토스페이", request: { method: "EASY_PAY", easyPay: "TOSSPAY" } },
  { id: "KAKAOPAY", label: "카카오페이", request: { method: "EASY_PAY", easyPay: "KAKAOPAY" } },
  { id: "NAVERPAY", label: "네이버페이", request: { method: "EASY_PAY", easyPay: "NAVERPAY" } },
  { id: "TRANSFER", label: "계좌이체", request: { method: "TRANSFER" } },
  { id: "VIRTUAL_ACCOUNT", label: "가상계좌", request: { method: "VIRTUAL_ACCOUNT" } },
  { id: "MOBILE_PHONE", label: "휴대폰", request: { method: "MOBILE_PHONE" } },
]

/** The PortOne road: 토스페이 on its own channel, card and virtual account through the card PG's. */
const PORTONE_METHODS: Array<{ id: string; label: string; request: PortOneRequestOptions }> = [
  { id: "TOSSPAY", label: "토스페이", request: { payMethod: "EASY_PAY", channelKey: config.portOne.tossPayChannelKey } },
  { id: "CARD", label: "신용·체크카드", request: { payMethod: "CARD", channelKey: config.portOne.cardChannelKey } },
  { id: "VIRTUAL_ACCOUNT", label: "가상계좌", request: { payMethod: "VIRTUAL_ACCOUNT", channelKey: config.portOne.cardChannelKey, validHours: 72 } },
]

type Tab = "window" | "widget" | "portone"

// Filled in so a demo click-through takes seconds.
const DEFAULTS = {
  name: "홍길동",
  email: "gildong@example.com",
  phone: "010-1234-5678",
  postalCode: "06133",
  address: "서울특별시 강남구 테헤란로 131",
  addressDetail: "15층",
}
type Details = typeof DEFAULTS

const FIELDS: Record<keyof Details, { label: string; type: string; autocomplete: string }> = {
  name: { label: "이름", type: "text", autocomplete: "name" },
  email: { label: "이메일", type: "email", autocomplete: "email" },
  phone: { label: "휴대폰 번호", type: "tel", autocomplete: "tel" },
  postalCode: { label: "우편번호", type: "text", autocomplete: "postal-code" },
  address: { label: "주소", type: "text", autocomplete: "address-line1" },
  addressDetail: { label: "상세주소", type: "text", autocomplete: "address-line2" },
}

export async function renderCheckout(main: HTMLElement) {
  show(main, h("p", { class: "loading" }, "주문서를 준비하는 중이에요…"))
  let cart: HttpTypes.StoreCart | null
  try {
    cart = await currentCart()
  } catch (error) {
    show(main, problem("주문서를 불러오지 못했어요", "잠시 후 새로고침해 주세요.", error))
    return
  }
  if (!cart?.items?.length) {
    show(
      main,
      h(
        "section",
        { class: "card notice" },
        h("h1", null, "장바구니가 비어 있어요"),
        h("p", null, "상품을 담은 뒤 주문해 주세요."),
        h("a", { href: "/", "data-link": true, class: "btn btn-primary" }, "상품 보러 가기")
      )
    )
    return
  }
  await new CheckoutPage(main, cart).start()
}

class CheckoutPage {
  private readonly checkout
  private readonly fields: Record<keyof Details, HTMLInputElement>
  private readonly formError = h("p", { class: "form-error", role: "alert", hidden: true })
  private readonly shippingList = h(
    "div",
    { class: "choice-list", testid: "shipping-options" },
    h("p", { class: "muted" }, "배송 방법을 불러오는 중이에요…")
  )
  private readonly summary = h("div", { class: "summary-body" })
  private readonly payMessage = h("div", { class: "pay-message", testid: "pay-message", role: "status", hidden: true })
  private readonly payButton = h("button", { class: "btn btn-primary btn-block btn-large", testid: "pay-button" })
  private readonly widgetPayButton = h("button", {
    class: "btn btn-primary btn-block btn-large",
    testid: "widget-pay-button",
    hidden: true,
    disabled: true,
  })
  private readonly windowPanel = h("div", { class: "method-grid", role: "radiogroup", "aria-label": "결제 수단" })
  private readonly portOnePanel = h("div", { class: "method-grid", role: "radiogroup", "aria-label": "포트원 결제 수단", hidden: true })
  /** A logged-in customer's saved cards: one click pays the cart (Toss billing). */
  private readonly savedCards = h("div", { class: "saved-cards", testid: "saved-card-panel" })
  private readonly widgetPanel = h(
    "div",
    { class: "widget-panel", hidden: true },
    h("div", { id: "widget-methods" }),
    h("div", { id: "widget-agreement" })
  )
  private method = PAYMENT_METHODS[0]
  private portOneMethod = PORTONE_METHODS[0]
  private tab: Tab = "window"
  private widget: Promise<TossWidget | undefined> | undefined

  constructor(
    private readonly main: HTMLElement,
    private cart: HttpTypes.StoreCart
  ) {
    this.checkout = checkoutFor(cart.id)
    const saved = savedDetails(cart)
    this.fields = Object.fromEntries(
      (Object.keys(FIELDS) as Array<keyof Details>).map((key) => [
        key,
        h("input", { id: `field-${key}`, name: key, type: FIELDS[key].type, autocomplete: FIELDS[key].autocomplete, value: saved[key] }),
      ])
    ) as Record<keyof Details, HTMLInputElement>
    this.payButton.addEventListener("click", () => void (this.tab === "portone" ? this.payWithPortOne() : this.payWithWindow()))
    this.widgetPayButton.addEventListener("click", () => void this.payWithWidget())
  }

  async start() {
    const field = (key: keyof Details) =>
      h("label", { class: "field", for: `field-${key}` }, h("span", null, FIELDS[key].label), this.fields[key])
    const tab = (label: string, testid: string, name: Tab) =>
      h(
        "button",
        { class: "tab", role: "tab", testid, "data-tab": name, "aria-selected": String(name === this.tab), on: { click: () => void this.selectTab(name) } },
        label
      )

    show(
      this.main,
      h("h1", { class: "page-title" }, "주문서"),
      h(
        "div",
        { class: "checkout-layout" },
        h(
          "div",
          { class: "checkout-main" },
          h(
            "section",
            { class: "card" },
            h("h2", { class: "card-title" }, "주문자 정보"),
            field("name"),
            field("email"),
            field("phone")
          ),
          h(
            "section",
            { class: "card" },
            h("h2", { class: "card-title" }, "배송지"),
            field("postalCode"),
            field("address"),
            field("addressDetail"),
            this.formError
          ),
          h("section", { class: "card" }, h("h2", { class: "card-title" }, "배송 방법"), this.shippingList),
          h(
            "section",
            { class: "card" },
            h("h2", { class: "card-title" }, "결제 수단"),
            this.savedCards,
            h(
              "div",
              { class: "tabs", role: "tablist" },
              tab("일반결제", "payment-window-tab", "window"),
              tab("결제위젯", "widget-tab", "widget"),
              tab("포트원", "portone-tab", "portone")
            ),
            this.windowPanel,
            this.widgetPanel,
            this.portOnePanel
          )
        ),
        h(
          "aside",
          { class: "card checkout-summary" },
          h("h2", { class: "card-title" }, "결제 금액"),
          this.summary,
          this.payMessage,
          this.payButton,
          this.widgetPayButton,
          h("p", { class: "fine-print" }, "주문 내용을 확인했으며, 결제에 동의합니다.")
        )
      )
    )
    this.renderMethods()
    this.renderSummary()
    void this.renderSavedCards()

    try {
      // Shipping options depend on the address, so a new cart gets the form's defaults first.
      if (!this.cart.shipping_address) await this.saveDetails()
      await this.renderShippingOptions()
    } catch (error) {
      show(this.shippingList, problem("배송 방법을 불러오지 못했어요", "잠시 후 새로고침해 주세요.", error))
    }
  }

  private renderMethods() {
    show(
      this.portOnePanel,
      PORTONE_METHODS.map((method) =>
        h(
          "button",
          {
            class: "method",
            role: "radio",
            testid: `portone-method-${method.id}`,
            "aria-checked": String(method === this.portOneMethod),
            on: {
              click: () => {
                this.portOneMethod = method
                this.renderMethods()
              },
            },
          },
          method.label
        )
      )
    )
    show(
      this.windowPanel,
      PAYMENT_METHODS.map((method) =>
        h(
          "button",
          {
            class: "method",
            role: "radio",
            testid: `pay-method-${method.id}`,
            "aria-checked": String(method === this.method),
            on: {
              click: () => {
                this.method = method
                this.renderMethods()
              },
            },
          },
          method.label
        )
      )
    )
  }

  private renderSummary() {
    const cart = this.cart
    show(
      this.summary,
      h(
        "ul",
        { class: "line-items" },
        (cart.items ?? []).map((item) =>
          h("li", null, h("span", null, `${item.title} × ${item.quantity}`), h("span", null, formatWon(item.unit_price * item.quantity)))
        )
      ),
      h("div", { class: "total-row" }, h("span", null, "상품 금액"), h("span", null, formatWon(cart.item_subtotal))),
      h(
        "div",
        { class: "total-row" },
        h("span", null, "배송비"),
        h("span", null, cart.shipping_methods?.length ? formatWon(cart.shipping_total) : "배송 방법을 골라 주세요")
      ),
      h(
        "div",
        { class: "total-row grand-total" },
        h("span", null, "총 결제 금액"),
        h("strong", { testid: "checkout-total" }, formatWon(cart.total))
      )
    )
    this.payButton.textContent = `${formatWon(cart.total)} 결제하기`
    this.widgetPayButton.textContent = `${formatWon(cart.total)} 결제하기`
    setCartCount(itemCount(cart))
  }

  private async renderShippingOptions() {
    const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: this.cart.id })
    if (!shipping_options.length) {
      show(this.shippingList, h("p", { class: "muted" }, "이 주소로 배송할 수 있는 방법이 없어요."))
      return
    }
    if (!this.cart.shipping_methods?.length) await this.chooseShipping(shipping_options[0].id)
    const chosen = this.cart.shipping_methods?.[0]?.shipping_option_id
    show(
      this.shippingList,
      shipping_options.map((option) =>
        h(
          "label",
          { class: "choice", testid: `shipping-option-${option.id}` },
          h("input", {
            type: "radio",
            name: "shipping",
            value: option.id,
            checked: option.id === chosen,
            on: {
              change: () =>
                void this.chooseShipping(option.id)
                  .then(() => this.remountWidget())
                  .catch((error) => this.showError(error, "배송 방법을 바꾸지 못했어요")),
            },
          }),
          h("span", { class: "choice-label" }, option.name),
          h("span", { class: "choice-price" }, option.amount ? formatWon(option.amount) : "무료")
        )
      )
    )
  }

  private async chooseShipping(optionId: string) {
    this.cart = (await sdk.store.cart.addShippingMethod(this.cart.id, { option_id: optionId }, { fields: CART_FIELDS })).cart
    this.renderSummary()
  }

  /** Writes the form into the cart, only when it differs: every cart update discards payment sessions. */
  private async saveDetails() {
    const details = this.readDetails()
    const address = addressFrom(details)
    const current = this.cart.shipping_address
    const unchanged =
      this.cart.email === details.email &&
      current &&
      (Object.keys(address) as Array<keyof typeof address>).every((key) => (current[key] ?? "") === address[key])
    if (unchanged) return
    this.cart = (
      await sdk.store.cart.update(
        this.cart.id,
        { email: details.email, shipping_address: address, billing_address: address },
        { fields: CART_FIELDS }
      )
    ).cart
    this.renderSummary()
  }

  private readDetails(): Details {
    return Object.fromEntries(
      Object.entries(this.fields).map(([key, input]) => [key, input.value.trim()])
    ) as Details
  }

  /** Plain-words checks before anything is sent; Toss asks again in its own window. */
  private validate(): boolean {
    const details = this.readDetails()
    const missing = (Object.keys(details) as Array<keyof Details>).find((key) => key !== "addressDetail" && !details[key])
    const message = missing
      ? `${withObjectParticle(FIELDS[missing].label)} 입력해 주세요.`
      : !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(details.email)
        ? "이메일 주소를 확인해 주세요."
        : !/^(\+?82[\s-]?)?0?1[016789][\s-]?\d{3,4}[\s-]?\d{4}$/.test(details.phone)
          ? "휴대폰 번호를 확인해 주세요. 예: 010-1234-5678"
          : !this.cart.shipping_methods?.length
            ? "배송 방법을 골라 주세요."
            : ""
    this.formError.textContent = message
    this.formError.hidden = !message
    if (message) this.formError.scrollIntoView({ block: "center", behavior: "smooth" })
    return !message
  }

  private async payWithWindow() {
    if (!this.validate()) return
    await this.whilePaying(this.payButton, async () => {
      await this.saveDetails()
      await this.checkout.requestPayment(this.cart.id, this.method.request)
    })
  }

  /** PortOne answers in this page: the order, or a failure to show here (a phone leaves for /checkout/portone instead). */
  private async payWithPortOne() {
    if (!this.validate()) return
    await this.whilePaying(this.payButton, async () => {
      await this.saveDetails()
      const order = await portOneCheckout().requestPayment(this.cart.id, this.portOneMethod.request)
      if (order) await showConfirmation(this.main, order)
    })
  }

  private async payWithWidget() {
    if (!this.validate()) return
    await this.whilePaying(this.widgetPayButton, async () => {
      await this.saveDetails()
      const widget = await this.widget
      await widget?.requestPayment()
    })
  }

  private async renderSavedCards() {
    const customer = await loggedInCustomer()
    const cards: SavedCard[] = customer ? await this.checkout.listSavedCards().catch(() => []) : []
    if (!customer || !cards.length) {
      show(
        this.savedCards,
        h(
          "p",
          { class: "muted saved-cards-hint" },
          customer ? "내 계정에서 카드를 등록하면 다음부터 한 번에 결제할 수 있어요. " : "로그인하면 저장된 카드로 한 번에 결제할 수 있어요. ",
          h("a", { href: "/account", "data-link": true }, customer ? "카드 등록하기" : "로그인")
        )
      )
      return
    }
    show(
      this.savedCards,
      h("p", { class: "saved-cards-title" }, "저장된 카드로 바로 결제"),
      cards.map((card) => {
        const button = h("button", { class: "btn btn-secondary btn-block saved-card-pay", testid: "pay-saved-card", "data-card": card.id }, savedCardLabel(card))
        button.addEventListener("click", () => void this.payWithSavedCard(button, card, customer))
        return button
      })
    )
  }

  /** One click: the cart becomes the customer's, the saved card is charged, the confirmation shows. */
  private async payWithSavedCard(button: HTMLButtonElement, card: SavedCard, customer: HttpTypes.StoreCustomer) {
    if (!this.validate()) return
    await this.whilePaying(
      button,
      async () => {
        if (this.cart.customer_id !== customer.id) {
          this.cart = (await sdk.store.cart.transferCart(this.cart.id, { fields: CART_FIELDS })).cart
        }
        await this.saveDetails()
        const order = await this.checkout.payWithSavedCard(this.cart.id, card.id)
        await showConfirmation(this.main, order)
      },
      "결제하는 중…"
    )
  }

  /** Toss's window redirects away on success or failure; what stays here is an error or a closed window. */
  private async whilePaying(button: HTMLButtonElement, pay: () => Promise<void>, busy = "결제창을 여는 중…") {
    const label = button.textContent
    button.disabled = true
    button.textContent = busy
    this.payMessage.hidden = true
    try {
      await pay()
    } catch (error) {
      this.showError(error)
    } finally {
      button.disabled = false
      button.textContent = label
    }
  }

  /** Shows a TossCheckoutError as it is worded; anything else in plain words, details in the console. */
  private showError(error: unknown, fallbackTitle = "결제를 시작하지 못했어요") {
    const failure = error as Partial<TossCheckoutError>
    this.payMessage.className = failure.canceledByShopper ? "pay-message pay-message-calm" : "pay-message pay-message-error"
    show(
      this.payMessage,
      h("strong", null, failure.title ?? fallbackTitle),
      h("p", null, failure.title ? failure.message : "잠시 후 다시 시도해 주세요.")
    )
    this.payMessage.hidden = false
    if (!failure.title) console.error(error)
  }

  private async selectTab(name: Tab) {
    this.tab = name
    const widget = name === "widget"
    for (const tab of this.main.querySelectorAll<HTMLElement>(".tab")) {
      tab.setAttribute("aria-selected", String(tab.dataset.tab === name))
    }
    this.windowPanel.hidden = name !== "window"
    this.portOnePanel.hidden = name !== "portone"
    this.payButton.hidden = widget
    this.widgetPanel.hidden = !widget
    this.widgetPayButton.hidden = !widget
    this.payMessage.hidden = true
    if (widget) this.mountWidget()
    else await this.unmountWidget()
  }

  private mountWidget() {
    if (this.widget) return
    this.widgetPayButton.disabled = true
    this.widget = this.saveDetails()
      .then(() => this.checkout.mountWidget(this.cart.id, { methods: "#widget-methods", agreement: "#widget-agreement" }))
      .then(
        (widget) => {
          this.widgetPayButton.disabled = false
          return widget
        },
        (error: unknown) => {
          this.showError(error)
          return undefined
        }
      )
  }

  private async unmountWidget() {
    const widget = await this.widget
    this.widget = undefined
    await widget?.destroy()
  }

  /** A new total must show in the widget, which only takes it when rendered. */
  private async remountWidget() {
    if (!this.widget) return
    await this.unmountWidget()
    this.mountWidget()
  }
}

function savedDetails(cart: HttpTypes.StoreCart): Details {
  const address = cart.shipping_address
  if (!address) return DEFAULTS
  return {
    name: displayName(address.first_name ?? "", address.last_name ?? "") || DEFAULTS.name,
    email: cart.email ?? DEFAULTS.email,
    phone: address.phone ?? DEFAULTS.phone,
    postalCode: address.postal_code ?? DEFAULTS.postalCode,
    address: address.address_1 ?? DEFAULTS.address,
    addressDetail: address.address_2 ?? "",
  }
}

const HANGUL_NAME = /^[\uAC00-\uD7A3]{2,}$/

/** A Korean name is family name + given name (홍 + 길동); Medusa keeps them apart. */
function addressFrom(details: Details) {
  const name = details.name
  const korean = HANGUL_NAME.test(name)
  const split = name.lastIndexOf(" ")
  return {
    first_name: korean ? name.slice(1) : split > 0 ? name.slice(0, split) : name,
    last_name: korean ? name.slice(0, 1) : split > 0 ? name.slice(split + 1) : "",
    phone: details.phone,
    postal_code: details.postalCode,
    address_1: details.address,
    address_2: details.addressDetail,
    country_code: "kr",
  }
}

function displayName(first: string, last: string): string {
  return HANGUL_NAME.test(last + first) ? last + first : [first, last].filter(Boolean).join(" ")
}

/** 을 after a final consonant, 를 after a vowel: "이름을", "휴대폰 번호를". */
function withObjectParticle(word: string): string {
  const code = word.charCodeAt(word.length - 1) - 0xac00
  return word + (code >= 0 && code % 28 !== 0 ? "을" : "를")
}
