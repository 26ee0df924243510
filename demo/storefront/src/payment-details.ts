import type { HttpTypes } from "@medusajs/types"
import { isTossProviderId } from "../../../storefront"

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
  /** 현금영수증, for a transfer or virtual account whose shopper asked for one. */
  cashReceipt: { type: string; receiptUrl: string } | null
  card: { installmentPlanMonths: number; isInterestFree: boolean } | null
  easyPay: { provider: string } | null
  virtualAccount: { bankCode: string; accountNumber: string; customerName: string; dueDate: string } | null
}

/** The fields to ask for when retrieving an order, so its Toss details come along. */
export const ORDER_PAYMENT_FIELDS = "*payment_collections.payment_sessions,*payment_collections.payments"

export function tossPaymentOf(order: HttpTypes.StoreOrder): TossPaymentView | undefined {
  for (const collection of order.payment_collections ?? []) {
    // A virtual account waiting for its deposit has a session but no payment yet;
    // once there is a payment, its data is the newer.
    const payment = collection.payments?.find((p) => isTossProviderId(p.provider_id))
    const session = collection.payment_sessions?.find((s) => isTossProviderId(s.provider_id))
    const view = (payment?.data?.payment ?? session?.data?.payment) as TossPaymentView | null | undefined
    if (view) return view
  }
  return undefined
}

/** The bank's name from the project's one table of Toss bank codes. */
export { bankName } from "../../../src/lib/toss-banks"
