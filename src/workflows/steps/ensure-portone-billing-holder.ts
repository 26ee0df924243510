import type { AccountHolderDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { portOneBillingAccount } from "../../lib/portone-saved-cards"
import { portOneCustomerIdOf } from "../../providers/portone/saved-cards"

export interface EnsurePortOneBillingHolderInput {
  customer_id: string
  /** The PortOne registration (`pp_portone_<id>`) the customer saves cards with. */
  provider_id: string
}

type Holder = Pick<AccountHolderDTO, "id" | "provider_id" | "external_id" | "data">

/**
 * The customer's PortOne account holder, linked to the customer: the linked
 * one, else one that exists unlinked (Medusa drops the link in some failed
 * session creations, medusa#15593; the customer id is the same for the
 * same customer, so it is found again), else a new one.
 */
export const ensurePortOneBillingHolderStep = createStep(
  "ensure-portone-billing-holder",
  async ({ customer_id, provider_id }: EnsurePortOneBillingHolderInput, { container }) => {
    const { options } = portOneBillingAccount(container, provider_id)
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [customer],
    } = await query.graph({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "company_name", "phone", "account_holders.id", "account_holders.provider_id", "account_holders.external_id", "account_holders.data"],
      filters: { id: customer_id },
    })
    if (!customer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${customer_id} was not found.`)
    }
    const linked = (customer.account_holders ?? []).find((holder: Holder | null) => holder?.provider_id === provider_id)
    if (linked) {
      return new StepResponse<Holder>(linked)
    }
    const { data: unlinked } = await query.graph({
      entity: "account_holder",
      fields: ["id", "provider_id", "external_id", "data"],
      filters: { provider_id, external_id: portOneCustomerIdOf(options.apiSecret, customer.id) },
    })
    let holder: Holder = unlinked[0]
    holder ??= await container.resolve(Modules.PAYMENT).createAccountHolder({
      provider_id,
      context: { customer: { id: customer.id, email: customer.email, first_name: customer.first_name, last_name: customer.last_name, company_name: customer.company_name, phone: customer.phone } },
    })
    await container.resolve(ContainerRegistrationKeys.LINK).create({
      [Modules.CUSTOMER]: { customer_id: customer.id },
      [Modules.PAYMENT]: { account_holder_id: holder.id },
    })
    return new StepResponse<Holder>(holder)
  }
)
