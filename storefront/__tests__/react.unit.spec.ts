import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import { createTossCheckout } from "../index"
import { TossPaymentWidget, useTossCheckout } from "../react"
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
