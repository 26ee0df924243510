import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import { createTossCheckout } from "../index"
import { TossPaymentWidget, usePortOneCheckout, usePortOnePayment, usePortOneSavedCards, useTossCheckout } from "../react"
import { fakeMedusa, koreanCart } from "./fakes"

describe("TossPaymentWidget", () => {
  it("renders on the server without touching the browser or Toss", () => {
    const medusa = fakeMedusa(koreanCart())
    const checkout = createTossCheckout({ sdk: medusa.sdk, successUrl: "/ok", failUrl: "/fail" })

    const html = renderToStaticMarkup(createElement(TossPaymentWidget, { checkout, cartId: "cart_1", className: "pay" }))

    // Containers whose ids work as CSS selectors for Toss's render calls.
    expect(html).toMatch(/^<div class="pay"><div id="toss-widget-[\w-]+-methods"><\/div><div id="toss-widget-[\w-]+-agreement"><\/div><\/div>$/)
    expect(medusa.calls.retrieve).toHaveLength(0)
  })
})

describe("useTossCheckout", () => {
  it("hands every option to the checkout: an English storefront gets English texts", () => {
    const medusa = fakeMedusa(koreanCart())
    function Failure() {
      const checkout = useTossCheckout({ sdk: medusa.sdk, successUrl: "/ok", failUrl: "/fail", locale: "en" })
      return createElement("p", null, checkout.describeFailure({ code: "USER_CANCEL" }).title)
    }

    expect(renderToStaticMarkup(createElement(Failure))).toBe("<p>Payment canceled</p>")
  })
})

describe("usePortOneCheckout", () => {
  it("hands every option to the PortOne checkout: an English storefront gets English texts", () => {
    const medusa = fakeMedusa(koreanCart())
    function Failure() {
      const checkout = usePortOneCheckout({ sdk: medusa.sdk, redirectUrl: "/checkout/portone", locale: "en" })
      return createElement("p", null, `${checkout.providerId}: ${checkout.describeFailure({ code: "Cancelled" }).title}`)
    }

    expect(renderToStaticMarkup(createElement(Failure))).toBe("<p>pp_portone_portone: Payment canceled</p>")
  })
})

describe("usePortOnePayment", () => {
  it("renders idle on the server without touching the store or PortOne", () => {
    const medusa = fakeMedusa(koreanCart())
    function PayButton() {
      const { paying, order, error, canceled } = usePortOnePayment({ sdk: medusa.sdk })
      return createElement("button", { disabled: paying }, JSON.stringify({ paying, order, error, canceled }))
    }

    expect(renderToStaticMarkup(createElement(PayButton))).toBe('<button>{&quot;paying&quot;:false,&quot;order&quot;:null,&quot;error&quot;:null,&quot;canceled&quot;:null}</button>')
    expect(medusa.calls.retrieve).toHaveLength(0)
  })
})

describe("usePortOneSavedCards", () => {
  it("renders idle and unloaded on the server without asking the store for the cards", () => {
    const medusa = fakeMedusa(koreanCart())
    function Cards() {
      const { cards, busy, order, error, canceled } = usePortOneSavedCards({ sdk: medusa.sdk })
      return createElement("p", null, JSON.stringify({ cards, busy, order, error, canceled }))
    }

    expect(renderToStaticMarkup(createElement(Cards))).toBe(
      "<p>{&quot;cards&quot;:null,&quot;busy&quot;:false,&quot;order&quot;:null,&quot;error&quot;:null,&quot;canceled&quot;:null}</p>"
    )
    expect(medusa.calls.fetch).toHaveLength(0)
  })
})
