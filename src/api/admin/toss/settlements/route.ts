import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"
import type { AdminTossSettlementsResponse } from "../desk-types"

/** `GET /admin/toss/settlements`: Toss's fees and payouts per month, for the Toss page. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossSettlementsResponse>) => {
  res.json({ months: await req.scope.resolve<TossModuleService>(TOSS_MODULE).settlementMonths(12) })
}
