import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { OperatorReport, reportToOperator } from "../../lib/report-to-operator"

/** Something only the store operator can settle (the Toss panel shows it too). */
export const tellOperatorStep = createStep("tell-operator", async (report: OperatorReport, { container }) => {
  reportToOperator(container.resolve<Logger>(ContainerRegistrationKeys.LOGGER), report)
  return new StepResponse(report.message)
})
