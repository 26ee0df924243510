/**
 * Every Toss error the sandbox can answer: code → HTTP status and message.
 * Codes and statuses follow toss-api.md §1 and §5; messages are paraphrased
 * from the Toss documentation (Korean by default, English for
 * `Accept-Language: en-US`).
 */
export interface TossErrorDefinition {
  status: number
  ko: string
  en: string
}

export const TOSS_ERRORS: Record<string, TossErrorDefinition> = {
  // Authentication and request headers (§1)
  UNAUTHORIZED_KEY: {
    status: 401,
    ko: "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.",
    en: "The secret key or client key is not authorized.",
  },
  INCORRECT_BASIC_AUTH_FORMAT: {
    status: 403,
    ko: "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.",
    en: "Incorrect Basic auth format. Encode the secret key followed by ':'.",
  },
  INVALID_API_KEY: {
    status: 400,
    ko: "잘못된 시크릿키 연동 정보 입니다.",
    en: "Invalid secret key.",
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    ko: "멱등키는 300자 이하로 입력해주세요.",
    en: "The Idempotency-Key must be 300 characters or fewer.",
  },
  IDEMPOTENT_REQUEST_PROCESSING: {
    status: 409,
    ko: "같은 멱등키의 이전 요청을 처리하고 있습니다. 잠시 후 같은 멱등키로 다시 시도해주세요.",
    en: "A request with the same Idempotency-Key is still being processed. Retry later with the same key.",
  },

  // Confirm (§5)
  ALREADY_PROCESSED_PAYMENT: {
    status: 400,
    ko: "이미 처리된 결제 입니다.",
    en: "This payment has already been processed.",
  },
  PROVIDER_ERROR: {
    status: 400,
    ko: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.",
    en: "A temporary error occurred. Please try again later.",
  },
  INVALID_REQUEST: {
    status: 400,
    ko: "잘못된 요청입니다.",
    en: "Invalid request.",
  },
  INVALID_TEST_CODE: {
    status: 400,
    ko: "유효하지 않은 테스트 코드입니다.",
    en: "Invalid test code.",
  },
  BELOW_ZERO_AMOUNT: {
    status: 400,
    ko: "금액은 0보다 커야 합니다.",
    en: "The amount must be greater than 0.",
  },
  INVALID_CURRENCY: {
    status: 400,
    ko: "잘못된 통화 값입니다.",
    en: "Invalid currency value.",
  },
  INVALID_ORDER_ID: {
    status: 400,
    ko: "orderId는 영문 대소문자, 숫자, 특수문자(-, _, =) 만 허용합니다. 6자 이상 64자 이하여야 합니다.",
    en: "The orderId must be 6 to 64 characters of A-Z, a-z, 0-9, -, _ and =.",
  },
  INVALID_ORDER_NAME: {
    status: 400,
    ko: "주문 이름은 100자 이하여야 합니다.",
    en: "The order name must be 100 characters or less.",
  },
  INVALID_CUSTOMER_KEY: {
    status: 400,
    ko: "customerKey는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 50자 이하여야 합니다.",
    en: "customerKey must be 2 to 50 characters of A-Z, a-z, 0-9, -, _, =, . and @.",
  },
  INVALID_EMAIL: {
    status: 400,
    ko: "이메일 주소 형식에 맞지 않습니다.",
    en: "This is not an e-mail address.",
  },
  NOT_SUPPORTED_METHOD: {
    status: 400,
    ko: "지원되지 않는 결제수단입니다.",
    en: "This payment method is not supported.",
  },
  INVALID_EASY_PAY: {
    status: 400,
    ko: "간편결제 입력정보가 올바르지 않습니다.",
    en: "The easy pay input is incorrect.",
  },
  INVALID_FLOW_MODE_PARAMETERS: {
    status: 400,
    ko: "인증 창을 먼저 띄우려면 카드사 코드 또는 은행 코드 또는 간편결제수단이 같이 전달되어야 합니다.",
    en: "flowMode DIRECT needs a card company code or an easy pay method.",
  },
  INVALID_CARD_COMPANY: {
    status: 400,
    ko: "유효하지 않은 카드사입니다.",
    en: "Invalid card company.",
  },
  INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE: {
    status: 400,
    ko: "cardInstallmentPlan과 maxCardInstallmentPlan은 같이 사용할 수 없습니다.",
    en: "cardInstallmentPlan and maxCardInstallmentPlan cannot be used together.",
  },
  EXCEED_MAX_CARD_INSTALLMENT_PLAN: {
    status: 400,
    ko: "설정 가능한 최대 할부 개월 수를 초과했습니다.",
    en: "The maximum number of installment months is exceeded.",
  },
  EXCEED_MIN_CARD_INSTALLMENT_PLAN: {
    status: 400,
    ko: "설정 가능한 최소 할부 개월 수를 1개월 이상으로 설정해주세요.",
    en: "Installment months must be 0 (lump sum) or 2 to 12.",
  },
  INVALID_CARD_INSTALLMENT_AMOUNT: {
    status: 400,
    ko: "할부금액 잘못 되었습니다.",
    en: "Installments are only possible from 50,000 KRW.",
  },
  INVALID_CASH_RECEIPT_INFO: {
    status: 400,
    ko: "현금 영수증 정보가 잘못되었습니다.",
    en: "The cash receipt information is incorrect.",
  },
  INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE: {
    status: 400,
    ko: "validHours와 dueDate는 같이 사용할 수 없습니다.",
    en: "validHours and dueDate cannot be used together.",
  },
  EXCEED_MAX_VALID_HOURS: {
    status: 400,
    ko: "가상 계좌의 최대 유효시간을 초과했습니다.",
    en: "The maximum validity of a virtual account (2160 hours) is exceeded.",
  },
  EXCEED_MAX_DUE_DATE: {
    status: 400,
    ko: "가상 계좌의 최대 유효만료 기간을 초과했습니다.",
    en: "The latest due date of a virtual account (90 days ahead) is exceeded.",
  },
  INVALID_ISO_DATE_FORMAT: {
    status: 400,
    ko: "시간 일시 형식이 잘못되었습니다. 시간 형식은 ISO 8601 형식을 준수해야 합니다.",
    en: "The time must be ISO 8601, yyyy-MM-ddTHH:mm:ss.",
  },
  INVALID_DATE: {
    status: 400,
    ko: "날짜 데이터가 잘못 되었습니다.",
    en: "The date is invalid.",
  },
  EXCEEDS_TRANSFER_AMOUNT_MAXIMUM: {
    status: 400,
    ko: "계좌이체는 한 번에 1,000만 원 이하로만 결제하실 수 있어요. 금액을 낮춰 다시 시도해 주세요.",
    en: "Account transfers are limited to 10,000,000 KRW per transaction.",
  },
  BELOW_MINIMUM_AMOUNT: {
    status: 400,
    ko: "신용카드는 결제금액이 100원 이상, 계좌는 200원 이상, 휴대폰은 300원 이상부터 결제가 가능합니다.",
    en: "The amount is below the minimum: 100 KRW for cards, 200 KRW for transfers, 300 KRW for mobile phone payments.",
  },
  INVALID_CARD_EXPIRATION: {
    status: 400,
    ko: "카드 정보를 다시 확인해주세요. (유효기간)",
    en: "Please check the card's expiration date.",
  },
  INVALID_STOPPED_CARD: {
    status: 400,
    ko: "정지된 카드 입니다.",
    en: "This card has been suspended.",
  },
  EXCEED_MAX_PAYMENT_AMOUNT: {
    status: 400,
    ko: "하루 결제 가능 금액을 초과했습니다.",
    en: "The daily payment limit has been exceeded.",
  },
  CARD_PROCESSING_ERROR: {
    status: 400,
    ko: "카드사에서 오류가 발생했습니다.",
    en: "The card company reported an error.",
  },
  NOT_AVAILABLE_PAYMENT: {
    status: 400,
    ko: "결제가 불가능한 시간대입니다.",
    en: "Payments are not available at this time.",
  },
  UNAPPROVED_ORDER_ID: {
    status: 400,
    ko: "아직 승인되지 않은 주문번호입니다.",
    en: "This orderId has not been approved yet.",
  },
  REJECT_CARD_PAYMENT: {
    status: 403,
    ko: "한도초과 혹은 잔액부족으로 결제에 실패했습니다.",
    en: "The payment failed: limit exceeded or insufficient balance.",
  },
  REJECT_CARD_COMPANY: {
    status: 403,
    ko: "결제 승인이 거절되었습니다.",
    en: "The card company declined the payment.",
  },
  REJECT_ACCOUNT_PAYMENT: {
    status: 403,
    ko: "잔액부족으로 결제에 실패했습니다.",
    en: "The payment failed: insufficient balance.",
  },
  FDS_ERROR: {
    status: 403,
    ko: "[토스페이먼츠] 위험거래가 감지되어 결제가 제한됩니다.",
    en: "[Toss Payments] A risky transaction was detected; the payment is restricted.",
  },
  EXCEED_MAX_AUTH_COUNT: {
    status: 403,
    ko: "최대 인증 횟수를 초과했습니다. 카드사로 문의해주세요.",
    en: "Too many authentication attempts. Please contact the card company.",
  },
  INVALID_PASSWORD: {
    status: 403,
    ko: "결제 비밀번호가 일치하지 않습니다.",
    en: "The payment password does not match.",
  },
  NOT_FOUND_PAYMENT: {
    status: 404,
    ko: "존재하지 않는 결제 정보 입니다.",
    en: "The payment does not exist.",
  },
  NOT_FOUND_PAYMENT_SESSION: {
    status: 404,
    ko: "결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.",
    en: "The payment session has expired.",
  },
  FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: "결제가 완료되지 않았어요. 다시 시도해주세요.",
    en: "The payment was not completed. Please try again.",
  },
  FAILED_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.",
    en: "Internal processing failed. Please try again later.",
  },
  UNKNOWN_PAYMENT_ERROR: {
    status: 500,
    ko: "결제에 실패했어요. 같은 문제가 반복된다면 은행이나 카드사로 문의해주세요.",
    en: "The payment failed. If this keeps happening, contact your bank or card company.",
  },

  // Lookup and cancel (§5)
  FORBIDDEN_CONSECUTIVE_REQUEST: {
    status: 403,
    ko: "반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.",
    en: "Consecutive requests are not allowed. Please try again in a moment.",
  },
  ALREADY_CANCELED_PAYMENT: {
    status: 400,
    ko: "이미 취소된 결제 입니다.",
    en: "This payment has already been canceled.",
  },
  INVALID_REFUND_ACCOUNT_INFO: {
    status: 400,
    ko: "환불 계좌번호와 예금주명이 일치하지 않습니다.",
    en: "The refund account information is missing or does not match the account holder.",
  },
  INVALID_REFUND_ACCOUNT_NUMBER: {
    status: 400,
    ko: "잘못된 환불 계좌번호입니다.",
    en: "Invalid refund account number.",
  },
  INVALID_BANK: {
    status: 400,
    ko: "유효하지 않은 은행입니다.",
    en: "Invalid bank.",
  },
  NOT_MATCHES_REFUNDABLE_AMOUNT: {
    status: 400,
    ko: "잔액 결과가 일치하지 않습니다.",
    en: "The refundable amount does not match.",
  },
  ALREADY_REFUND_PAYMENT: {
    status: 400,
    ko: "이미 환불된 결제입니다.",
    en: "The payment has already been refunded.",
  },
  REFUND_REJECTED: {
    status: 400,
    ko: "환불이 거절됐습니다. 결제사에 문의 부탁드립니다.",
    en: "The refund was rejected. Please contact the payment provider.",
  },
  FORBIDDEN_REQUEST: {
    status: 403,
    ko: "허용되지 않은 요청입니다.",
    en: "This request is not allowed.",
  },
  NOT_CANCELABLE_AMOUNT: {
    status: 403,
    ko: "취소 할 수 없는 금액 입니다.",
    en: "This amount cannot be canceled.",
  },
  NOT_CANCELABLE_PAYMENT: {
    status: 403,
    ko: "취소 할 수 없는 결제 입니다.",
    en: "This payment cannot be canceled.",
  },
  NOT_ALLOWED_PARTIAL_REFUND: {
    status: 403,
    ko: "에스크로 주문, 현금 카드 결제 등의 사유로 부분 환불이 불가합니다.",
    en: "Partial refunds are not available for this payment (escrow, cash card, tax exemption or the contract).",
  },
  NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT: {
    status: 403,
    ko: "입금 대기중인 결제는 부분 환불이 불가합니다.",
    en: "A payment waiting for deposit cannot be partially refunded.",
  },
  NOT_ALLOWED_REFUND_BANK: {
    status: 403,
    ko: "환불 가능한 은행이 아닙니다.",
    en: "Not a refundable bank.",
  },
  NOT_AVAILABLE_BANK: {
    status: 403,
    ko: "은행 서비스 시간이 아닙니다.",
    en: "The bank is out of service hours.",
  },
  EXCEED_MAX_REFUND_DUE: {
    status: 403,
    ko: "환불 가능한 기간이 초과했습니다.",
    en: "The refundable period has been exceeded.",
  },
  FAILED_REFUND_PROCESS: {
    status: 500,
    ko: "은행 응답시간 지연이나 일시적인 오류로 환불요청에 실패했습니다.",
    en: "The refund failed because of a bank delay or a temporary error.",
  },
  FAILED_PARTIAL_REFUND: {
    status: 500,
    ko: "은행 점검, 해약 계좌 등의 사유로 부분 환불이 실패했습니다.",
    en: "The partial refund failed (bank maintenance, closed account, ...).",
  },
  FAILED_METHOD_HANDLING_CANCEL: {
    status: 500,
    ko: "취소 중 결제 시 사용한 결제 수단 처리과정에서 일시적인 오류가 발생했습니다.",
    en: "A temporary error occurred while the payment method processed the cancel.",
  },
  COMMON_ERROR: {
    status: 500,
    ko: "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.",
    en: "A temporary error occurred. Please try again later.",
  },

  // Transaction ledger (§2)
  INVALID_TRANSACTION_KEY: {
    status: 400,
    ko: "잘못된 페이징 키 입니다.",
    en: "Invalid paging key (startingAfter).",
  },

  // Billing (§5); also DUPLICATED_ORDER_ID when an orderId is reused
  DUPLICATED_ORDER_ID: {
    status: 400,
    ko: "이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.",
    en: "This orderId has already been used. Use a new orderId.",
  },
  NOT_MATCHES_CUSTOMER_KEY: {
    status: 400,
    ko: "빌링 인증 고객키와 결제 요청 고객키가 일치하지 않습니다.",
    en: "The billing authentication customer key and the payment request customer key do not match.",
  },
  INVALID_BILL_KEY_REQUEST: {
    status: 400,
    ko: "빌링키 인증이 완료되지 않았거나 유효하지 않은 빌링 거래 건입니다.",
    en: "Billing key authentication has not been completed or is an invalid billing transaction.",
  },
  NOT_FOUND_BILLING: {
    status: 404,
    ko: "존재하지 않는 빌링 결제 인증 정보 입니다.",
    en: "Billing payment authentication information that does not exist.",
  },

  // Payment window results, only ever sent to failUrl (§7)
  PAY_PROCESS_CANCELED: {
    status: 400,
    ko: "사용자에 의해 결제가 취소되었습니다.",
    en: "The shopper canceled the payment.",
  },
  PAY_PROCESS_ABORTED: {
    status: 400,
    ko: "결제 진행 중 승인에 실패하여 결제가 중단되었습니다.",
    en: "The payment was aborted because approval failed.",
  },

  // Payment window errors of the browser SDK (thrown, never answered by the API)
  USER_CANCEL: {
    status: 400,
    ko: "사용자가 결제를 취소했습니다.",
    en: "The shopper closed the payment window.",
  },

  // (undocumented) answer for a URL the API does not have
  NOT_FOUND: {
    status: 404,
    ko: "존재하지 않는 API 입니다.",
    en: "This API does not exist.",
  },
}

