import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { AccountHolderDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../lib/toss-config"

export type TossAccountHolder = Pick<AccountHolderDTO, "id" | "provider_id" | "data"> & { data: { customerKey: string } }

/**
 * The account holder of the route's `:id`, if it is the logged-in
 * customer's Toss holder; 404 otherwise (another customer's holder is
 * answered exactly like one that does not exist).
 */
export async function ownAccountHolder(req: AuthenticatedMedusaRequest): Promise<TossAccountHolder> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["account_holders.id", "account_holders.provider_id", "account_holders.data"],
    filters: { id: req.auth_context.actor_id },
  })
  const holder = (data[0]?.account_holders ?? []).find(
    (candidate: TossAccountHolder | null) => candidate?.id === req.params.id && isTossProviderId(candidate.provider_id)
  )
  if (!holder?.data?.customerKey) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Account holder ${req.params.id} was not found.`)
  }
  return holder
}
