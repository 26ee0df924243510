import { ANONYMOUS } from "@tosspayments/tosspayments-sdk"
import { customerFields, customerKeyFor, fullName, normalizeMobilePhone } from "../customer"
import { koreanCart } from "./fakes"

describe("normalizeMobilePhone", () => {
  it.each([
    ["010-1234-5678", "01012345678"],
    ["01012345678", "01012345678"],
    ["010 1234 5678", "01012345678"],
    ["+82 10-1234-5678", "01012345678"],
    ["+82 010-1234-5678", "01012345678"],
    ["0082-10-1234-5678", "01012345678"],
    ["+821012345678", "01012345678"],
    ["011-234-5678", "0112345678"],
  ])("turns %s into %s", (input, expected) => {
    expect(normalizeMobilePhone(input)).toBe(expected)
  })

  it.each([["02-123-4567"], ["+1 415 555 0100"], ["010-12"], [""], [null], [undefined]])(
    "drops %p, which is not a Korean mobile number",
    (input) => {
      expect(normalizeMobilePhone(input)).toBeUndefined()
    }
  )
})

describe("fullName", () => {
  it("writes a Korean name family name first, without a space", () => {
    expect(fullName({ first_name: "길동", last_name: "홍" })).toBe("홍길동")
  })

  it("writes other names first name first", () => {
    expect(fullName({ first_name: "Jane", last_name: "Doe" })).toBe("Jane Doe")
  })

  it("uses whichever part is there", () => {
    expect(fullName({ first_name: "홍길동", last_name: "" })).toBe("홍길동")
    expect(fullName({ first_name: null, last_name: null })).toBeUndefined()
  })
})

describe("customerKeyFor", () => {
  it("lets guests pay anonymously", () => {
    expect(customerKeyFor(koreanCart())).toBe(ANONYMOUS)
  })

  it("uses a member's id, keeping only the characters Toss allows", () => {
    const cart = koreanCart({ customer: { id: "cus_01J#$%ABC", has_account: true } })
    expect(customerKeyFor(cart)).toBe("cus_01JABC")
  })
})

describe("customerFields", () => {
  it("falls back from billing to shipping address to the customer", () => {
    const cart = koreanCart({
      billing_address: null,
      shipping_address: { first_name: "", last_name: "", phone: "" },
      customer: { id: "cus_1", first_name: "Jane", last_name: "Doe", phone: "010-5555-1234", email: "jane@example.com" },
      email: null,
    })

    expect(customerFields(cart)).toEqual({
      customerName: "Jane Doe",
      customerEmail: "jane@example.com",
      customerMobilePhone: "01055551234",
    })
  })

  it("keeps names within Toss's 100 characters and leaves out a longer e-mail", () => {
    const cart = koreanCart({ email: `${"a".repeat(95)}@example.com` })

    const fields = customerFields(cart, { name: "가".repeat(120) })

    expect(Array.from(fields.customerName!)).toHaveLength(100)
    expect(fields.customerEmail).toBeUndefined()
  })
})
