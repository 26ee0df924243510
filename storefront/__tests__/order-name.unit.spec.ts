import { orderNameFor } from "../order-name"
import { koreanCart } from "./fakes"

describe("orderNameFor", () => {
  it("is the item's title for a single line", () => {
    expect(orderNameFor(koreanCart({ items: [{ title: "토스 로고 티셔츠", quantity: 3 }] }))).toBe("토스 로고 티셔츠")
  })

  it("counts the other lines as 외 N건", () => {
    const items = [
      { title: "토스 로고 티셔츠", quantity: 1 },
      { title: "머그컵", quantity: 4 },
    ]
    expect(orderNameFor(koreanCart({ items }))).toBe("토스 로고 티셔츠 외 1건")
  })

  it("shortens a long title to fit Toss's 100 characters, keeping the count", () => {
    const items = [
      { title: "아주 긴 상품 이름 ".repeat(20), quantity: 1 },
      { title: "머그컵", quantity: 1 },
    ]

    const name = orderNameFor(koreanCart({ items }))

    expect(Array.from(name)).toHaveLength(100)
    expect(name.endsWith("… 외 1건")).toBe(true)
  })

  it("never splits an emoji", () => {
    const name = orderNameFor(koreanCart({ items: [{ title: "🎁".repeat(150), quantity: 1 }] }))
    expect(name).toBe("🎁".repeat(99) + "…")
  })
})
