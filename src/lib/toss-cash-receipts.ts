import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import { meaningOf } from "../providers/toss/const"
import type { TossIntegration } from "../providers/toss/options"
import { TossApiError } from "../toss/errors"
import { tossIdempotencyKey } from "../toss/idempotency-key"
import type { TossIssuedCashReceipt } from "../toss/types"
import { tossPaymentLockKey, TOSS_PAYMENT_LOCK } from "./toss-payment-lock"
import { tossClient } from "./toss-config"

/**
 * Cash receipts (현금영수증) the operator issues and cancels from the order's
 * Toss panel. Plain functions under the payment's lock (Medusa's Locking
 * Module), not workflows: a workflow's input is kept by the workflow
 * engine, and the shopper's identity number must be kept nowhere.
 */

/** Runs `job` holding the payment's lock, as the sync and refunds do. */
function underPaymentLock<T>(container: MedusaContainer, orderId: string, job: () => Promise<T>): Promise<T> {
  return container.resolve(Modules.LOCKING).execute(tossPaymentLockKey(orderId), job, { timeout: TOSS_PAYMENT_LOCK.timeout })
}

/** The methods a shopper pays in cash with: a cash receipt is theirs to ask for. */
const CASH_METHODS = ["계좌이체", "가상계좌"]

export interface IssueTossCashReceiptInput {
  paymentId: string
  /** Toss's orderId. */
  orderId: string
  /** The Toss registration the payment was made with. */
  providerId: string
  paymentKey: string
  integration: TossIntegration
  type: "소득공제" | "지출증빙"
  customerIdentityNumber: string
}

/** Toss's refusal or silence, as a 4xx the operator can act on. */
function refused(error: unknown, what: string): never {
  if (error instanceof TossApiError) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss did not ${what}: ${error.message} (${error.code}). Nothing was recorded; trying again is safe.`)
  }
  throw error
}

/**
 * Issues a cash receipt for what Toss still holds of a paid transfer or
 * virtual account, with its tax-free share, once: a payment whose window
 * already issued one, or that has one in force, is refused. The identity
 * number goes to Toss only.
 */
export function issueTossCashReceipt(container: MedusaContainer, input: IssueTossCashReceiptInput): Promise<string> {
  return underPaymentLock(container, input.orderId, () => issue(container, input))
}

async function issue(container: MedusaContainer, input: IssueTossCashReceiptInput): Promise<string> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const client = tossClient(container, input.providerId, input.integration)
  const payment = await client.getPayment(input.paymentKey).catch((error) => refused(error, "answer the lookup of this payment"))
  if (!payment.method || !CASH_METHODS.includes(payment.method)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "A cash receipt is for a transfer (계좌이체) or virtual-account (가상계좌) payment; this payment was made otherwise.")
  }
  if (!meaningOf(payment).paid) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `A cash receipt is issued for a paid payment; Toss shows this one as ${payment.status}.`)
  }
  if (payment.cashReceipt) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "The shopper already got a cash receipt in the payment window; Toss keeps it in step with refunds.")
  }
  const earlier = await module.listTossCashReceipts({ payment_id: input.paymentId }, { select: ["id", "canceled_at"] })
  if (earlier.some((receipt) => !receipt.canceled_at)) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment has a cash receipt in force; cancel it first to issue another.")
  }
  // Toss's taxFreeAmount is already what is left after the cancels (as `cancelTaxFree` reads it).
  const taxFreeAmount = Math.min(payment.balanceAmount, Math.max(0, payment.taxFreeAmount ?? 0))
  let receipt: TossIssuedCashReceipt
  try {
    // One key per receipt of this payment: a lost answer is replayed, never issued twice.
    receipt = await client.issueCashReceipt(
      {
        amount: payment.balanceAmount,
        orderId: input.orderId,
        orderName: payment.orderName,
        customerIdentityNumber: input.customerIdentityNumber,
        type: input.type,
        ...(taxFreeAmount ? { taxFreeAmount } : {}),
      },
      tossIdempotencyKey.cashReceipt(input.paymentId, earlier.length)
    )
  } catch (error) {
    refused(error, "issue the cash receipt")
  }
  if (receipt.issueStatus === "FAILED") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss could not issue the cash receipt: ${receipt.failure?.message ?? "no reason given"}.`)
  }
  const row = await module.createTossCashReceipts({
    receipt_key: receipt.receiptKey,
    payment_id: input.paymentId,
    payment_session_id: input.orderId,
    type: receipt.type,
    amount: receipt.amount,
    tax_free_amount: receipt.taxFreeAmount ?? 0,
    issue_number: receipt.issueNumber,
    receipt_url: receipt.receiptUrl,
  })
  return row.id
}

export interface CancelTossCashReceiptInput {
  paymentId: string
  /** Toss's orderId. */
  orderId: string
  providerId: string
  receiptKey: string
  integration: TossIntegration
}

/** Cancels a cash receipt the operator issued for this payment, in full. */
export function cancelTossCashReceipt(container: MedusaContainer, input: CancelTossCashReceiptInput): Promise<string> {
  return underPaymentLock(container, input.orderId, () => cancel(container, input))
}

async function cancel(container: MedusaContainer, input: CancelTossCashReceiptInput): Promise<string> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const [row] = await module.listTossCashReceipts({ payment_id: input.paymentId, receipt_key: input.receiptKey })
  if (!row) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cash receipt ${input.receiptKey} was not issued for payment ${input.paymentId}.`)
  }
  if (row.canceled_at) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This cash receipt is already cancelled.")
  }
  try {
    await tossClient(container, input.providerId, input.integration).cancelCashReceipt(row.receipt_key, tossIdempotencyKey.cashReceiptCancel(row.receipt_key))
  } catch (error) {
    // Cancelled before (by an attempt whose answer was lost): what we meant is done.
    if (!(error instanceof TossApiError && error.code === "ALREADY_CANCELED_CASH_RECEIPT")) {
      refused(error, "cancel the cash receipt")
    }
  }
  await module.updateTossCashReceipts({ id: row.id, canceled_at: new Date() })
  return row.id
}
