import type { HttpTypes } from "@medusajs/types"
import { isTossProviderId } from "../../../storefront"
import { isPortOneProviderId } from "../../../storefront/portone"

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
  /** Paid through PortOne (the view below, shown in Toss's words). */
  portOne?: true
}

/** What the PortOne provider keeps for display (src/providers/portone/payment-view.ts). */
interface PortOnePaymentView {
  status: string
  method?: string
  virtualAccount?: { bank?: string; accountNumber: string; remitteeName?: string; expiredAt?: string }
  receiptUrl?: string
}

const PORTONE_METHODS: Record<string, string> = {
  PaymentMethodCard: "카드",
  PaymentMethodEasyPay: "간편결제",
  PaymentMethodVirtualAccount: "가상계좌",
  PaymentMethodTransfer: "계좌이체",
  PaymentMethodMobile: "휴대폰",
}

/** The fields to ask for when retrieving an order, so its Toss details come along. */
export const ORDER_PAYMENT_FIELDS = "*payment_collections.payment_sessions,*payment_collections.payments"

/** The order's Toss or PortOne payment, as the confirmation shows it. */
export function paymentOf(order: HttpTypes.StoreOrder): TossPaymentView | undefined {
  for (const collection of order.payment_collections ?? []) {
    // A virtual account waiting for its deposit has a session but no payment yet;
    // once there is a payment, its data is the newer.
    for (const [isProvider, toView] of [
      [isTossProviderId, (data: unknown) => data as TossPaymentView],
      [isPortOneProviderId, (data: unknown) => fromPortOne(data as PortOnePaymentView)],
    ] as const) {
      const payment = collection.payments?.find((p) => isProvider(p.provider_id))
      const session = collection.payment_sessions?.find((s) => isProvider(s.provider_id))
      const data = payment?.data?.payment ?? session?.data?.payment
      if (data) return toView(data)
    }
  }
  return undefined
}

function fromPortOne(view: PortOnePaymentView): TossPaymentView {
  const account = view.virtualAccount
  return {
    status: view.status === "VIRTUAL_ACCOUNT_ISSUED" ? "WAITING_FOR_DEPOSIT" : view.status,
    method: (view.method && PORTONE_METHODS[view.method]) ?? null,
    receiptUrl: view.receiptUrl ?? null,
    cashReceipt: null,
    card: null,
    easyPay: null,
    virtualAccount: account ? { bankCode: account.bank ?? "", accountNumber: account.accountNumber, customerName: account.remitteeName ?? "", dueDate: account.expiredAt ?? "" } : null,
    portOne: true,
  }
}

/** The bank's name from the project's one table of Toss bank codes. */
export { bankName } from "../../../src/lib/toss-banks"
