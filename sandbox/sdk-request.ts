/**
 * The browser SDK's requests, typed by the installed
 * @tosspayments/tosspayments-sdk, flattened into the one PaymentRequest the
 * sandbox checks (request.ts). This is where the SDK's own rules live: it
 * honours `card.easyPay` only with `flowMode: "DIRECT"` (with DEFAULT it
 * opens the card window whatever easyPay says), reads `null` as "not set",
 * and knows only the options of the method asked for.
 */
import type { TossPaymentsPayment, TossPaymentsWidgets } from "@tosspayments/tosspayments-sdk"
import { EASY_PAY_PROVIDERS, METHODS, SdkMethod } from "./codes"
import { TossError } from "./errors"
import type { EscrowProduct, FreeInstallmentPlan, PaymentRequest } from "./request"

/** The parameter of every overload of `requestPayment` (the SDK types it as an intersection of eleven). */
type ElevenOverloads<T> = T extends {
  (request: infer A1): unknown
  (request: infer A2): unknown
  (request: infer A3): unknown
  (request: infer A4): unknown
  (request: infer A5): unknown
  (request: infer A6): unknown
  (request: infer A7): unknown
  (request: infer A8): unknown
  (request: infer A9): unknown
  (request: infer A10): unknown
  (request: infer A11): unknown
}
  ? A1 | A2 | A3 | A4 | A5 | A6 | A7 | A8 | A9 | A10 | A11
  : never
type TwoOverloads<T> = T extends { (request: infer A1): unknown; (request: infer A2): unknown } ? A1 | A2 : never

/** What `tossPayments.payment().requestPayment()` takes, per method, with or without redirect URLs. */
export type SdkPaymentRequest = ElevenOverloads<TossPaymentsPayment["requestPayment"]>
/** What `widgets.requestPayment()` takes. */
export type SdkWidgetPaymentRequest = TwoOverloads<TossPaymentsWidgets["requestPayment"]>
/** What `payment().requestBillingAuth()` takes. */
export type SdkBillingAuthRequest = Parameters<TossPaymentsPayment["requestBillingAuth"]>[0]

/** The SDK's options use null for "not set". */
function given<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value
}

type RequestBase = Pick<
  PaymentRequest,
  "orderId" | "orderName" | "customerName" | "customerEmail" | "customerMobilePhone" | "taxFreeAmount"
>

function base(request: Partial<Record<keyof RequestBase, unknown>>): RequestBase {
  return {
    orderId: request.orderId as string,
    orderName: given(request.orderName) as string | undefined,
    customerName: given(request.customerName) as string | undefined,
    customerEmail: given(request.customerEmail) as string | undefined,
    customerMobilePhone: given(request.customerMobilePhone) as string | undefined,
    taxFreeAmount: given(request.taxFreeAmount) as number | undefined,
  }
}

function escrow(options: { useEscrow?: boolean | null; escrowProducts?: unknown } | null | undefined) {
  return {
    useEscrow: given(options?.useEscrow),
    escrowProducts: given(options?.escrowProducts) as EscrowProduct[] | undefined,
  }
}

/** `payment().requestPayment(request)` as the window sees it. */
export function fromPaymentRequest(request: SdkPaymentRequest): PaymentRequest {
  const common = { ...base(request), amount: request.amount?.value, currency: request.amount?.currency }
  switch (request.method) {
    case "CARD": {
      const card = request.card ?? {}
      const direct = card.flowMode === "DIRECT"
      return {
        ...common,
        method: "CARD",
        flowMode: given(card.flowMode),
        cardCompany: given(card.cardCompany),
        easyPay: direct ? given(card.easyPay) : undefined,
        cardInstallmentPlan: given(card.cardInstallmentPlan),
        maxCardInstallmentPlan: given(card.maxCardInstallmentPlan),
        freeInstallmentPlans: given(card.freeInstallmentPlans) as FreeInstallmentPlan[] | undefined,
        taxExemptionAmount: given(card.taxExemptionAmount),
        ...escrow(card),
        language: given(card.language),
        appScheme: given(card.appScheme),
      }
    }
    case "VIRTUAL_ACCOUNT": {
      const account = request.virtualAccount ?? {}
      return {
        ...common,
        method: "VIRTUAL_ACCOUNT",
        taxExemptionAmount: given(account.taxExemptionAmount),
        cashReceiptType: given(account.cashReceipt)?.type,
        ...escrow(account),
        validHours: given(account.validHours),
        dueDate: given(account.dueDate),
        refundReceiveAccount: given(account.refundReceiveAccount),
      }
    }
    case "TRANSFER": {
      const transfer = request.transfer ?? {}
      return {
        ...common,
        method: "TRANSFER",
        taxExemptionAmount: given(transfer.taxExemptionAmount),
        cashReceiptType: given(transfer.cashReceipt)?.type,
        ...escrow(transfer),
      }
    }
    case "MOBILE_PHONE":
    case "CULTURE_GIFT_CERTIFICATE":
    case "BOOK_GIFT_CERTIFICATE":
    case "GAME_GIFT_CERTIFICATE":
      return { ...common, method: request.method }
    default:
      // FOREIGN_EASY_PAY (PayPal) and anything else: not in the sandbox.
      throw new TossError("NOT_SUPPORTED_METHOD")
  }
}

/**
 * `widgets.requestPayment(request)` with the method the shopper selected in
 * the widget (a method code, or an easy pay app, which opens directly), the
 * amount of `setAmount` and the refund account the widget collected.
 */
export function fromWidgetRequest(
  request: SdkWidgetPaymentRequest,
  selected: string,
  amount: { currency?: string; value?: number },
  refundReceiveAccount: PaymentRequest["refundReceiveAccount"]
): PaymentRequest {
  const common = { ...base(request), amount: amount.value as number, currency: amount.currency }
  if (Object.prototype.hasOwnProperty.call(EASY_PAY_PROVIDERS, selected)) {
    return { ...common, method: "CARD", flowMode: "DIRECT", easyPay: selected, appScheme: given(request.card?.appScheme) }
  }
  if (!Object.prototype.hasOwnProperty.call(METHODS, selected)) throw new TossError("NOT_SUPPORTED_METHOD")
  const method = selected as SdkMethod
  switch (method) {
    case "CARD":
      return {
        ...common,
        method,
        taxExemptionAmount: given(request.card?.taxExemptionAmount),
        appScheme: given(request.card?.appScheme),
      }
    case "VIRTUAL_ACCOUNT":
      return {
        ...common,
        method,
        cashReceiptType: given(request.virtualAccount?.cashReceipt)?.type,
        ...escrow(request.virtualAccount),
        refundReceiveAccount,
      }
    case "TRANSFER":
      return { ...common, method, ...escrow(request.transfer) }
    default:
      return { ...common, method }
  }
}
