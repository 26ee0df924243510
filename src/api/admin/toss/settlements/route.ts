import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TOSS_MODULE, TossModuleService } from "../../../../modules/toss"
import type { TossSettlementMonth } from "../../../../modules/toss/service"

export interface AdminTossSettlementsResponse {
  /** The last 12 months with settlements, newest first. */
  months: TossSettlementMonth[]
}

/** `GET /admin/toss/settlements`: Toss's fees and payouts per month, for the Toss page. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminTossSettlementsResponse>) => {
  res.json({ months: await req.scope.resolve<TossModuleService>(TOSS_MODULE).settlementMonths(12) })
}
