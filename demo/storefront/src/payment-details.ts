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

/** PortOne's names of the banks that issue virtual accounts most, in Korean; others show as PortOne names them. */
const PORTONE_BANKS: Record<string, string> = {
  KOOKMIN: "KB국민은행",
  SHINHAN: "신한은행",
  WOORI: "우리은행",
  HANA: "하나은행",
  NONGHYUP: "NH농협은행",
  INDUSTRIAL_BANK_OF_KOREA: "IBK기업은행",
  KAKAO: "카카오뱅크",
  TOSS: "토스뱅크",
  POST: "우체국",
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
    // The bank's Korean name where the confirmation shows a Toss bank code's (bankName passes it through).
    virtualAccount: account
      ? { bankCode: (account.bank && PORTONE_BANKS[account.bank]) ?? account.bank ?? "", accountNumber: account.accountNumber, customerName: account.remitteeName ?? "", dueDate: account.expiredAt ?? "" }
      : null,
    portOne: true,
  }
}

/** The bank's name from the project's one table of Toss bank codes. */
export { bankName } from "../../../src/lib/toss-banks"
