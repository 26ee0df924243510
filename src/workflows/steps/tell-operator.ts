import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Something only the store operator can settle: an error line in Medusa's log (the Toss panel shows it too). */
export const tellOperatorStep = createStep("tell-operator", async (message: string, { container }) => {
  container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(`medusa-payment-toss: ${message}`)
  return new StepResponse(message)
})
