/**
 * The demo customer saves a card on the account page (Toss's card
 * registration, in the sandbox) and pays a cart with it in one click.
 * Checked: what the customer sees, what Medusa and the plugin recorded, what
 * Toss (the sandbox) was asked, and that the billing key never reached the
 * browser. Screenshots go to test-artifacts/e2e/.
 */
import type { Page } from "playwright-core"
import { checkoutWith, confirmation, eventually, newShopper, orderForCart, paymentsForCart, screenshot, tossWindow, useDemoStore, won } from "./support"

const TANGERINE = { handle: "jeju-tangerine-5kg", price: 15000 }
const SHIPPING = 3000

const store = useDemoStore()

jest.retryTimes(1, { logErrorsBeforeRetry: true })

async function logIn(page: Page, storefrontUrl: string) {
  await page.goto(`${storefrontUrl}/account`)
  // The demo fills in the seeded customer's login.
  await page.getByTestId("login-button").click()
  await page.getByTestId("saved-cards").waitFor()
}

/** 카드 등록하기 → Toss's card registration (the sandbox's, over the page) → back on the account page's success. */
async function registerCard(page: Page, issuerCode: string) {
  await page.getByTestId("register-card").click()
  await tossWindow(page).getByTestId("toss-card-company").selectOption(issuerCode)
  await tossWindow(page).getByTestId("toss-approve").click()
  await page.getByTestId("card-saved").waitFor({ timeout: 60_000 })
}

describe("saved cards on the demo store", () => {
  it("saves a card on the account page and pays a cart with it in one click", async () => {
    const { demo, db } = store()
    const sandbox = demo.sandbox!
    const { context, page } = await newShopper(store().browser)
    try {
      await logIn(page, demo.storefrontUrl)
      await page.getByTestId("no-saved-cards").waitFor()

      await registerCard(page, "41")
      expect(await page.getByTestId("card-saved").innerText()).toContain("신한카드 4330-1234-****-123*")
      await screenshot(page, "billing-1-card-saved")

      const { rows: cards } = await db.query<{ id: string; billing_key: string; issuer_code: string }>(
        "SELECT id, billing_key, issuer_code FROM toss_billing_key WHERE deleted_at IS NULL"
      )
      expect(cards).toHaveLength(1)
      const [card] = cards
      expect(card.issuer_code).toBe("41")
      expect(sandbox.requestsTo("POST", "/v1/billing/authorizations/issue").map((request) => request.status)).toEqual([200])

      const cartId = await checkoutWith(page, demo.storefrontUrl, [TANGERINE.handle])
      const total = TANGERINE.price + SHIPPING
      const pay = page.locator(`[data-testid=pay-saved-card][data-card="${card.id}"]`)
      await pay.waitFor()
      expect(await pay.innerText()).toContain("신한카드")
      await screenshot(page, "billing-2-checkout-with-saved-card")
      await pay.click()

      const shown = await confirmation(page)
      await screenshot(page, "billing-3-one-click-confirmation")
      expect(shown.heading).toBe("주문이 완료됐어요")
      expect(shown.total).toBe(won(total))
      expect(shown.method).toBe("카드")

      const order = await orderForCart(db, cartId)
      expect(shown.orderNumber).toBe(String(order!.display_id))
      const [payment, ...others] = await paymentsForCart(db, cartId)
      expect(others).toHaveLength(0)
      expect(payment).toMatchObject({ provider_id: "pp_toss_toss", amount: String(total), captured: String(total) })
      expect(payment.data).toMatchObject({ payment_method: card.id, status: "DONE" })
      const charges = sandbox.requestsTo("POST", /^\/v1\/billing\/(?!authorizations)/)
      expect(charges.map((request) => [request.status, (request.body as { amount?: number }).amount])).toEqual([[200, total]])
      expect(charges[0].path).toBe(`/v1/billing/${encodeURIComponent(card.billing_key)}`)

      // What the browser holds: the page, its storage, every store answer it read.
      const seen = [await page.content(), await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))]
      expect(seen.join("\n")).not.toContain(card.billing_key)
    } finally {
      await context.close()
    }
  })

  it("removes a saved card: Toss deletes the key, the store forgets it, the account shows none", async () => {
    const { demo, db } = store()
    const { context, page } = await newShopper(store().browser)
    try {
      await logIn(page, demo.storefrontUrl)
      await registerCard(page, "11")
      await page.goto(`${demo.storefrontUrl}/account`)
      const { rows } = await db.query<{ id: string; billing_key: string }>("SELECT id, billing_key FROM toss_billing_key WHERE issuer_code = '11' AND deleted_at IS NULL")
      expect(rows).toHaveLength(1)
      const [card] = rows
      await page.getByTestId(`remove-card-${card.id}`).click()

      await eventually(async () => (await db.query("SELECT id FROM toss_billing_key WHERE id = $1", [card.id])).rows.length === 0, 10_000, "the saved card to be forgotten")
      await page.getByTestId(`remove-card-${card.id}`).waitFor({ state: "detached" })
      await screenshot(page, "billing-4-card-removed")
      const deletes = demo.sandbox!.requestsTo("DELETE", `/v1/billing/${encodeURIComponent(card.billing_key)}`)
      expect(deletes.map((request) => request.status)).toEqual([200])
    } finally {
      await context.close()
    }
  })
})
