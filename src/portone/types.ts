/**
 * PortOne V2's shapes, taken from `@portone/server-sdk` (its types are the
 * reference where PortOne's prose differs, see docs/portone-notes.md). The
 * inputs are the SDK's own method parameters, so a field PortOne adds to
 * the SDK reaches this client without a copy to update.
 */
// The SDK declares its types as ESM only (its CommonJS build has none of
// its own), so this CommonJS project reads them in import mode.
import type { PaymentClient } from "@portone/server-sdk/payment" with { "resolution-mode": "import" }
import type { BillingKeyClient } from "@portone/server-sdk/payment/billingKey" with { "resolution-mode": "import" }
import type { CashReceiptClient } from "@portone/server-sdk/payment/cashReceipt" with { "resolution-mode": "import" }

export type {
  ApplyEscrowLogisticsResponse,
  CancelPaymentResponse,
  CloseVirtualAccountResponse,
  ConfirmEscrowResponse,
  ConfirmedPaymentSummary,
  GetAllPaymentEventsByCursorResponse,
  ModifyEscrowLogisticsResponse,
  Payment,
  PaymentCancellation,
  PaymentEvent,
  PayWithBillingKeyResponse,
  PreRegisterPaymentResponse,
} from "@portone/server-sdk/payment" with { "resolution-mode": "import" }
export type { BillingKeyInfo, DeleteBillingKeyResponse } from "@portone/server-sdk/payment/billingKey" with { "resolution-mode": "import" }
export type { CancelCashReceiptResponse, CashReceipt, IssueCashReceiptResponse } from "@portone/server-sdk/payment/cashReceipt" with { "resolution-mode": "import" }
export type { Currency } from "@portone/server-sdk/common" with { "resolution-mode": "import" }

/** What a call takes, less what travels in the path and the store id the client adds. */
type Input<F extends (options: any) => unknown, Path extends string> = Omit<Parameters<F>[0] & object, Path | "storeId">

export type PreRegisterInput = Input<PaymentClient["preRegisterPayment"], "paymentId">
export type ConfirmInput = Input<PaymentClient["confirmPayment"], "paymentId">
export type CancelInput = Input<PaymentClient["cancelPayment"], "paymentId">
export type BillingKeyPaymentInput = Input<PaymentClient["payWithBillingKey"], "paymentId">
export type DeleteBillingKeyInput = Input<BillingKeyClient["deleteBillingKey"], "billingKey">
export type PaymentEventsQuery = Input<PaymentClient["getAllPaymentEventsByCursor"], never>
export type EscrowLogisticsInput = Input<PaymentClient["applyEscrowLogistics"], "paymentId">
export type ConfirmEscrowInput = Input<PaymentClient["confirmEscrow"], "paymentId">
export type IssueCashReceiptInput = Input<CashReceiptClient["issueCashReceipt"], never>
