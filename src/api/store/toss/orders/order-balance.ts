import type { AuthenticatedMedusaRequest, MedusaRequest } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys, MedusaError, PaymentCollectionStatus } from "@medusajs/framework/utils"
import { isTossProviderId } from "../../../../lib/toss-config"
import type { TossSessionData } from "../../../../providers/toss/session-data"
import { cartSessionData, SESSION_DATA_FIELDS } from "../../toss-cart-session-data"

export interface BalanceSession {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  data: TossSessionData
}

export interface BalanceCollection {
  id: string
  status: string
  amount: unknown
  payment_sessions: (BalanceSession | null)[]
}

/** An order as the balance routes read it: who may pay, what is due, and for what. */
export interface OrderBalance {
  id: string
  /** What the order still waits for, in whole won (Medusa's `summary.pending_difference`). */
  pendingDifference: number
  /** The order's collection for that amount (status not_paid or awaiting), if Medusa opened one. */
  collection: BalanceCollection | null
  /** Every collection of the order, to recognise a session paid already. */
  collections: BalanceCollection[]
  /** The tax-free (면세) part of the order's items and shipping now, and its items for escrow. */
  taxFree: number
  escrowProducts?: ReturnType<typeof cartSessionData>["escrowProducts"]
  /** The tax-free part of what Toss holds for the order (its payments' balances). */
  taxFreePaid: number
  /** The Toss account the order was paid with, if it was (its first Toss payment's `provider_id`). */
  tossProviderId: string | null
}

const won = (amount: unknown) => Math.round(new BigNumber((amount ?? 0) as number).numeric)

/**
 * The order `req.params.id`, if the caller may pay its balance. Medusa
 * itself lets anyone holding an order's id read it (`GET
 * /store/orders/:id`: the id is the key), so a guest order's balance is
 * paid with its id alone; an order of a registered customer only by that
 * customer, logged in. Anyone else gets the 404 of an order that does not
 * exist.
 */
export async function readOrderBalance(req: MedusaRequest, { escrow }: { escrow: boolean }): Promise<OrderBalance> {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const orderId = req.params.id
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "status",
      "customer_id",
      "customer.has_account",
      "summary",
      ...SESSION_DATA_FIELDS,
      "payment_collections.id",
      "payment_collections.status",
      "payment_collections.amount",
      "payment_collections.payment_sessions.id",
      "payment_collections.payment_sessions.provider_id",
      "payment_collections.payment_sessions.status",
      "payment_collections.payment_sessions.amount",
      "payment_collections.payment_sessions.currency_code",
      "payment_collections.payment_sessions.data",
      "payment_collections.payments.provider_id",
      "payment_collections.payments.captured_at",
      "payment_collections.payments.data",
    ],
    filters: { id: orderId },
  })
  const customerId = (req as Partial<AuthenticatedMedusaRequest>).auth_context?.actor_id
  const registered = Boolean(order?.customer?.has_account)
  if (!order || (registered && order.customer_id !== customerId)) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      order ? `Order ${orderId} was not found. If it is yours, log in to pay its balance.` : `Order ${orderId} was not found.`
    )
  }
  if (order.status === "canceled") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This order was cancelled: there is nothing to pay.")
  }
  const collections = (order.payment_collections ?? []).filter(Boolean) as unknown as (BalanceCollection & {
    payments?: ({ provider_id: string; captured_at: unknown; data: TossSessionData } | null)[]
  })[]
  const open = collections.filter(
    (collection) => collection.status === PaymentCollectionStatus.NOT_PAID || collection.status === PaymentCollectionStatus.AWAITING
  )
  const tossPayments = collections
    .flatMap((collection) => collection.payments ?? [])
    .filter((payment) => !!payment && isTossProviderId(payment.provider_id) && payment.captured_at)
  const taxFreePaid = tossPayments.reduce((sum, payment) => sum + (payment!.data?.payment?.taxFreeAmount ?? 0), 0)
  const computed = cartSessionData(order as Parameters<typeof cartSessionData>[0], { escrow })
  return {
    id: order.id,
    pendingDifference: won(order.summary?.pending_difference),
    collection: open.length === 1 ? open[0] : null,
    collections,
    taxFree: computed.taxFreeAmount,
    escrowProducts: computed.escrowProducts,
    taxFreePaid,
    tossProviderId: tossPayments[0]?.provider_id ?? null,
  }
}

/**
 * The tax-free share of the balance: what the order's tax-free lines come
 * to now, less the tax-free part Toss already holds for it, within the
 * balance. (Payments of other providers count as taxed.)
 */
export function balanceTaxFree(balance: Pick<OrderBalance, "taxFree" | "taxFreePaid">, amount: number): number {
  return Math.min(Math.max(balance.taxFree - balance.taxFreePaid, 0), amount)
}

/** The collection the balance is paid into; a 400 that says why when there is nothing to pay. */
export function dueCollection(balance: OrderBalance): BalanceCollection {
  if (balance.pendingDifference <= 0) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This order has nothing left to pay.")
  }
  const collection = balance.collection
  if (!collection || won(collection.amount) !== balance.pendingDifference) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `This order's balance of ${balance.pendingDifference} KRW has no payment request yet. The store opens one when it confirms the change to the order; please try again later.`
    )
  }
  return collection
}
