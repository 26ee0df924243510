/**
 * The operator's desk in the demo's admin, in Chromium: the Toss page's
 * "Needs attention" list (a deposit for a cancelled order, refunded from
 * the page), the settlements and the health view, and a cash receipt
 * issued and cancelled from an order's Toss panel. Screenshots go to
 * test-artifacts/e2e/ (10-… to 13-…).
 */
import type { Page } from "playwright-core"
import { checkoutWith, confirmation, eventually, newShopper, openPaymentWindow, orderForCart, paymentsForCart, runStoreJobs, screenshot, tossWindow, useDemoStore, won } from "./support"

const GREEN_TEA = { handle: "organic-green-tea", price: 12000 }
const SHIPPING = 3000

const store = useDemoStore()

/** A virtual-account order placed on the storefront and still waiting for its deposit. */
async function virtualAccountOrder(page: Page, { cashReceipt = true } = {}) {
  const { demo, db } = store()
  const cartId = await checkoutWith(page, demo.storefrontUrl, [GREEN_TEA.handle])
  await openPaymentWindow(page, "VIRTUAL_ACCOUNT")
  if (!cashReceipt) {
    // The shopper declines a cash receipt in Toss's window (and asks the store for one later).
    await tossWindow(page).getByTestId("toss-cash-receipt-type").selectOption("미발행")
  }
  await tossWindow(page).getByTestId("toss-approve").click()
  await confirmation(page)
  const orderId = new URL(page.url()).searchParams.get("orderId")!
  const order = await orderForCart(db, cartId)
  return { cartId, tossOrderId: orderId, order: order! }
}

async function capturedPayment(cartId: string) {
  const { db } = store()
  const [payment] = await eventually(
    async () => {
      const payments = (await paymentsForCart(db, cartId)).filter((p) => p.captured_at)
      return payments.length ? payments : null
    },
    30_000,
    "Medusa to capture the deposit"
  )
  return payment
}

/** Signs in to the admin, in Korean (Medusa's dashboard keeps its language in the `lng` cookie). */
async function signIn(page: Page) {
  const { demo } = store()
  await page.context().addCookies([{ name: "lng", value: "ko", url: demo.adminUrl }])
  await page.goto(demo.adminUrl, { timeout: 90_000 })
  await page.locator("input[name=email]").waitFor({ timeout: 90_000 })
  await page.locator("input[name=email]").fill(demo.admin.email)
  await page.locator("input[name=password]").fill(demo.admin.password)
  await page.locator("button[type=submit]").click()
  await page.waitForURL(/\/app\/orders/, { timeout: 60_000 })
}

