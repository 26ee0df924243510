import type { AccountHolderDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { tossOptions } from "../../lib/toss-config"
import { billingNotEnabled, customerKeyOf } from "../../providers/toss/billing"

export interface EnsureTossAccountHolderInput {
  customer_id: string
  /** The Toss account (`pp_toss_<id>`) the customer saves cards with: a holder, and cards, per account. */
  provider_id: string
}

type Holder = Pick<AccountHolderDTO, "id" | "provider_id" | "external_id" | "data">

/**
 * The customer's Toss account holder, linked to the customer: the linked
 * one, else one that exists unlinked (Medusa drops the link in some failed
 * session creations, issue 15593: the customerKey is the same for the same
 * customer, so it is found again), else a new one. Never a second holder,
 * never "already exists".
 */
export const ensureTossAccountHolderStep = createStep(
  "ensure-toss-account-holder",
  async ({ customer_id, provider_id }: EnsureTossAccountHolderInput, { container }) => {
    const options = tossOptions(container, provider_id)
    if (!options.billing) {
      throw billingNotEnabled()
    }
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
    const customerKey = customerKeyOf(options.secretKey, customer.id)
    const { data: unlinked } = await query.graph({
      entity: "account_holder",
      fields: ["id", "provider_id", "external_id", "data"],
      filters: { provider_id, external_id: customerKey },
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
