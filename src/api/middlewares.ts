import { defineMiddlewares, validateAndTransformBody } from "@medusajs/framework/http"
import { TossCompleteSchema } from "./store/toss/complete/validators"
import { AdminTossRefundAccountSchema } from "./admin/toss/payments/[id]/refund-account/validators"
import { tossRefundReason } from "./admin/toss/refund-reason"
import { lockTossPayment } from "./lock-toss-payment"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/toss/complete",
      method: "POST",
      middlewares: [validateAndTransformBody(TossCompleteSchema)],
    },
    {
      matcher: "/admin/toss/payments/:id/refund-account",
      method: "POST",
      middlewares: [validateAndTransformBody(AdminTossRefundAccountSchema)],
    },
    {
      // Medusa's own refund route: the operator's note becomes Toss's cancelReason.
      matcher: "/admin/payments/:id/refund",
      method: "POST",
      middlewares: [lockTossPayment, tossRefundReason],
    },
  ],
})
