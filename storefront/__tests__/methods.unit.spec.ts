import { tossLocale, tossMethods, tossSessionMethod, tossSessionData } from "../index"
import { koreanCart } from "./fakes"

describe("the payment step's methods", () => {
  it("offers card (with Toss's easy-pay apps), transfer, virtual account and phone, in Korean or English", () => {
    expect(tossMethods("ko")).toEqual([
      { method: "CARD", title: "카드 · 간편결제" },
      { method: "TRANSFER", title: "계좌이체" },
      { method: "VIRTUAL_ACCOUNT", title: "가상계좌 (무통장입금)" },
      { method: "MOBILE_PHONE", title: "휴대폰" },
    ])
    expect(tossMethods("en").map((entry) => entry.title)).toEqual(["Card or easy pay", "Bank transfer", "Virtual account (bank deposit)", "Mobile phone"])
  })

  it("speaks Korean for the kr storefront and English for any other country", () => {
    expect([tossLocale("kr"), tossLocale("us"), tossLocale("de"), tossLocale(undefined)]).toEqual(["ko", "en", "en", "en"])
  })

  it("reads back the method the payment step gave the cart's Toss session, for Place order", () => {
    const cart = koreanCart()
    const session = (method?: string) => ({ id: "payses_1", provider_id: "pp_toss_toss", amount: cart.total, data: tossSessionData(cart, { method: method as "CARD" }) })
    const withSession = (s: ReturnType<typeof session>) => ({ payment_collection: { id: "paycol_1", payment_sessions: [s] } })

    expect(tossSessionMethod(withSession(session("VIRTUAL_ACCOUNT")))).toBe("VIRTUAL_ACCOUNT")
    expect(tossSessionMethod(withSession(session("MOBILE_PHONE")))).toBe("MOBILE_PHONE")
    expect(tossSessionMethod(withSession(session(undefined)))).toBeUndefined()
    expect(tossSessionMethod(withSession({ ...session("TRANSFER"), provider_id: "pp_system_default" }))).toBeUndefined()
    expect(tossSessionMethod(cart)).toBeUndefined()
  })
})
