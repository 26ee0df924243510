// What a store runs itself (`medusa-payment-toss/workflows`): a reconciliation
// on demand, a sync of one payment (Toss's or PortOne's), a refund through
// Toss or PortOne, and the saved-card charge step for subscriptions.
export { reconcileTossPaymentsWorkflow, reconcileTossPaymentsWorkflowId } from "./reconcile-toss-payments"
export type { ReconcileSummary, ReconcileTossPaymentsInput } from "./reconcile-toss-payments"
export { syncTossPaymentWorkflow, syncTossPaymentWorkflowId } from "./sync-toss-payment"
export type { SyncTossPaymentInput } from "./sync-toss-payment"
export { syncPortOnePaymentWorkflow, syncPortOnePaymentWorkflowId } from "./sync-portone-payment"
export type { SyncPortOnePaymentInput } from "./sync-portone-payment"
export { refundTossPaymentWorkflow, refundTossPaymentWorkflowId } from "./refund-toss-payment"
export type { RefundTossPaymentInput, RefundTossPaymentResult } from "./refund-toss-payment"
export { refundPortOnePaymentWorkflow, refundPortOnePaymentWorkflowId } from "./refund-portone-payment"
export type { RefundPortOnePaymentInput, RefundPortOnePaymentResult } from "./refund-portone-payment"
export { authorizeSavedTossCardStep } from "./steps/authorize-saved-toss-card"
