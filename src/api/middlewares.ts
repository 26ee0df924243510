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

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/toss/complete",
      method: "POST",
      middlewares: [refuseUnstorableText, validateAndTransformBody(TossCompleteSchema)],
    },
    {
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: "POST",
      middlewares: [refuseUnstorableText, refuseSessionsAfterOrder, guardTossSavedCards, addTossCartSessionData],
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
      // Medusa's own refund route: a Toss payment is refunded through the plugin's workflow.
      matcher: "/admin/payments/:id/refund",
      method: "POST",
      middlewares: [refundThroughToss],
    },
  ],
})