/** The admin API as the signed-in operator (the dashboard's session cookie). */
async function adminCall(page: Page, path: string, body: object = {}) {
  return page.evaluate(
    async ({ path, body }) => {
      const answer = await fetch(path, { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      return { status: answer.status, body: await answer.json() }
    },
    { path, body }
  )
}

describe("the Toss page in the admin", () => {
  it("lists a deposit for a cancelled order with its order and amount, refunds it with one click, and then lists nothing", async () => {
    const { demo } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      await page.setViewportSize({ width: 1440, height: 1400 })
      const { cartId, tossOrderId, order } = await virtualAccountOrder(page)
      const total = GREEN_TEA.price + SHIPPING
      await signIn(page)

      // The order is cancelled while Toss cannot be reached: its account stays open, and the shopper pays.
      demo.sandbox!.failNext({ code: "FAILED_INTERNAL_SYSTEM_PROCESSING", path: "/cancel", times: 20 })
      expect((await adminCall(page, `/admin/orders/${order.id}/cancel`)).status).toBe(200)
      demo.sandbox!.deposit(tossOrderId)
      const payment = await capturedPayment(cartId)
      // Toss answers again (the faults left over from the cancel's retries are dropped).
      demo.sandbox!.reset()

      await page.goto(`${demo.adminUrl}/toss`)
      const item = page.getByTestId("toss-attention-item")
      await item.waitFor({ timeout: 60_000 })
      const text = await item.innerText()
      expect(text).toContain(`#${order.display_id}`)
      expect(text).toContain(won(total))
      expect(text).toContain("취소된 주문에 입금됐어요")
      expect(text).toContain("환불 계좌를 입력한 뒤 환불하세요")
      await screenshot(page, "10-admin-toss-needs-attention")

      // With the shopper's account entered (the order's Toss panel does this), the page's button refunds.
      const account = await adminCall(page, `/admin/toss/payments/${payment.id}/refund-account`, { bank: "88", accountNumber: "110-123-456789", holderName: "홍길동" })
      expect(account.status).toBe(200)
      await page.reload()
      await page.getByTestId("toss-attention-refund").click()
      await page.getByText("환불을 요청했어요").waitFor()
      expect(demo.sandbox!.getPayment(tossOrderId)).toMatchObject({ status: "CANCELED", balanceAmount: 0 })
      await eventually(
        async () => {
          await page.reload()
          // The list once loaded: its items, or the line saying there are none.
          await page.getByTestId("toss-attention-item").or(page.getByTestId("toss-attention-empty")).first().waitFor()
          return (await page.getByTestId("toss-attention-empty").count()) === 1
        },
        40_000,
        "the item to leave the list once Toss's cancel is synced"
      )
      await screenshot(page, "11-admin-toss-resolved")
    } finally {
      await context.close()
    }
  }, 240_000)

  it("shows the month's settlement and the health of reconciliation and webhooks", async () => {
    const { demo } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      await page.setViewportSize({ width: 1440, height: 1400 })
      // What the settlements job and the reconciliation job do on their schedule, now.
      await runStoreJobs(demo, ["reconcile", "settlements"])
      await signIn(page)
      await page.goto(`${demo.adminUrl}/toss`)
      await page.getByTestId("toss-settlements-summary").getByTestId("toss-settlement-month").first().waitFor()
      const month = await page.getByTestId("toss-settlement-month").first().innerText()
      expect(month).toMatch(/\d{4}년 \d{1,2}월/)
      expect(month).toContain("원")
      const health = await page.getByTestId("toss-health").innerText()
      expect(health).toContain("마지막 대사")
      expect(health).toMatch(/정상|일부 실패/)
      expect(health).toMatch(/최근 1시간 웹훅\s+\d+건/)
      await screenshot(page, "12-admin-toss-settlements-health")
    } finally {
      await context.close()
    }
  }, 240_000)
})

describe("cash receipts in the order's Toss panel", () => {
  it("issues a cash receipt for a paid virtual account and cancels it", async () => {
    const { demo } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      await page.setViewportSize({ width: 1440, height: 2000 })
      const { cartId, tossOrderId, order } = await virtualAccountOrder(page, { cashReceipt: false })
      demo.sandbox!.deposit(tossOrderId)
      await capturedPayment(cartId)
      await signIn(page)

      await page.goto(`${demo.adminUrl}/orders/${order.id}`)
      const receipts = page.getByTestId("toss-cash-receipts")
      await receipts.waitFor({ timeout: 60_000 })
      await receipts.locator("#toss-cash-receipt-number").fill("010-9876-5432")
      await receipts.getByTestId("toss-cash-receipt-issue").click()
      await receipts.getByTestId("toss-cash-receipt-cancel").waitFor()
      const issued = await receipts.getByTestId("toss-cash-receipt").innerText()
      expect(issued).toContain("발급됨")
      expect(issued).toContain(won(GREEN_TEA.price + SHIPPING))
      const sent = demo.sandbox!.requestsTo("POST", "/v1/cash-receipts")
      expect(sent.at(-1)!.body).toMatchObject({ orderId: tossOrderId, customerIdentityNumber: "01098765432", type: "소득공제" })
      await screenshot(receipts, "13a-admin-cash-receipt-issued")

      await receipts.getByTestId("toss-cash-receipt-cancel").click()
      await receipts.getByText("취소됨").waitFor()
      expect(demo.sandbox!.requests.filter((request) => /^\/v1\/cash-receipts\/[^/]+\/cancel$/.test(request.path))).toHaveLength(1)
      await screenshot(receipts, "13b-admin-cash-receipt-canceled")
    } finally {
      await context.close()
    }
  }, 240_000)
})
