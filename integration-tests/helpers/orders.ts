import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { TossSandbox } from "../../sandbox"
import { createCart, TestStore } from "./store"
import { completeWithToss, initiateTossSession } from "./toss"

/** An order as the tests look at it: status, its Toss session, payments with captures and refunds. */
export interface OrderRow {
  id: string
  status: string
  session: any
  payments: any[]
}

interface Context {
  api: any
  getContainer: () => MedusaContainer
  sandbox: () => TossSandbox
  store: () => TestStore
  /** The admin's auth headers, for `refund`. */
  admin?: () => { headers: Record<string, string> }
}

/** Checkout shortcuts and database reads shared by the integration specs. */
export function orderHelpers({ api, getContainer, sandbox, store, admin }: Context) {
  const query = () => getContainer().resolve(ContainerRegistrationKeys.QUERY)

  async function orderOfCart(cartId: string): Promise<OrderRow | null> {
    const { data: links } = await query().graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
    if (links.length === 0) {
      return null
    }
    expect(links).toHaveLength(1)
    return orderById(links[0].order_id)
  }

  async function orderById(id: string): Promise<OrderRow> {
    const {
      data: [order],
    } = await query().graph({
      entity: "order",
      fields: [
        "id",
        "status",
        "payment_collections.payment_sessions.*",
        "payment_collections.payments.*",
        "payment_collections.payments.captures.*",
        "payment_collections.payments.refunds.*",
      ],
      filters: { id },
    })
    const collection = order.payment_collections[0]
    return { id: order.id, status: order.status, session: collection.payment_sessions[0], payments: collection.payments }
  }

  async function capturedPayments(cartId: string): Promise<any[]> {
    const order = await orderOfCart(cartId)
    return (order?.payments ?? []).filter((payment) => payment.captures.length > 0)
  }

  /** A cart paid through Toss and completed; the sandbox log is cleared afterwards. */
  async function paidOrder(amount: number, method: "CARD" | "MOBILE_PHONE" = "CARD") {
    const cartId = await createCart(getContainer(), store(), { amount })
    const session = await initiateTossSession(api, store(), cartId, { method })
    const paid = sandbox().authenticate({ orderId: session.data.orderId, amount, method })
    const completed = await completeWithToss(api, store(), { cart_id: cartId, ...paid })
    expect(completed.data.type).toBe("order")
    const [payment] = (await orderById(completed.data.order.id)).payments
    sandbox().reset()
    return { cartId, orderId: completed.data.order.id, paymentId: payment.id, paymentKey: paid.paymentKey }
  }

  /** A virtual-account order waiting for its deposit. */
  async function virtualAccountOrder(amount: number, customerName = "홍길동") {
    const cartId = await createCart(getContainer(), store(), { amount })
    const session = await initiateTossSession(api, store(), cartId, { method: "VIRTUAL_ACCOUNT" })
    const issued = sandbox().authenticate({ orderId: session.data.orderId, amount, method: "VIRTUAL_ACCOUNT", customerName })
    const completed = await completeWithToss(api, store(), { cart_id: cartId, ...issued })
    expect(completed.data.type).toBe("order")
    return { cartId, orderId: completed.data.order.id, paymentKey: issued.paymentKey, sessionOrderId: session.data.orderId }
  }

  /** The admin's refund button: Medusa's answer, an error's too. */
  function refund(paymentId: string, body: Record<string, unknown>) {
    if (!admin) {
      throw new Error("orderHelpers: refund needs the admin's headers")
    }
    return api.post(`/admin/payments/${paymentId}/refund`, body, admin()).catch((error: any) => error.response)
  }

  /** The bodies of the cancels Toss accepted for a payment. */
  function cancelsSent(paymentKey: string): Record<string, any>[] {
    return sandbox()
      .requestsTo("POST", `/v1/payments/${paymentKey}/cancel`)
      .filter((request) => request.status === 200)
      .map((request) => request.body as Record<string, any>)
  }

  return { orderOfCart, orderById, capturedPayments, paidOrder, virtualAccountOrder, refund, cancelsSent }
}
