/**
 * Paying what an order still owes after it was changed (an order edit, an
 * exchange, a claim): Toss's window for the order's balance. A separate
 * entry, so a storefront that only takes checkouts does not load it. The
 * checkout's `handleSuccess` (or `completeTossPayment`) turns Toss's
 * redirect into the paid order, as for a cart (with the customer's login
 * for a registered customer's order).
 */
import { describeFailure, TossCheckoutError, type RequestPaymentOptions, type TossCheckout } from "./index"
import type { CheckoutCart, CheckoutPaymentSession, MedusaStoreSdk } from "./index"

// What the window needs from the order: the shopper's name, e-mail and phone.
const ORDER_FIELDS = "id,display_id,email,total,currency_code,*billing_address,*shipping_address"

export interface RequestOrderPaymentOptions {
  /** From `createTossCheckout`, with the success and fail URLs of the order's page. */
  checkout: TossCheckout
  /** The same js-sdk instance. */
  sdk: MedusaStoreSdk
  /** The order whose balance is paid; a registered customer's order needs their login (`headers`), a guest order only its id. */
  orderId: string
}

/**
 * Opens the order's balance session (`POST /store/toss/orders/:id/payment-sessions`:
 * the amount and tax-free share are the server's), then Toss's window for it.
 * Toss comes back to the checkout's successUrl, where `handleSuccess`
 * (`POST /store/toss/complete`) pays the balance: Toss's orderId names the order.
 */
export async function requestOrderPayment({ checkout, sdk, orderId, ...request }: RequestOrderPaymentOptions & RequestPaymentOptions): Promise<void> {
  const path = `/store/orders/${encodeURIComponent(orderId)}`
  let order: CheckoutCart & { display_id?: number | null }
  let session: CheckoutPaymentSession | undefined
  try {
    ;({ order } = await sdk.client.fetch<{ order: typeof order }>(path, { query: { fields: ORDER_FIELDS }, headers: request.headers }))
    const { payment_collection } = await sdk.client.fetch<{ payment_collection: { payment_sessions?: CheckoutPaymentSession[] | null } }>(
      `/store/toss/orders/${encodeURIComponent(orderId)}/payment-sessions`,
      {
        method: "POST",
        body: {
          provider_id: checkout.providerId,
          data: {
            // Toss opens easy pay through its CARD window.
            method: request.method === "EASY_PAY" ? "CARD" : request.method,
            orderName: order.display_id ? `주문 #${order.display_id} 차액 결제` : "주문 차액 결제",
            ...(request.virtualAccount ?? {}),
            ...(request.useEscrow !== undefined && { useEscrow: request.useEscrow }),
            ...(request.card?.maxCardInstallmentPlan !== undefined && { maxCardInstallmentPlan: request.card.maxCardInstallmentPlan }),
          },
        },
        headers: request.headers,
      }
    )
    session = payment_collection.payment_sessions?.find((candidate) => candidate.provider_id === checkout.providerId)
  } catch (error) {
    const status = (error as { status?: number }).status
    // The store's reason (nothing left to pay, a virtual account waiting) is for the shopper; a 404 is an order they may not pay.
    const message = status && status < 500 ? (error as Error).message : undefined
    const failure = describeFailure({ code: "PAYMENT_PREPARATION_FAILED" })
    throw new TossCheckoutError(message ? { ...failure, message, messageEn: message } : failure, { cause: error })
  }
  const { orderId: tossOrderId, amount, orderName, clientKey } = session?.data ?? {}
  if (!session || typeof tossOrderId !== "string" || typeof amount !== "number" || typeof orderName !== "string" || typeof clientKey !== "string") {
    throw new TossCheckoutError(describeFailure({ code: "PAYMENT_PREPARATION_FAILED" }))
  }
  await checkout.openPayment({ cart: order, session, orderId: tossOrderId, amount, orderName, clientKey }, request)
}