export type Language = "ko" | "en"

/** A message in both languages the sandbox speaks. */
export interface Message {
  ko: string
  en: string
}

/**
 * A Toss error about to be answered: thrown by the payment store, caught by
 * the server, which picks the message language per request.
 */
export class TossError extends Error {
  readonly status: number
  private readonly detail?: Message
  private readonly known?: TossErrorDefinition

  constructor(
    readonly code: string,
    options: { status?: number; detail?: Message } = {}
  ) {
    const known = Object.prototype.hasOwnProperty.call(TOSS_ERRORS, code) ? TOSS_ERRORS[code] : undefined
    super(options.detail?.ko ?? known?.ko ?? `${code} (sandbox test error)`)
    this.name = "TossError"
    // A code missing from the table (asked for by a test through a fault or
    // `TossPayments-Test-Code`) answers 400 (undocumented).
    this.status = options.status ?? known?.status ?? 400
    this.detail = options.detail
    this.known = known
  }

  body(language: Language): { code: string; message: string } {
    return { code: this.code, message: this.detail?.[language] ?? this.known?.[language] ?? this.message }
  }
}

/** INVALID_REQUEST saying what is wrong; test controls misused by a developer explain in English only. */
export function invalidRequest(ko: string, en = ko): TossError {
  return new TossError("INVALID_REQUEST", { detail: { ko, en } })
}

export function languageOf(acceptLanguage: string | undefined): Language {
  return acceptLanguage?.toLowerCase().startsWith("en") ? "en" : "ko"
}
