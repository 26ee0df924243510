import { authenticate, defineMiddlewares, validateAndTransformBody } from "@medusajs/framework/http"
import { TossCompleteSchema } from "./store/toss/complete/validators"
import { TossBillingCompleteSchema, TossSaveCardSchema } from "./store/toss/billing/validators"
import { refuseSessionsAfterOrder } from "./store/payment-sessions-guard"
import { guardTossSavedCards } from "./store/toss-saved-card-guard"
import { refuseUnstorableText } from "./store/unstorable-text"
import { addTossCartSessionData } from "./store/toss-cart-session-data"
import { AdminTossRefundAccountSchema } from "./admin/toss/payments/[id]/refund-account/validators"
import { AdminTossCashReceiptSchema } from "./admin/toss/payments/[id]/cash-receipts/validators"
import { refundThroughToss } from "./admin/toss/refund-through-toss"
import { askTossBeforeMarkingPaid } from "./admin/toss/mark-paid-after-toss"
import { refuseTossSessionsForOrders } from "./store/toss/orders/balance-session-guard"
import { TossOrderCompleteSchema, TossOrderSessionSchema } from "./store/toss/orders/validators"
import { AdminTossOrderRefundSchema } from "./admin/toss/orders/[id]/refunds/validators"
import { AdminPortOneRefundSchema } from "./admin/portone/payments/[id]/refunds/validators"
import { AdminPortOneEscrowLogisticsSchema } from "./admin/portone/escrow"
import { AdminPortOneCashReceiptSchema } from "./admin/portone/payments/[id]/cash-receipt/validators"
import { stampWebhookArrival } from "../lib/webhook-arrival"
import { PortOneCompleteSchema } from "./store/portone/complete/validators"
import { addPortOneCartSessionData } from "./store/portone/cart-session-data"
import { PortOneAccountHolderSchema, PortOneBillingCompleteSchema, PortOneSaveCardSchema } from "./store/portone/billing/validators"
import { ensurePortOneHolderForSession } from "./store/portone/billing/holder-guard"
import { trackPortOneSessions } from "./store/portone/track-sessions"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/toss/complete",
      method: "POST",
      // The login, when there is one: an order's balance is its registered customer's to pay.
      middlewares: [
        authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
        refuseUnstorableText,
        validateAndTransformBody(TossCompleteSchema),
      ],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: "POST",
      middlewares: [refuseUnstorableText, refuseSessionsAfterOrder, guardTossSavedCards, addTossCartSessionData, addPortOneCartSessionData, ensurePortOneHolderForSession, trackPortOneSessions],
    },
    {
      matcher: "/store/portone/complete",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(PortOneCompleteSchema)],
    },
    {
      // Saved cards are a logged-in customer's own.
      matcher: "/store/toss/billing*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/store/toss/billing/account-holders/:id/payment-methods",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(TossSaveCardSchema)],
    },
    {
      matcher: "/store/toss/billing/complete",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(TossBillingCompleteSchema)],
    },
    {
      // PortOne saved cards, likewise.
      matcher: "/store/portone/billing*",
      middlewares: [authenticate("customer", ["session", "bearer"])],
    },
    {
      matcher: "/store/portone/billing/account-holders",
      method: "POST",
      middlewares: [validateAndTransformBody(PortOneAccountHolderSchema)],
    },
    {
      matcher: "/store/portone/billing/account-holders/:id/payment-methods",
      method: "POST",
      middlewares: [validateAndTransformBody(PortOneSaveCardSchema)],
    },
    {
      matcher: "/store/portone/billing/complete",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(PortOneBillingCompleteSchema)],
    },
    {
      matcher: "/admin/toss/payments/:id/refund-account",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminTossRefundAccountSchema)],
    },
    {
      matcher: "/admin/toss/payments/:id/cash-receipts",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminTossCashReceiptSchema)],
    },
    {
      // An order's balance: its registered customer, logged in, or anyone with a guest order's id (see order-balance.ts).
      matcher: "/store/toss/orders*",
      middlewares: [authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })],
    },
    {
      matcher: "/store/toss/orders/:id/payment-sessions",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(TossOrderSessionSchema)],
    },
    {
      matcher: "/store/toss/orders/:id/complete",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(TossOrderCompleteSchema)],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: "POST",
      middlewares: [refuseTossSessionsForOrders],
    },
    {
      matcher: "/admin/toss/orders/:id/refunds",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminTossOrderRefundSchema)],
    },
    {
      matcher: "/admin/portone/payments/:id/refunds",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminPortOneRefundSchema)],
    },
    {
      matcher: "/admin/portone/payments/:id/escrow/logistics",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminPortOneEscrowLogisticsSchema)],
    },
    {
      matcher: "/admin/portone/payments/:id/cash-receipt",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminPortOneCashReceiptSchema)],
    },
    {
      // Medusa's own refund route: a Toss payment is refunded through the plugin's workflow.
      matcher: "/admin/payments/:id/refund",
      method: "POST",
      middlewares: [refundThroughToss],
    },
    {
      // Medusa's own "mark as paid" of an outstanding amount (medusajs/medusa#16727): Toss is asked first.
      matcher: "/admin/payment-collections/:id/mark-as-paid",
      method: "POST",
      middlewares: [askTossBeforeMarkingPaid],
    },
    {
      // Medusa's webhook route: the delivery's arrival goes with the event to the worker that handles it.
      matcher: "/hooks/payment/:provider",
      method: "POST",
      middlewares: [stampWebhookArrival],
    },
  ],
})
