import type { HttpTypes } from "@medusajs/types"
import { addToCart, currentCart, itemCount, krwRegion } from "../cart"
import { sdk } from "../config"
import { h, show } from "../dom"
import { formatWon } from "../format"
import { problem, setCartCount } from "../layout"
import { navigate } from "../router"

export async function renderProducts(main: HTMLElement) {
  show(main, h("p", { class: "loading" }, "상품을 불러오는 중이에요…"))
  try {
    const region = await krwRegion()
    const [{ products }, cart] = await Promise.all([
      sdk.store.product.list({ region_id: region.id, fields: "*variants.calculated_price", limit: 24 }),
      currentCart(),
    ])
    const cartPanel = h("aside", { class: "card cart-panel", testid: "cart-summary" })
    const onCartChange = (next: HttpTypes.StoreCart | null) => {
      renderCartPanel(cartPanel, next)
      setCartCount(itemCount(next))
    }
    onCartChange(cart)
    show(
      main,
      h("h1", { class: "page-title" }, "오늘의 상품"),
      h(
        "div",
        { class: "shop-layout" },
        h("section", { class: "product-grid" }, products.map((product) => productCard(product, onCartChange))),
        cartPanel
      )
    )
  } catch (error) {
    show(main, problem("상품을 불러오지 못했어요", "잠시 후 새로고침해 주세요.", error))
  }
}

function productCard(product: HttpTypes.StoreProduct, onCartChange: (cart: HttpTypes.StoreCart) => void) {
  const variants = (product.variants ?? []).filter((v) => v.calculated_price?.calculated_amount != null)
  let variant = variants[0]
  const price = h("p", { class: "price" }, formatWon(variant?.calculated_price?.calculated_amount))
  const button = h("button", { class: "btn btn-primary btn-block", testid: "add-to-cart", disabled: !variant }, "담기")

  button.addEventListener("click", async () => {
    button.disabled = true
    button.textContent = "담는 중…"
    try {
      onCartChange(await addToCart(variant.id))
      toast("장바구니에 담았어요")
    } catch (error) {
      console.error(error)
      toast("장바구니에 담지 못했어요. 다시 시도해 주세요.")
    } finally {
      button.disabled = false
      button.textContent = "담기"
    }
  })

  const options =
    variants.length > 1
      ? h(
          "select",
          {
            class: "variant-select",
            "aria-label": "옵션 선택",
            on: {
              change: (event) => {
                variant = variants.find((v) => v.id === (event.target as HTMLSelectElement).value) ?? variant
                price.textContent = formatWon(variant.calculated_price?.calculated_amount)
              },
            },
          },
          variants.map((v) => h("option", { value: v.id }, v.title ?? ""))
        )
      : null

  return h(
    "article",
    { class: "card product-card", testid: `product-${product.handle}` },
    product.thumbnail
      ? h("img", { class: "product-image", src: product.thumbnail, alt: product.title, loading: "lazy" })
      : h("div", { class: "product-image product-image-empty", "aria-hidden": "true" }, product.title.slice(0, 1)),
    h("h2", { class: "product-title" }, product.title),
    product.subtitle ? h("p", { class: "product-subtitle" }, product.subtitle) : null,
    price,
    options,
    button
  )
}

function renderCartPanel(panel: HTMLElement, cart: HttpTypes.StoreCart | null) {
  const items = cart?.items ?? []
  show(
    panel,
    h("h2", { class: "card-title" }, "장바구니"),
    items.length
      ? h(
          "ul",
          { class: "line-items" },
          items.map((item) =>
            h(
              "li",
              null,
              h("span", null, `${item.title}${item.variant_title && item.variant_title !== "Default variant" ? ` (${item.variant_title})` : ""} × ${item.quantity}`),
              h("span", null, formatWon(item.unit_price * item.quantity))
            )
          )
        )
      : h("p", { class: "muted" }, "담은 상품이 없어요."),
    h("div", { class: "total-row" }, h("span", null, "상품 금액"), h("strong", null, formatWon(cart?.item_subtotal ?? 0))),
    h(
      "button",
      {
        class: "btn btn-primary btn-block btn-large",
        testid: "go-checkout",
        disabled: items.length === 0,
        on: { click: () => navigate("/checkout") },
      },
      "주문하기"
    )
  )
}

function toast(message: string) {
  const element = h("div", { class: "toast", role: "status" }, message)
  document.body.append(element)
  setTimeout(() => element.remove(), 2500)
}
