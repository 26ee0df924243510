import { MedusaError, MedusaService } from "@medusajs/framework/utils"
import { TossBillingKey } from "./models/billing-key"
import { TossLedgerCursor } from "./models/ledger-cursor"
import { TossRefundAccount } from "./models/refund-account"
import { TossTrackedPayment } from "./models/tracked-payment"
import { TossTransaction } from "./models/transaction"

export interface TossTransactionRecord {
  transaction_key: string
  payment_key: string
  order_id: string
  amount: number
}

/**
 * What the plugin must remember beyond Medusa's own payment data: the Toss
 * payments it tracks until they settle, the Toss transactions it has
 * recorded, the shoppers' refund accounts, the customers' saved cards
 * (billing keys) and how far it has read Toss's transaction ledger.
 */
export default class TossModuleService extends MedusaService({
  TossTrackedPayment,
  TossTransaction,
  TossRefundAccount,
  TossLedgerCursor,
  TossBillingKey,
}) {
  /**
   * Records a Toss cancel once: false when it was recorded before (by
   * this process or any other), which the unique transaction key decides.
   */
  async claimTransaction(record: TossTransactionRecord): Promise<boolean> {
    try {
      await this.createTossTransactions(record)
      return true
    } catch (error) {
      if (error instanceof MedusaError && error.type === MedusaError.Types.DUPLICATE_ERROR) {
        return false
      }
      throw error
    }
  }

  /** The transaction keys of these payments' cancels that Medusa has recorded. */
  async recordedTransactionKeys(paymentKeys: string[]): Promise<Set<string>> {
    if (paymentKeys.length === 0) {
      return new Set()
    }
    const rows = await this.listTossTransactions({ payment_key: paymentKeys }, { select: ["transaction_key"] })
    return new Set(rows.map((row) => row.transaction_key))
  }
}
