import { tossDepositInstructions } from "../index"

const virtualAccount = { bankCode: "06", accountNumber: "X6217400009876", customerName: "홍길동", dueDate: "2026-12-14T23:59:59+09:00", expired: false }
const waiting = { status: "WAITING_FOR_DEPOSIT", method: "가상계좌", virtualAccount }

describe("tossDepositInstructions", () => {
  it("gives the account to pay into from the order's Toss session while the deposit is awaited, in Korean", () => {
    const order = { payment_collections: [{ payments: [], payment_sessions: [{ provider_id: "pp_toss_toss", data: { payment: waiting } }] }] }

    expect(tossDepositInstructions(order, { locale: "ko" })).toEqual({
      title: "아래 계좌로 입금해 주세요",
      rows: [
        { name: "bank", label: "은행", value: "KB국민은행" },
        { name: "account-number", label: "계좌번호", value: "X6217400009876" },
        { name: "holder", label: "예금주", value: "홍길동" },
        { name: "due-date", label: "입금 기한", value: "2026년 12월 14일 23:59" },
      ],
    })
  })

  it("reads the payment once there is one, and words it in English with Korean time", () => {
    const order = { payment_collections: [{ payments: [{ provider_id: "pp_toss_toss", data: { payment: { ...waiting, status: "DONE" } } }] }] }

    expect(tossDepositInstructions(order, { locale: "en" })).toEqual({
      title: "Pay into this account",
      rows: [
        { name: "bank", label: "Bank", value: "KB국민은행" },
        { name: "account-number", label: "Account number", value: "X6217400009876" },
        { name: "holder", label: "Account holder", value: "홍길동" },
        { name: "due-date", label: "Pay by", value: "2026-12-14 23:59 (KST)" },
      ],
    })
  })

  it("has nothing to say about a card payment, another provider's or an order without payments", () => {
    const card = { payment_collections: [{ payments: [{ provider_id: "pp_toss_toss", data: { payment: { status: "DONE", method: "카드", virtualAccount: null } } }] }] }
    const other = { payment_collections: [{ payment_sessions: [{ provider_id: "pp_system_default", data: { payment: waiting } }] }] }

    expect([tossDepositInstructions(card), tossDepositInstructions(other), tossDepositInstructions({})]).toEqual([undefined, undefined, undefined])
  })
})
