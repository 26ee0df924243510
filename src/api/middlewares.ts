import { defineMiddlewares, validateAndTransformBody } from "@medusajs/framework/http"
import { TossCompleteSchema } from "./store/toss/complete/validators"
import { refuseSessionsAfterOrder } from "./store/payment-sessions-guard"
import { refuseUnstorableText } from "./store/unstorable-text"
import { addTossCartSessionData } from "./store/toss-cart-session-data"
import { AdminTossRefundAccountSchema } from "./admin/toss/payments/[id]/refund-account/validators"
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
      middlewares: [refuseUnstorableText, refuseSessionsAfterOrder, addTossCartSessionData],
    },
    {
      matcher: "/admin/toss/payments/:id/refund-account",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminTossRefundAccountSchema)],
    },
    {
      // Medusa's own refund route: a Toss payment is refunded through the plugin's workflow.
      matcher: "/admin/payments/:id/refund",
      method: "POST",
      middlewares: [refundThroughToss],
    },
  ],
})
