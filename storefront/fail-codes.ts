/**
 * What a shopper reads when a payment does not go through, by code: Toss's
 * fail-redirect and API error codes, plus the few codes this module raises
 * itself. Korean first (the shopper's language), English for foreign shoppers.
 *
 * An entry without `message` shows the message that came with the failure
 * (Toss's own wording or the store's), because only that one knows the detail.
 */
export interface FailureText {
  title: string
  message?: string
  titleEn: string
  messageEn?: string
  /** Whether trying again (possibly with another method) can succeed. */
  retryable: boolean
  /** The shopper stopped on purpose: show a calm note, not an error. */
  canceledByShopper?: true
}

const CANCELED: FailureText = {
  title: "결제를 취소했어요",
  message: "결제창을 닫아서 결제가 진행되지 않았어요. 담아 둔 상품은 그대로 있어요.",
  titleEn: "Payment canceled",
  messageEn: "You closed the payment window, so nothing was charged. Your cart is still here.",
  retryable: true,
  canceledByShopper: true,
}

const TEMPORARY: FailureText = {
  title: "일시적인 오류가 생겼어요",
  message: "결제 시스템이 잠시 응답하지 않았어요. 잠시 후 다시 시도해 주세요.",
  titleEn: "Temporary problem",
  messageEn: "The payment system did not respond. Please try again in a moment.",
  retryable: true,
}

const STORE_SETUP: FailureText = {
  title: "지금은 결제할 수 없어요",
  message: "상점의 결제 설정에 문제가 있어요. 상점에 문의해 주세요.",
  titleEn: "Payments are unavailable",
  messageEn: "The store's payment setup has a problem. Please contact the store.",
  retryable: false,
}

