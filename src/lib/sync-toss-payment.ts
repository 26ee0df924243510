import { cancelOrderWorkflow, processPaymentWorkflow, refundPaymentWorkflow } from "@medusajs/core-flows"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { TossPayment } from "../toss/types"
import { TossSessionData, toPaymentView } from "../providers/toss/session-data"
import { updatePaymentData } from "./payment-data"
import { TOSS_PROVIDER_ID, tossClient, tossOptions } from "./toss-config"
import { keysFor, TossIntegration } from "../providers/toss/options"

/** What a sync did, for logs and tests. */
export type SyncOutcome =
  | "unknown-payment" // Toss has no such payment for our keys
  | "not-ours" // another shop on the same Toss account
  | "up-to-date"
  | "captured" // a payment Toss took is now captured in Medusa
  | "refunds-mirrored" // cancels made outside Medusa are now Medusa refunds
  | "canceled" // Toss will never take this payment (cancelled, expired, refused): session and order cancelled
  | "deposit-reversed" // the bank reversed a deposit after Medusa captured it

/** Locks one payment (or, before there is one, its session) against concurrent syncs and refunds. */
export function paymentLockKey(id: string): string {
  return `toss-payment:${id}`
}

interface SessionRow {
  id: string
  status: string
  amount: number
  currency_code: string
  data: TossSessionData
  payment_collection: { id: string; order?: { id: string; status: string } | null } | null
  payment: { id: string; data: TossSessionData; captured_at: string | null; canceled_at: string | null } | null
}

/**
 * Brings Medusa in line with what Toss knows about one payment. The webhook
 * subscriber calls it for every Toss event (for what Medusa's own webhook
 * handling ignores: cancels, expiry, deposit reversals), and the
 * reconciliation job for payments whose webhook may never have come (then
 * `capture` is true, and a payment Toss took is captured here too).
 *
 * Everything is decided on Toss's answer to a lookup with the secret key;
 * `ref` only says which payment to ask about.
 */
export async function syncTossPayment(
  container: MedusaContainer,
  ref: { paymentKey?: string | null; orderId?: string | null },
  { capture = false }: { capture?: boolean } = {}
): Promise<SyncOutcome> {
  const payment = await lookupAnywhere(container, ref)
  if (!payment) {
    return "unknown-payment"
  }
  const session = await findSession(container, payment.orderId)
  if (!session) {
    return "not-ours"
  }
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(
    paymentLockKey(session.payment?.id ?? session.id),
    async () => {
      // Read again under the lock: a refund may have just finished.
      const current = (await findSession(container, payment.orderId))!
      return current.payment
        ? syncCapturedPayment(container, current, payment)
        : syncUnpaidSession(container, current, payment, capture)
    },
    { timeout: 30 }
  )
}

async function syncCapturedPayment(container: MedusaContainer, session: SessionRow, payment: TossPayment): Promise<SyncOutcome> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const medusaPayment = session.payment!
  const known = new Set(medusaPayment.data.refundTransactionKeys ?? [])
  const unrecorded = (payment.cancels ?? []).filter((cancel) => !known.has(cancel.transactionKey))

  for (const cancel of unrecorded) {
    // The provider records a refund carrying this marker without asking Toss
    // to cancel again (see TossPaymentProviderService.refundPayment).
    await updatePaymentData(container, medusaPayment.id, {
      mirroredCancel: { transactionKey: cancel.transactionKey, cancelAmount: cancel.cancelAmount },
    })
    try {
      await refundPaymentWorkflow(container).run({
        input: {
          payment_id: medusaPayment.id,
          amount: cancel.cancelAmount,
          note: `Toss에서 취소됨 (cancelled at Toss): ${cancel.cancelReason}`.slice(0, 255),
        },
      })
    } catch (error) {
      await updatePaymentData(container, medusaPayment.id, { mirroredCancel: null })
      logger.error(
        `Toss cancel ${cancel.transactionKey} of ${cancel.cancelAmount} KRW on payment ${medusaPayment.id} could not be recorded as a Medusa refund: ${(error as Error).message}`
      )
      throw error
    }
  }

  const view = toPaymentView(payment)
  // Repeated deliveries about an unchanged payment write nothing.
  if (unrecorded.length || JSON.stringify(view) !== JSON.stringify(medusaPayment.data.payment)) {
    await updatePaymentData(container, medusaPayment.id, { status: payment.status, payment: view })
  }
  if (payment.status === "WAITING_FOR_DEPOSIT") {
    logger.warn(
      `The deposit into the virtual account of Toss payment ${payment.paymentKey} (Medusa payment ${medusaPayment.id}) was reversed by the bank; Toss waits for a new deposit.`
    )
    return "deposit-reversed"
  }
  return unrecorded.length ? "refunds-mirrored" : "up-to-date"
}

async function syncUnpaidSession(
  container: MedusaContainer,
  session: SessionRow,
  payment: TossPayment,
  capture: boolean
): Promise<SyncOutcome> {
  const paid = payment.status === "DONE" || payment.status === "PARTIAL_CANCELED"
  if (paid) {
    if (!capture) {
      // Medusa's own webhook handling captures it (action `captured`).
      return "up-to-date"
    }
    await processPaymentWorkflow(container).run({
      input: { action: "captured", data: { session_id: session.id, amount: payment.totalAmount } },
    })
    return "captured"
  }

  const gone =
    payment.status === "CANCELED" ||
    payment.status === "EXPIRED" ||
    payment.status === "ABORTED" ||
    (payment.status === "WAITING_FOR_DEPOSIT" && payment.virtualAccount?.expired === true)
  if (!gone || session.status === PaymentSessionStatus.CANCELED) {
    return "up-to-date"
  }
  // Toss will never take this payment (e.g. an unpaid virtual account that
  // was cancelled or is past its due date): the order must not wait forever.
  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.updatePaymentSession({
    id: session.id,
    data: { ...session.data, status: payment.status, payment: toPaymentView(payment) },
    amount: session.amount,
    currency_code: session.currency_code,
    status: PaymentSessionStatus.CANCELED,
  })
  const order = session.payment_collection?.order
  if (order && order.status !== "canceled") {
    await cancelOrderWorkflow(container).run({ input: { order_id: order.id, no_notification: false } })
  }
  return "canceled"
}

async function findSession(container: MedusaContainer, sessionId: string): Promise<SessionRow | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "payment_session",
    fields: [
      "id",
      "status",
      "amount",
      "currency_code",
      "data",
      "provider_id",
      "payment_collection.id",
      "payment_collection.order.id",
      "payment_collection.order.status",
      "payment.id",
      "payment.data",
      "payment.captured_at",
      "payment.canceled_at",
    ],
    filters: { id: sessionId, provider_id: TOSS_PROVIDER_ID },
  })
  return (data[0] as unknown as SessionRow) ?? null
}

/** The payment as Toss has it, asked with each configured key pair; null when none knows it. */
async function lookupAnywhere(
  container: MedusaContainer,
  ref: { paymentKey?: string | null; orderId?: string | null }
): Promise<TossPayment | null> {
  const options = tossOptions(container)
  for (const integration of ["payment", "widget"] as TossIntegration[]) {
    const payment = keysFor(options, integration) ? await tossClient(container, integration).findPayment(ref) : null
    if (payment) {
      return payment
    }
  }
  return null
}
