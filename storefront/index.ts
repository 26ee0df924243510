/**
 * Toss Payments checkout for Medusa storefronts: opens Toss's payment window or
 * widget for a cart's Toss session (`pp_toss_<id>`, default `pp_toss_toss`), and turns Toss's redirect back
 * into a Medusa order (`POST /store/toss/complete`); saves a logged-in
 * customer's cards and pays with them in one click (Toss billing).
 */
export {
  createTossCheckout,
  isTossProviderId,
  tossSessionData,
  TOSS_PROVIDER_ID,
  type MountWidgetOptions,
  type PreparedPayment,
  type PreparePaymentOptions,
  type RequestPaymentOptions,
  type TossCheckout,
  type TossCheckoutOptions,
  type TossSessionOptions,
  type TossWidget,
} from "./checkout"
export type { SaveCardOptions, SavedCard, TossBillingCheckout } from "./billing"
export { completeTossPayment, type CompleteTossPaymentOptions, type TossCompletion } from "./complete"
export { describeFailure, TossCheckoutError, type TossFailure } from "./failure"
export { tossLocale, tossMethods, tossSessionMethod, type TossWindowMethod } from "./methods"
export { tossDepositInstructions, type OrderWithPayments, type TossDepositInstructions } from "./virtual-account"
export type { SearchParamsInput } from "./search-params"
export type {
  CheckoutCart,
  CheckoutPaymentSession,
  CompletedOrder,
  MedusaStoreSdk,
  StoreHeaders,
  TossCustomer,
  TossEasyPay,
  TossIntegration,
  TossPaymentMethod,
} from "./types"