export const FAIL_CODES: Record<string, FailureText> = {
  // Raised by Toss's window and SDK
  PAY_PROCESS_CANCELED: CANCELED,
  USER_CANCEL: CANCELED,
  NEED_AGREEMENT_WITH_REQUIRED_TERMS: {
    title: "약관에 동의해 주세요",
    message: "결제하려면 필수 약관에 동의해야 해요.",
    titleEn: "Please accept the terms",
    messageEn: "Accept the required terms to pay.",
    retryable: true,
  },
  NOT_SELECTED_PAYMENT_METHOD: {
    title: "결제수단을 골라 주세요",
    message: "결제에 사용할 수단을 선택한 뒤 다시 눌러 주세요.",
    titleEn: "Choose a payment method",
    messageEn: "Select how you want to pay, then try again.",
    retryable: true,
  },
  PAY_PROCESS_ABORTED: {
    title: "결제가 중단됐어요",
    message: "결제를 진행하다가 멈췄어요. 결제된 금액은 없으니 다시 시도해 주세요.",
    titleEn: "Payment interrupted",
    messageEn: "The payment stopped before it finished. Nothing was charged; please try again.",
    retryable: true,
  },
  REJECT_CARD_COMPANY: {
    title: "카드사에서 결제를 거절했어요",
    message: "카드 한도, 유효기간, 비밀번호를 확인하거나 다른 카드로 결제해 주세요.",
    titleEn: "Declined by the card issuer",
    messageEn: "Check the card's limit, expiry date and PIN, or use another card.",
    retryable: true,
  },
  REJECT_CARD_PAYMENT: {
    title: "카드 결제가 거절됐어요",
    message: "한도를 넘었거나 잔액이 부족할 수 있어요. 다른 카드나 결제수단을 이용해 주세요.",
    titleEn: "Card payment declined",
    messageEn: "The limit may be exceeded or the balance too low. Please use another card or method.",
    retryable: true,
  },
  INVALID_CARD_EXPIRATION: {
    title: "카드 유효기간이 맞지 않아요",
    message: "카드에 적힌 유효기간을 확인하고 다시 입력해 주세요.",
    titleEn: "Wrong card expiry date",
    messageEn: "Check the expiry date printed on the card and enter it again.",
    retryable: true,
  },
  INVALID_STOPPED_CARD: {
    title: "사용할 수 없는 카드예요",
    message: "정지된 카드예요. 다른 카드로 결제해 주세요.",
    titleEn: "Card cannot be used",
    messageEn: "This card has been suspended. Please use another card.",
    retryable: true,
  },
  INVALID_PASSWORD: {
    title: "비밀번호가 맞지 않아요",
    message: "결제 비밀번호를 확인하고 다시 시도해 주세요.",
    titleEn: "Wrong password",
    messageEn: "Check your payment password and try again.",
    retryable: true,
  },
  EXCEED_MAX_DAILY_PAYMENT_COUNT: {
    title: "오늘 결제할 수 있는 횟수를 넘었어요",
    message: "내일 다시 시도하거나 다른 결제수단을 이용해 주세요.",
    titleEn: "Daily payment limit reached",
    messageEn: "Try again tomorrow or use another payment method.",
    retryable: true,
  },
  EXCEED_MAX_PAYMENT_AMOUNT: {
    title: "결제 한도를 넘었어요",
    message: "이 결제수단으로 결제할 수 있는 금액을 넘었어요. 다른 결제수단을 이용해 주세요.",
    titleEn: "Amount over the limit",
    messageEn: "This amount is over the method's limit. Please use another payment method.",
    retryable: true,
  },
  EXCEED_MAX_AUTH_COUNT: {
    title: "인증 횟수를 넘었어요",
    message: "인증을 너무 여러 번 시도했어요. 카드사에 문의하거나 다른 결제수단을 이용해 주세요.",
    titleEn: "Too many verification attempts",
    messageEn: "Please contact your card issuer or use another payment method.",
    retryable: true,
  },
  NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT: {
    title: "할부를 쓸 수 없는 카드예요",
    message: "일시불로 결제하거나 다른 카드를 이용해 주세요.",
    titleEn: "Installments not available",
    messageEn: "Pay in full at once or use another card.",
    retryable: true,
  },
  BELOW_MINIMUM_AMOUNT: {
    title: "최소 결제 금액보다 적어요",
    message: "결제수단마다 최소 금액이 있어요(카드 100원, 계좌이체 200원, 휴대폰 300원). 다른 결제수단을 선택해 주세요.",
    titleEn: "Below the minimum amount",
    messageEn: "Each method has a minimum (card 100 KRW, transfer 200 KRW, phone 300 KRW). Please choose another method.",
    retryable: true,
  },
  FDS_ERROR: {
    title: "안전을 위해 결제가 제한됐어요",
    message: "위험 거래로 보여 결제를 멈췄어요. 다른 결제수단을 이용하거나 카드사에 문의해 주세요.",
    titleEn: "Payment blocked for your safety",
    messageEn: "The payment looked risky and was stopped. Use another method or contact your card issuer.",
    retryable: true,
  },
  REJECT_ACCOUNT_PAYMENT: {
    title: "계좌 결제가 거절됐어요",
    message: "계좌 잔액이나 상태를 확인하고 다시 시도해 주세요.",
    titleEn: "Bank payment declined",
    messageEn: "Check the account's balance and status, then try again.",
    retryable: true,
  },
  NOT_AVAILABLE_PAYMENT: {
    title: "지금은 이 결제수단을 쓸 수 없어요",
    message: "은행이나 카드사 점검 시간일 수 있어요. 다른 결제수단을 이용해 주세요.",
    titleEn: "Method unavailable right now",
    messageEn: "The bank or card issuer may be under maintenance. Please use another method.",
    retryable: true,
  },
  NOT_FOUND_PAYMENT_SESSION: {
    title: "결제 시간이 지났어요",
    message: "인증 후 시간이 너무 지나 결제가 취소됐어요. 처음부터 다시 결제해 주세요.",
    titleEn: "Payment timed out",
    messageEn: "Too much time passed after verification. Please start the payment again.",
    retryable: true,
  },
  PROVIDER_ERROR: TEMPORARY,
  CARD_PROCESSING_ERROR: TEMPORARY,
  FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING: TEMPORARY,
  FAILED_INTERNAL_SYSTEM_PROCESSING: TEMPORARY,
  UNKNOWN_PAYMENT_ERROR: TEMPORARY,
  UNAUTHORIZED_KEY: STORE_SETUP,
  INVALID_API_KEY: STORE_SETUP,

  // Raised by this module (TossCheckoutError codes)
  MISSING_PAYMENT_RESULT: {
    title: "결제 결과를 찾을 수 없어요",
    message: "결제 정보가 없는 주소로 들어왔어요. 주문서에서 다시 결제해 주세요.",
    titleEn: "No payment result",
    messageEn: "This page was opened without a payment result. Please pay again from checkout.",
    retryable: true,
  },
  PAYMENT_NOT_CONFIRMED: {
    title: "결제를 확정하지 못했어요",
    message: "주문을 확인하다가 문제가 생겨 결제를 확정하지 않았어요. 승인된 금액이 있다면 자동으로 취소돼요. 주문서에서 다시 시도해 주세요.",
    titleEn: "Payment not confirmed",
    messageEn: "The order could not be verified, so the payment was not confirmed; any approved amount is canceled automatically. Please try again from checkout.",
    retryable: true,
  },
  PAYMENT_DECLINED: {
    title: "결제가 승인되지 않았어요",
    titleEn: "Payment not approved",
    retryable: true,
  },
  COMPLETION_FAILED: {
    title: "주문을 완료하지 못했어요",
    // Also shown on a fail page a Route Handler redirected to, where reloading checks nothing.
    message: "결제 결과를 확인하지 못했어요. 결제가 승인됐다면 주문이 곧 자동으로 만들어져요. 주문 내역에 없으면 다시 결제해 주세요. 같은 결제가 두 번 청구되지는 않아요.",
    titleEn: "Could not complete the order",
    messageEn: "The payment result could not be checked. If the payment went through, the order is created shortly by itself; if it does not appear in your orders, please pay again. You will not be charged twice.",
    retryable: true,
  },
  PAYMENT_PREPARATION_FAILED: {
    title: "결제를 준비하지 못했어요",
    titleEn: "Could not start the payment",
    retryable: true,
  },
  CARD_NOT_SAVED: {
    title: "카드를 등록하지 못했어요",
    message: "카드 등록을 다시 해 주세요.",
    titleEn: "Could not save the card",
    messageEn: "Please register the card again.",
    retryable: true,
  },
  TOSS_SDK_LOAD_FAILED: {
    title: "결제창을 불러오지 못했어요",
    message: "인터넷 연결을 확인하고 다시 시도해 주세요.",
    titleEn: "Could not load the payment window",
    messageEn: "Check your internet connection and try again.",
    retryable: true,
  },
}

/** For codes not in the table; the message that came with the failure is shown when there is one. */
export const UNKNOWN_FAILURE: FailureText = {
  title: "결제에 실패했어요",
  titleEn: "Payment failed",
  retryable: true,
}

/** Shown when neither the table nor the failure itself has a message. */
export const DEFAULT_MESSAGE = {
  message: "결제를 완료하지 못했어요. 다시 시도해 주세요.",
  messageEn: "The payment could not be completed. Please try again.",
}
