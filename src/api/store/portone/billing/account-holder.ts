import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import type { AccountHolderDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { isPortOneProviderId } from "../../../../lib/portone-provider-id"

export type PortOneAccountHolder = Pick<AccountHolderDTO, "id" | "provider_id" | "data"> & { data: { customerId: string } }

/**
 * The account holder of the route's `:id`, if it is the logged-in
 * customer's PortOne holder; 404 otherwise (another customer's holder is
 * answered exactly like one that does not exist).
 */
export async function ownPortOneAccountHolder(req: AuthenticatedMedusaRequest): Promise<PortOneAccountHolder> {
  const { data } = await req.scope.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "customer",
    fields: ["account_holders.id", "account_holders.provider_id", "account_holders.data"],
    filters: { id: req.auth_context.actor_id },
  })
  const holder = (data[0]?.account_holders ?? []).find(
    (candidate: PortOneAccountHolder | null) => candidate?.id === req.params.id && isPortOneProviderId(candidate.provider_id)
  )
  if (!holder?.data?.customerId) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Account holder ${req.params.id} was not found.`)
  }
  return holder
}
