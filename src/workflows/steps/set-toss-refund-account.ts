import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../../modules/toss"
import type { RefundReceiveAccount } from "../../toss/types"

export interface SetRefundAccountInput {
  paymentId: string
  orderId: string
  account: RefundReceiveAccount
}

/** Replaces the payment's refund account: the new one is linked, the old one deleted. */
export const setTossRefundAccountStep = createStep("set-toss-refund-account", async ({ paymentId, account }: SetRefundAccountInput, { container }) => {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["toss_refund_account.id"], filters: { id: paymentId } })
  const previous = (data[0]?.toss_refund_account as { id: string } | null | undefined)?.id
  const created = await module.createTossRefundAccounts({
    bank: account.bank,
    account_number: account.accountNumber,
    holder_name: account.holderName,
  })
  if (previous) {
    await link.dismiss({ [Modules.PAYMENT]: { payment_id: paymentId }, [TOSS_MODULE]: { toss_refund_account_id: previous } })
    await module.deleteTossRefundAccounts(previous)
  }
  await link.create({ [Modules.PAYMENT]: { payment_id: paymentId }, [TOSS_MODULE]: { toss_refund_account_id: created.id } })
  return new StepResponse(created.id)
})
