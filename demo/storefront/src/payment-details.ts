import type { HttpTypes } from "@medusajs/types"
import { TOSS_PROVIDER_ID } from "../../../storefront"

/**
 * The part of Toss's Payment object the provider keeps for display, under
 * `payment` in the session's data (and the payment's, once Toss holds the money).
 */
export interface TossPaymentView {
  /** Toss's status, e.g. DONE or WAITING_FOR_DEPOSIT. */
  status: string
  /** Toss's method in Korean: 카드, 가상계좌, 간편결제, 계좌이체, 휴대폰. */
  method: string | null
  receiptUrl: string | null
  easyPay: { provider: string } | null
  virtualAccount: { bankCode: string; accountNumber: string; customerName: string; dueDate: string } | null
}

/** The fields to ask for when retrieving an order, so its Toss details come along. */
export const ORDER_PAYMENT_FIELDS = "*payment_collections.payment_sessions,*payment_collections.payments"

export function tossPaymentOf(order: HttpTypes.StoreOrder): TossPaymentView | undefined {
  for (const collection of order.payment_collections ?? []) {
    // A virtual account waiting for its deposit has a session but no payment yet;
    // once there is a payment, its data is the newer.
    const payment = collection.payments?.find((p) => p.provider_id === TOSS_PROVIDER_ID)
    const session = collection.payment_sessions?.find((s) => s.provider_id === TOSS_PROVIDER_ID)
    const view = (payment?.data?.payment ?? session?.data?.payment) as TossPaymentView | null | undefined
    if (view) return view
  }
  return undefined
}

/** Toss's two-digit bank codes for the banks that issue virtual accounts and a few more. */
const BANKS: Record<string, string> = {
  "02": "KDB산업은행",
  "03": "IBK기업은행",
  "06": "KB국민은행",
  "07": "Sh수협은행",
  "11": "NH농협은행",
  "12": "지역농축협",
  "20": "우리은행",
  "23": "SC제일은행",
  "27": "씨티은행",
  "31": "iM뱅크",
  "32": "부산은행",
  "34": "광주은행",
  "35": "제주은행",
  "37": "전북은행",
  "39": "경남은행",
  "45": "새마을금고",
  "48": "신협",
  "71": "우체국",
  "81": "하나은행",
  "88": "신한은행",
  "89": "케이뱅크",
  "90": "카카오뱅크",
  "92": "토스뱅크",
}

export function bankName(code: string): string {
  return BANKS[code] ?? `은행 코드 ${code}`
}
