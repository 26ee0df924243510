import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { acquireLockStep, releaseLockStep } from "@medusajs/core-flows"
import { createStep, createWorkflow, StepResponse, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import type { RefundReceiveAccount } from "../toss/types"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "../lib/toss-payment-lock"

/** The refund account kept for a Medusa payment, as Toss's `refundReceiveAccount` wants it. */
export async function retrieveRefundAccount(container: MedusaContainer, paymentId: string): Promise<RefundReceiveAccount | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["toss_refund_account.*"], filters: { id: paymentId } })
  const account = data[0]?.toss_refund_account as { bank: string; account_number: string; holder_name: string } | null | undefined
  return account ? { bank: account.bank, accountNumber: account.account_number, holderName: account.holder_name } : null
}

export interface SetRefundAccountInput {
  paymentId: string
  orderId: string
  account: RefundReceiveAccount
}

/** Replaces the payment's refund account: the new one is linked, the old one deleted. */
const setRefundAccountStep = createStep("set-toss-refund-account", async ({ paymentId, account }: SetRefundAccountInput, { container }) => {
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

/** Under the payment's lock: a refund in progress reads the account before or after, never half. */
export const setTossRefundAccountWorkflow = createWorkflow("set-toss-refund-account", (input: WorkflowData<SetRefundAccountInput>) => {
  const key = transform({ input }, ({ input }) => tossPaymentLockKey(input.orderId))
  acquireLockStep({ key, ...TOSS_PAYMENT_LOCK })
  const id = setRefundAccountStep(input)
  releaseLockStep({ key })
  return new WorkflowResponse(id)
})
