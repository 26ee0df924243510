import { storableText } from "../text"

describe("storableText", () => {
  it("cuts at the limit without splitting a character", () => {
    expect(storableText("가".repeat(99) + "😀😀", 100)).toBe("가".repeat(99))
    expect(storableText("😀".repeat(60), 100)).toBe("😀".repeat(50))
  })

  it("drops lone surrogates and turns control characters into spaces", () => {
    expect(storableText("\ud83d상품\ude00", 100)).toBe("상품")
    expect(storableText("제주\u0000감귤\n5kg", 100)).toBe("제주 감귤 5kg")
  })

  it("gives an empty string for what is not text", () => {
    expect(storableText(undefined, 10)).toBe("")
    expect(storableText({ toString: () => "x" }, 10)).toBe("")
  })
})
