import { FAIL_CODES, type FailureText } from "./fail-codes"
import { failureFor, type TossFailure } from "./failure"

/**
 * PortOne's own codes (its window's, and this module's), worded in the
 * Toss checkout's texts; a PG's code (`pgCode`, e.g. a Toss-based PG's
 * PAY_PROCESS_CANCELED) finds its words in the shared table. (undocumented)
 * PortOne's code for a closed window: the SDK's `Cancelled`.
 */
export const PORTONE_FAIL_CODES: Record<string, FailureText> = {
  Cancelled: FAIL_CODES.USER_CANCEL,
  StoreNotFound: FAIL_CODES.INVALID_API_KEY,
  ChannelNotFound: FAIL_CODES.INVALID_API_KEY,
  AmountNotEqualToPredefined: {
    title: "주문 금액이 바뀌었어요",
    message: "결제하는 사이에 주문 금액이 달라졌어요. 주문서를 확인하고 다시 결제해 주세요.",
    titleEn: "The order total changed",
    messageEn: "The order total changed while paying. Check your order and pay again.",
    retryable: true,
  },
  PORTONE_SDK_LOAD_FAILED: FAIL_CODES.TOSS_SDK_LOAD_FAILED,
}

/**
 * A failure by PortOne's `code`, or by the PG's `pgCode` where only that one
 * is known; `trustedMessage` (the SDK's, in this page; never a URL's) words
 * an unknown one.
 */
export function portOneFailure(code: string, pgCode?: string, trustedMessage?: string): TossFailure {
  const known = PORTONE_FAIL_CODES[code] || FAIL_CODES[code] || !pgCode || !FAIL_CODES[pgCode] ? code : pgCode
  return failureFor(known, trustedMessage, PORTONE_FAIL_CODES[known])
}
