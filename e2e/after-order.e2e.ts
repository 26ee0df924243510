/**
 * After the order: the store raises a shopper's order (an order edit through
 * Medusa's admin API, as the dashboard does), and the shopper pays the
 * difference on the demo store through Medusa's payment link, in the
 * sandbox's Toss window. Checked: what the shopper sees, what Medusa
 * recorded, what Toss (the sandbox) was asked.
 */
import { checkoutWith, confirmation, confirmsFor, newShopper, openPaymentWindow, orderForCart, screenshot, tossWindow, useDemoStore, won } from "./support"

const TANGERINE = { handle: "jeju-tangerine-5kg", price: 15000 }

const store = useDemoStore()

jest.retryTimes(1, { logErrorsBeforeRetry: true })

/** Medusa's admin API, logged in as the demo's operator. */
async function adminApi(backendUrl: string, admin: { email: string; password: string }) {
  const login = await fetch(`${backendUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  }).then((response) => response.json() as Promise<{ token: string }>)
  return async (path: string, body?: unknown) => {
    const response = await fetch(`${backendUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json() as Promise<any>
  }
}

describe("paying the difference on the demo store", () => {
  it("pays an order's balance after an order edit through Medusa's payment link (내 주문 → 차액 결제)", async () => {
    const { demo, db } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      const cartId = await checkoutWith(page, demo.storefrontUrl, [TANGERINE.handle])
      await openPaymentWindow(page, "CARD")
      await tossWindow(page).getByTestId("toss-approve").click()
      await confirmation(page)
      const order = (await orderForCart(db, cartId))!

      // The operator raises the quantity (an order edit) and confirms it: Medusa opens a collection for the difference.
      const admin = await adminApi(demo.backendUrl, demo.admin)
      const { order: before } = await admin(`/admin/orders/${order.id}?fields=items.id`)
      await admin("/admin/order-edits", { order_id: order.id })
      await admin(`/admin/order-edits/${order.id}/items/item/${before.items[0].id}`, { quantity: 2 })
      await admin(`/admin/order-edits/${order.id}/request`, {})
      await admin(`/admin/order-edits/${order.id}/confirm`, {})
      const { order: edited } = await admin(`/admin/orders/${order.id}?fields=summary,payment_collections.id,payment_collections.status`)
      expect(edited.summary.pending_difference).toBe(TANGERINE.price)
      const collection = edited.payment_collections.find((candidate: { status: string }) => candidate.status === "not_paid")

      // What "Copy payment link" in Medusa's admin gives the operator to send.
      await page.goto(`${demo.storefrontUrl}/payment-collection/${collection.id}?order_id=${order.id}`)
      expect(await page.getByTestId("balance-owed").innerText()).toBe(won(TANGERINE.price))
      await screenshot(page, "after-order-1-balance")
      await page.getByTestId("pay-balance").click()
      await tossWindow(page).getByTestId("toss-approve").waitFor()
      expect(await tossWindow(page).getByTestId("toss-amount").innerText()).toContain(won(TANGERINE.price))
      await tossWindow(page).getByTestId("toss-approve").click()

      await page.getByTestId("balance-paid").waitFor({ timeout: 60_000 })
      await screenshot(page, "after-order-2-paid")
      expect(await page.getByTestId("balance-owed").innerText()).toBe(won(0))
      expect(await page.getByTestId("order-number").innerText()).toBe(String(order.display_id))

      const { order: paid } = await admin(`/admin/orders/${order.id}?fields=summary,payment_collections.id,payment_collections.status`)
      expect(paid.summary.pending_difference).toBe(0)
      const balance = paid.payment_collections.find((candidate: { id: string }) => candidate.id === collection.id)
      const tossOrderId = new URL(page.url()).searchParams.get("orderId")!
      expect(confirmsFor(demo, tossOrderId)).toEqual([expect.objectContaining({ status: 200, body: expect.objectContaining({ amount: TANGERINE.price }) })])
      expect(balance.status).toBe("completed")
    } finally {
      await context.close()
    }
  })
})
