/**
 * A shopper pays on the demo store through PortOne (the 포트원 tab), in
 * Chromium, through the local PortOne sandbox: its browser SDK stand-in
 * loaded by the official `@portone/browser-sdk`, its window over the page.
 * Each test checks what the shopper sees, what Medusa recorded and what
 * PortOne (the sandbox) holds. Screenshots go to test-artifacts/e2e/.
 */
import type { FrameLocator, Page } from "playwright-core"
import { cartIdOf, cartRow, checkoutWith, confirmation, newShopper, orderForCart, paymentsForCart, screenshot, useDemoStore, won } from "./support"

const TANGERINE = { handle: "jeju-tangerine-5kg", title: "제주 감귤 5kg", price: 15000 }
const GREEN_TEA = { handle: "organic-green-tea", title: "유기농 녹차 티백", price: 12000 }
const YAKGWA = { handle: "handmade-yakgwa", title: "수제 약과", price: 8900 }
const SHIPPING = 3000
const PORTONE_PROVIDER_ID = "pp_portone_portone"

const store = useDemoStore()

jest.retryTimes(1, { logErrorsBeforeRetry: true })

async function withShopper(run: (page: Page) => Promise<void>, device: { mobile?: boolean } = {}) {
  const { context, page } = await newShopper(store().browser, device)
  try {
    await run(page)
  } catch (error) {
    const test = (expect.getState().currentTestName ?? "test").replace(/[^\w가-힣]+/g, "-").slice(0, 80)
    await screenshot(page, `failed-${test}`).catch(() => undefined)
    throw error
  } finally {
    await context.close()
  }
}

/** PortOne's window (the sandbox's), which its SDK lays over the page in an iframe. */
function portOneWindow(page: Page): FrameLocator {
  return page.frameLocator("#portone-sandbox-window")
}

/** Opens PortOne's window for a method of the 포트원 tab. */
async function openPortOne(page: Page, method: "CARD" | "TOSSPAY" | "VIRTUAL_ACCOUNT") {
  await page.getByTestId("portone-tab").click()
  await page.getByTestId(`portone-method-${method}`).click()
  await page.getByTestId("pay-button").click()
  await portOneWindow(page).locator("#pay").waitFor()
}

/** The cart's PortOne session id: PortOne's paymentId. */
async function paymentIdOf(page: Page): Promise<string> {
  const src = await page.locator("#portone-sandbox-window").getAttribute("src")
  return JSON.parse(new URL(src!).searchParams.get("request")!).paymentId
}

