import { expectedPayment, preRegistration, readNewSession, readSession, readUpdate } from "../session"

const OPTIONS = { storeId: "store-00000000-0000-4000-8000-000000000000", channelKeys: ["channel-key-00000000-0000-4000-8000-00000000a001"] }
const SESSION_ID = "payses_01JTESTSESSION0000000000"

function newSession(data: Record<string, unknown> = {}, amount: unknown = 15000, currency_code = "krw") {
  return readNewSession({ amount: amount as number, currency_code, data: { session_id: SESSION_ID, ...data } }, OPTIONS)
}

describe("PortOne session data", () => {
  it("holds what the storefront needs to open PortOne's window, from the stored amount", () => {
    expect(newSession({ orderName: "제주 감귤\n5kg", taxFreeAmount: 3000 })).toEqual({
      portone: { ...OPTIONS, paymentId: SESSION_ID, orderName: "제주 감귤 5kg", totalAmount: 15000, taxFreeAmount: 3000, currency: "KRW" },
      status: null,
      payment: null,
    })
    expect(newSession().portone).toMatchObject({ orderName: "주문 결제", taxFreeAmount: 0 })
  })

  it("writes the provider's keys over what an old session or the storefront left", () => {
    const forged = newSession({ portone: { totalAmount: 1 }, status: "PAID", payment: { paymentId: "x" } })
    expect(forged).toMatchObject({ portone: { totalAmount: 15000 }, status: null, payment: null })
  })

  it("refuses what PortOne would refuse or the store cannot take, with a message that says why", () => {
    expect(() => newSession({}, 15000, "usd")).toThrow("only takes Korean won (KRW), but this cart is in USD")
    expect(() => newSession({}, 99.5)).toThrow("whole won")
    expect(() => newSession({}, 0)).toThrow("positive amount")
    expect(() => newSession({ taxFreeAmount: 15001 })).toThrow("taxFreeAmount must be a whole amount between 0 and the payment's 15000 KRW")
    expect(() => newSession({ taxFreeAmount: "3000" })).toThrow("taxFreeAmount")
    expect(() => newSession({ apiSecret: "x" })).toThrow('Unknown PortOne session data: "apiSecret"')
    expect(() => newSession({ orderName: 5 })).toThrow("orderName must be text")
    expect(() => newSession({ session_id: "a b" })).toThrow("as a PortOne paymentId")
  })

  it("changes the amount of an unpaid session, and refuses to change a paid one", () => {
    const session = newSession({ taxFreeAmount: 1000 })
    expect(readUpdate(session, { amount: 20000, currency_code: "krw" }).portone).toMatchObject({ totalAmount: 20000, taxFreeAmount: 1000 })
    const paid = { ...session, status: "PAID" }
    expect(readUpdate(paid, { amount: 15000, currency_code: "krw" })).toEqual(paid)
    expect(() => readUpdate(paid, { amount: 20000, currency_code: "krw" })).toThrow("already been made")
  })

  it("reads only the provider's own data, and compares PortOne's payment with the stored amount", () => {
    expect(() => readSession({ orderId: "x", amount: 1 })).toThrow("not created by the PortOne provider")
    const session = readSession({ ...newSession({ taxFreeAmount: 2000 }) })
    expect(expectedPayment(session)).toEqual({ paymentId: SESSION_ID, amount: 15000, taxFreeAmount: 2000, currency: "KRW", ...OPTIONS })
  })

  it("pre-registers the stored amount under a key that only the same amount repeats", () => {
    const first = preRegistration(newSession({ taxFreeAmount: 2000 }))
    expect(first.input).toEqual({ totalAmount: 15000, taxFreeAmount: 2000, currency: "KRW" })
    expect(first.keyParts).toEqual(preRegistration(newSession({ taxFreeAmount: 2000 })).keyParts)
    expect(first.keyParts).not.toEqual(preRegistration(newSession({ taxFreeAmount: 2000 }, 16000)).keyParts)
  })
})
