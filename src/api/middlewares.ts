import { defineMiddlewares, validateAndTransformBody } from "@medusajs/framework/http"
import { TossCompleteSchema } from "./store/toss/complete/validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/store/toss/complete",
      method: "POST",
      middlewares: [validateAndTransformBody(TossCompleteSchema)],
    },
  ],
})