describe("PortOne on the demo store", () => {
  it("pays by card through PortOne's card channel; the order shows with its payment captured", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      const cartId = await checkoutWith(page, demo.storefrontUrl, [TANGERINE.handle])
      const total = TANGERINE.price + SHIPPING

      await openPortOne(page, "CARD")
      const paymentId = await paymentIdOf(page)
      expect((await portOneWindow(page).locator("#amount").innerText()).trim()).toBe(`${total.toLocaleString("ko-KR")} KRW`)
      await screenshot(page, "portone-1a-card-window")
      await portOneWindow(page).locator("#pay").click()

      const shown = await confirmation(page)
      await screenshot(page, "portone-1b-card-confirmation")
      expect(shown.heading).toBe("주문이 완료됐어요")
      expect(shown.total).toBe(won(total))
      expect(shown.method).toBe("카드")

      const order = await orderForCart(db, cartId)
      expect(order).not.toBeNull()
      expect(shown.orderNumber).toBe(String(order!.display_id))
      const [payment, ...others] = await paymentsForCart(db, cartId)
      expect(others).toHaveLength(0)
      expect(payment).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, amount: String(total), captured: String(total) })
      expect(payment.captured_at).not.toBeNull()

      // PortOne holds one paid payment for the session, through the card PG's channel.
      const atPortOne = demo.portOneSandbox!.getPayment(paymentId)!
      expect(atPortOne).toMatchObject({ status: "PAID", amount: expect.objectContaining({ total, paid: total }) })
      expect(atPortOne.status === "PAID" && atPortOne.channel?.pgProvider).toBe("INICIS_V2")
    })
  })

  it("keeps the shopper at checkout after closing PortOne's window, in Korean, and the same cart pays with 토스페이", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      const cartId = await checkoutWith(page, demo.storefrontUrl, [GREEN_TEA.handle])
      const total = GREEN_TEA.price + SHIPPING
      const itemsBefore = (await cartRow(db, cartId)).items

      await openPortOne(page, "CARD")
      const paymentId = await paymentIdOf(page)
      await portOneWindow(page).locator("#close").click()
      const message = page.getByTestId("pay-message")
      await message.waitFor()
      await screenshot(page, "portone-2a-window-closed")
      expect(await message.getAttribute("class")).toContain("pay-message-calm")
      expect(await message.innerText()).toContain("결제를 취소했어요")
      expect(await message.innerText()).toContain("결제창을 닫아서 결제가 진행되지 않았어요. 담아 둔 상품은 그대로 있어요.")
      expect(await page.locator("#portone-sandbox-window").count()).toBe(0)
      expect(page.url()).toMatch(/\/checkout$/)
      expect(await cartIdOf(page)).toBe(cartId)
      expect(await cartRow(db, cartId)).toEqual({ completed_at: null, items: itemsBefore })
      expect(await orderForCart(db, cartId)).toBeNull()
      // Closing takes nothing: PortOne holds no paid payment for the session.
      expect(demo.portOneSandbox!.getPayment(paymentId)?.status).not.toBe("PAID")

      // 토스페이 on its own channel, with the same session (PortOne takes another attempt for the paymentId).
      await page.getByTestId("portone-method-TOSSPAY").click()
      await page.getByTestId("pay-button").click()
      await portOneWindow(page).locator("#pay").waitFor()
      expect(await paymentIdOf(page)).toBe(paymentId)
      await portOneWindow(page).locator("#pay").click()

      const shown = await confirmation(page)
      await screenshot(page, "portone-2b-tosspay-confirmation")
      expect(shown.heading).toBe("주문이 완료됐어요")
      expect(shown.method).toBe("간편결제")
      const [payment] = await paymentsForCart(db, cartId)
      expect(payment).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, amount: String(total), captured: String(total) })
      const atPortOne = demo.portOneSandbox!.getPayment(paymentId)!
      expect(atPortOne.status === "PAID" && atPortOne.channel?.pgProvider).toBe("TOSSPAY_V2")
    })
  })

  it("explains a PG's decline in plain words, and the same session pays on the next try", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      const cartId = await checkoutWith(page, demo.storefrontUrl, [YAKGWA.handle])
      const total = YAKGWA.price + SHIPPING

      await openPortOne(page, "CARD")
      const paymentId = await paymentIdOf(page)
      await portOneWindow(page).locator("#decline").click()
      const message = page.getByTestId("pay-message")
      await message.waitFor()
      await screenshot(page, "portone-4a-declined")
      expect(await message.getAttribute("class")).toContain("pay-message-error")
      // A PG code this module has no words for: the SDK's own message, from this page.
      expect(await message.innerText()).toContain("결제에 실패했어요")
      expect(await message.innerText()).toContain("카드 한도 초과")
      expect(demo.portOneSandbox!.getPayment(paymentId)!.status).toBe("FAILED")
      expect(await orderForCart(db, cartId)).toBeNull()

      await page.getByTestId("pay-button").click()
      await portOneWindow(page).locator("#pay").waitFor()
      expect(await paymentIdOf(page)).toBe(paymentId)
      await portOneWindow(page).locator("#pay").click()
      expect((await confirmation(page)).heading).toBe("주문이 완료됐어요")
      const [payment] = await paymentsForCart(db, cartId)
      expect(payment).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, amount: String(total), captured: String(total) })
    })
  })

  it("issues a virtual account through the card PG's channel: the order waits for its deposit with PortOne's account shown", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      const cartId = await checkoutWith(page, demo.storefrontUrl, [TANGERINE.handle, YAKGWA.handle])
      const total = TANGERINE.price + YAKGWA.price + SHIPPING

      await openPortOne(page, "VIRTUAL_ACCOUNT")
      const paymentId = await paymentIdOf(page)
      await portOneWindow(page).locator("#pay").click()

      const waiting = await confirmation(page)
      await screenshot(page, "portone-5-virtual-account-waiting")
      expect(waiting.heading).toBe("입금을 기다리고 있어요")
      expect(waiting.method).toBe("가상계좌")
      const atPortOne = demo.portOneSandbox!.getPayment(paymentId)!
      expect(atPortOne.status).toBe("VIRTUAL_ACCOUNT_ISSUED")
      const account =
        atPortOne.status === "VIRTUAL_ACCOUNT_ISSUED" && atPortOne.method?.type === "PaymentMethodVirtualAccount" ? atPortOne.method : undefined
      expect(await page.getByTestId("virtual-account-number").innerText()).toBe(account!.accountNumber)
      expect(await page.getByTestId("virtual-account-bank").innerText()).toBe("KB국민은행")
      expect(await page.getByTestId("sandbox-bank-link").getAttribute("href")).toBe(`${demo.portOneSandbox!.url}/sandbox/bank`)

      expect(await orderForCart(db, cartId)).not.toBeNull()
      const payments = await paymentsForCart(db, cartId)
      expect(payments.filter((payment) => payment.captured_at)).toHaveLength(0)
      expect(payments.every((payment) => payment.provider_id === PORTONE_PROVIDER_ID && payment.amount === String(total))).toBe(true)
    })
  })

  it("on a phone, PortOne sends the shopper back to /checkout/portone, which completes the order", async () => {
    const { demo, db } = store()
    await withShopper(
      async (page) => {
        const cartId = await checkoutWith(page, demo.storefrontUrl, [YAKGWA.handle])
        const total = YAKGWA.price + SHIPPING

        await openPortOne(page, "TOSSPAY")
        const paymentId = await paymentIdOf(page)
        await portOneWindow(page).locator("#pay").click()

        const shown = await confirmation(page)
        await screenshot(page, "portone-6-phone-return")
        const url = new URL(page.url())
        expect(url.pathname).toBe("/checkout/portone")
        expect(url.searchParams.get("paymentId")).toBe(paymentId)
        expect(shown.heading).toBe("주문이 완료됐어요")
        const [payment] = await paymentsForCart(db, cartId)
        expect(payment).toMatchObject({ provider_id: PORTONE_PROVIDER_ID, amount: String(total), captured: String(total) })
      },
      { mobile: true }
    )
  })
})
