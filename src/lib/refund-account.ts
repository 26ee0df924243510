import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { RefundReceiveAccount } from "../toss/types"

/** The refund account kept for a Medusa payment, as Toss's `refundReceiveAccount` wants it. */
export async function retrieveRefundAccount(container: MedusaContainer, paymentId: string): Promise<RefundReceiveAccount | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "payment", fields: ["toss_refund_account.*"], filters: { id: paymentId } })
  const account = data[0]?.toss_refund_account as { bank: string; account_number: string; holder_name: string } | null | undefined
  return account ? { bank: account.bank, accountNumber: account.account_number, holderName: account.holder_name } : null
}
