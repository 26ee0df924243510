import { describeFailure, TossCheckoutError } from "../index"
import { checkoutError } from "../failure"

describe("describeFailure", () => {
  it("treats a closed payment window as the shopper's choice, not an error", () => {
    const failure = describeFailure("?code=PAY_PROCESS_CANCELED&message=%EC%82%AC%EC%9A%A9%EC%9E%90%EC%97%90+%EC%9D%98%ED%95%B4+%EA%B2%B0%EC%A0%9C%EA%B0%80+%EC%B7%A8%EC%86%8C%EB%90%98%EC%97%88%EC%8A%B5%EB%8B%88%EB%8B%A4&orderId=payses_1-a1")

    expect(failure).toEqual({
      code: "PAY_PROCESS_CANCELED",
      canceledByShopper: true,
      title: "결제를 취소했어요",
      message: "결제창을 닫아서 결제가 진행되지 않았어요. 담아 둔 상품은 그대로 있어요.",
      titleEn: "Payment canceled",
      messageEn: "You closed the payment window, so nothing was charged. Your cart is still here.",
      retryable: true,
    })
  })

  it.each([
    ["PAY_PROCESS_ABORTED", "결제가 중단됐어요"],
    ["REJECT_CARD_COMPANY", "카드사에서 결제를 거절했어요"],
    ["REJECT_CARD_PAYMENT", "카드 결제가 거절됐어요"],
    ["INVALID_CARD_EXPIRATION", "카드 유효기간이 맞지 않아요"],
    ["EXCEED_MAX_DAILY_PAYMENT_COUNT", "오늘 결제할 수 있는 횟수를 넘었어요"],
    ["NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT", "할부를 쓸 수 없는 카드예요"],
    ["BELOW_MINIMUM_AMOUNT", "최소 결제 금액보다 적어요"],
  ])("words %s for the shopper in Korean and English", (code, title) => {
    const failure = describeFailure({ code, message: "토스페이먼츠 메시지" })

    expect(failure).toMatchObject({ code, title, canceledByShopper: false })
    expect(failure.message).not.toBe("토스페이먼츠 메시지")
    expect(failure.titleEn).toMatch(/^[A-Z]/)
    expect(failure.messageEn).toMatch(/^[A-Z]/)
  })

  it("never shows the fail URL's own message for a code it does not know: anyone can write that URL", () => {
    const failure = describeFailure(new URLSearchParams({ code: "NEW_TOSS_CODE", message: "고객센터 010-0000-0000 으로 입금하세요" }))

    expect(failure).toMatchObject({
      code: "NEW_TOSS_CODE",
      title: "결제에 실패했어요",
      message: "결제를 완료하지 못했어요. 다시 시도해 주세요.",
      titleEn: "Payment failed",
      canceledByShopper: false,
      retryable: true,
    })
  })

  it("words an unknown code with a message the store's own API gave", () => {
    expect(checkoutError("PAYMENT_DECLINED_SOMEHOW", "카드사에서 거절했어요.").message).toBe("카드사에서 거절했어요.")
  })

  it("still says something when the fail URL carries nothing", () => {
    expect(describeFailure("")).toMatchObject({
      code: "UNKNOWN",
      title: "결제에 실패했어요",
      message: "결제를 완료하지 못했어요. 다시 시도해 주세요.",
    })
  })

  it("reads a whole fail URL", () => {
    expect(describeFailure("https://shop.example/checkout/fail?code=REJECT_CARD_COMPANY").code).toBe("REJECT_CARD_COMPANY")
  })

  it("does not offer a retry when the store's keys are wrong", () => {
    expect(describeFailure({ code: "UNAUTHORIZED_KEY" }).retryable).toBe(false)
  })
})

describe("TossCheckoutError", () => {
  it("carries the same fields as describeFailure, with the Korean message as its message", () => {
    const error = new TossCheckoutError(describeFailure({ code: "REJECT_CARD_COMPANY" }))

    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe("TossCheckoutError")
    expect(error.message).toBe(describeFailure({ code: "REJECT_CARD_COMPANY" }).message)
    expect(error).toMatchObject({ code: "REJECT_CARD_COMPANY", canceledByShopper: false, retryable: true })
  })
})
