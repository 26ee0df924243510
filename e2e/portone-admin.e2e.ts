/**
 * The order page's PortOne panel in the demo's admin, in Chromium: a card
 * paid through PortOne on the storefront, then seen in the panel (in
 * Korean, beside no Toss panel) and partly refunded from it; the sandbox
 * holds exactly that cancel. Screenshots go to test-artifacts/e2e/ (portone-admin-…).
 */
import type { Page } from "playwright-core"
import { checkoutWith, confirmation, newShopper, orderForCart, screenshot, useDemoStore, won } from "./support"

const TANGERINE = { handle: "jeju-tangerine-5kg", price: 15000 }
const SHIPPING = 3000

const store = useDemoStore()

/** Signs in to the admin in `language` (Medusa's dashboard keeps it in the `lng` cookie). */
async function signIn(page: Page, language: "ko" | "en") {
  const { demo } = store()
  await page.context().addCookies([{ name: "lng", value: language, url: demo.adminUrl }])
  await page.goto(demo.adminUrl, { timeout: 90_000 })
  await page.locator("input[name=email]").waitFor({ timeout: 90_000 })
  await page.locator("input[name=email]").fill(demo.admin.email)
  await page.locator("input[name=password]").fill(demo.admin.password)
  await page.locator("button[type=submit]").click()
  await page.waitForURL(/\/app\/orders/, { timeout: 60_000 })
}

describe("the PortOne panel on the admin's order page", () => {
  it("shows PortOne's view of a card payment and refunds part of it from the panel", async () => {
    const { demo, db } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      await page.setViewportSize({ width: 1440, height: 2200 })
      const cartId = await checkoutWith(page, demo.storefrontUrl, [TANGERINE.handle])
      await page.getByTestId("portone-tab").click()
      await page.getByTestId("portone-method-CARD").click()
      await page.getByTestId("pay-button").click()
      const window = page.frameLocator("#portone-sandbox-window")
      await window.locator("#pay").waitFor()
      const src = await page.locator("#portone-sandbox-window").getAttribute("src")
      const paymentId = JSON.parse(new URL(src!).searchParams.get("request")!).paymentId as string
      await window.locator("#pay").click()
      await confirmation(page)
      const order = await orderForCart(db, cartId)
      const total = TANGERINE.price + SHIPPING

      await signIn(page, "ko")
      await page.goto(`${demo.adminUrl}/orders/${order!.id}`)
      const panel = page.getByTestId("portone-payment-widget")
      await panel.waitFor({ timeout: 60_000 })
      await panel.getByTestId("portone-status").waitFor()
      expect(await panel.getByTestId("portone-status").innerText()).toBe("결제 완료")
      expect(await panel.innerText()).toContain("포트원 결제")
      expect(await panel.innerText()).toContain(won(total))
      expect(await page.getByTestId("toss-payment-widget").count()).toBe(0)

      await panel.locator("#portone-refund-amount").fill("5000")
      await panel.locator("#portone-refund-note").fill("부분 환불 (수량 변경)")
      await panel.getByTestId("portone-refund-submit").click()
      await panel.getByTestId("portone-cancels").getByText("부분 환불 (수량 변경)").waitFor({ timeout: 30_000 })
      expect(await panel.getByTestId("portone-status").innerText()).toBe("부분 취소")
      await screenshot(panel, "portone-admin-1-refunded")

      const cancels = demo.portOneSandbox!.requestsTo("POST", `/payments/${paymentId}/cancel`)
      expect(cancels).toHaveLength(1)
      expect(cancels[0].body).toMatchObject({ amount: 5000, currentCancellableAmount: total, taxFreeAmount: 0, reason: "부분 환불 (수량 변경)" })
    } finally {
      await context.close()
    }
  }, 300_000)
})
