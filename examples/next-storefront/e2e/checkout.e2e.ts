/**
 * The Next.js example storefront (built like Medusa's DTC starter, with the
 * recipe of storefront/README.md) pays through the demo store's Medusa and
 * local Toss sandbox, in Chromium. The storefront is built here, with the
 * demo's backend URL, publishable key and sandbox, from the package installed
 * out of `npm pack` output (`npm run example:install`), and served by
 * `next start`. Toss's window runs on another site (127.0.0.1, the storefront
 * on localhost), so its redirects back are cross-site, as with Toss itself.
 */
import { ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import type { BrowserContext, Page, Request } from "playwright-core"
import { DEMO_ADMIN } from "../../../demo/constants"
import type { Demo } from "../../../demo/run"
import { stopProcess } from "../../../scripts/medusa-process"
import { TOSS_BANKS } from "../../../storefront/banks"
import {
  cartRow,
  confirmsFor,
  newShopper,
  orderForCart,
  paymentsForCart,
  screenshot,
  secretKeyOf,
  tossWindow,
  useDemoStore,
  won,
} from "../../../e2e/support"

const EXAMPLE = path.resolve(__dirname, "..")
const NEXT_BIN = path.join(
  EXAMPLE,
  "node_modules",
  "next",
  "dist",
  "bin",
  "next"
)
const LOG = path.join(
  EXAMPLE,
  "..",
  "..",
  "test-artifacts",
  "e2e",
  "next-storefront.log"
)
const CART_COOKIE = "_medusa_cart_id"

const TANGERINE = {
  handle: "jeju-tangerine-5kg",
  title: "제주 감귤 5kg",
  price: 15000,
}
const GREEN_TEA = {
  handle: "organic-green-tea",
  title: "유기농 녹차 티백",
  price: 12000,
}
const YAKGWA = { handle: "handmade-yakgwa", title: "수제 약과", price: 8900 }
const YUJA_TEA = {
  handle: "goheung-yuja-tea",
  title: "고흥 유자차",
  price: 13500,
}
const SHIPPING = 3000

const store = useDemoStore()
let storefront: { url: string; stop(): Promise<void> } | undefined

beforeAll(async () => {
  // An English-speaking country in the KRW region, for the storefront's English texts.
  await addCountryToRegion(store().demo, "us")
  storefront = await startStorefront(
    store().demo,
    Number(process.env.EXAMPLE_STOREFRONT_PORT)
  )
}, 300_000)

afterAll(async () => {
  await storefront?.stop()
}, 30_000)

// A browser walk through a whole checkout on a 2-core machine gets a second
// try, as in e2e/checkout.e2e.ts; the first failure is printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true })

describe("the Next.js storefront (DTC starter recipe)", () => {
  it("pays by card with the Place order button: the success route completes the cart without the strict cart cookie, clears it and shows the order", async () => {
    const { demo, db } = store()
    await withShopper(async (page, context) => {
      await page.goto(storefront!.url)
      await page.waitForURL(/\/kr$/) // the middleware adds the country code
      const cartId = await addToCart(page, [TANGERINE])
      const cookie = (await context.cookies()).find(
        (c) => c.name === CART_COOKIE
      )
      expect(cookie).toMatchObject({
        value: cartId,
        httpOnly: true,
        sameSite: "Strict",
      })
      // Within the storefront the browser sends it (and the request log shows it).
      const checkoutRequests = requestsTo(page, "/kr/checkout")
      await page.reload()
      expect((await checkoutRequests[0].allHeaders()).cookie).toContain(
        `${CART_COOKIE}=${cartId}`
      )
      const total = TANGERINE.price + SHIPPING
      expect(await page.getByTestId("cart-total").innerText()).toBe(won(total))

      // The starter's payment step initiates the Toss session (server action); Place order opens Toss for it.
      const [session] = await choosePaymentStep(page, cartId)
      expect(session).toMatchObject({ method: "CARD", integration: "payment" })
      expect(await placeOrder(page).innerText()).toBe("Place order")
      const successRequests = requestsTo(page, "/kr/checkout/toss/success")
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-approve").waitFor()
      expect((await tossWindow(page).getByTestId("toss-amount").innerText()).trim()).toBe(
        won(total)
      )
      await tossWindow(page).getByTestId("toss-approve").click()

      const shown = await confirmation(page)
      await screenshot(page, "next-1-card-confirmation")
      const order = await orderForCart(db, cartId)
      expect(order).not.toBeNull()
      expect(page.url()).toBe(
        `${storefront!.url}/kr/order/${order!.id}/confirmed`
      )
      expect(shown).toEqual({
        heading: "Thank you!",
        orderNumber: String(order!.display_id),
        total: won(total),
        method: "카드",
      })

      // Toss's redirect came from another site: the browser sent no strict cart cookie with it.
      expect(successRequests).toHaveLength(1)
      expect(
        (await successRequests[0].allHeaders()).cookie ?? ""
      ).not.toContain(CART_COOKIE)
      // Confirmed once, for the session the payment step made (requestPayment made no second one).
      const confirms = confirmsFor(demo, session.id)
      expect(confirms).toHaveLength(1)
      expect(confirms[0]).toMatchObject({
        status: 200,
        body: {
          orderId: session.id,
          amount: total,
          paymentKey: expect.any(String),
        },
      })
      const [payment, ...others] = await paymentsForCart(db, cartId)
      expect(others).toHaveLength(0)
      expect(payment).toMatchObject({
        provider_id: "pp_toss_toss",
        amount: String(total),
        captured: String(total),
      })
      // The route cleared the cart cookie.
      expect((await context.cookies()).map((c) => c.name)).not.toContain(
        CART_COOKIE
      )
    })
  })

  it("explains a card declined in Toss's window and one declined at the confirm by Toss's own reason; the fail page's button lands on review, one click from paying", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      await page.goto(`${storefront!.url}/kr`)
      const cartId = await addToCart(page, [YAKGWA])
      const total = YAKGWA.price + SHIPPING
      await choosePaymentStep(page, cartId)
      const confirms = confirmsFrom(demo)

      // Refused in the window: Toss sends the shopper to the fail URL.
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-decline").click()
      const inWindow = await failure(page)
      await screenshot(page, "next-2a-declined-in-window")
      expect(inWindow).toMatchObject({
        code: "REJECT_CARD_COMPANY",
        title: "카드사에서 결제를 거절했어요",
        button: "다시 결제하기",
      })
      expect(confirms()).toEqual([])

      // The fail page's button: the review step, Place order ready (no Edit, no Continue to review).
      await page.getByTestId("retry-button").click()
      await placeOrder(page).waitFor()
      expect(new URL(page.url()).search).toBe("?step=review")

      // Refused when the store confirms: the success route passes Toss's refusal code on,
      // and the fail page words it (a URL's words are never shown).
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-decline-at-confirm").click()
      const atConfirm = await failure(page)
      await screenshot(page, "next-2b-declined-at-confirm")
      const [refused, ...more] = confirms()
      expect(more).toHaveLength(0)
      expect(refused).toMatchObject({
        status: 403,
        response: expect.objectContaining({ code: "REJECT_CARD_PAYMENT" }),
      })
      expect(atConfirm).toMatchObject({
        code: "REJECT_CARD_PAYMENT",
        title: "카드 결제가 거절됐어요",
        message: "한도를 넘었거나 잔액이 부족할 수 있어요. 다른 카드나 결제수단을 이용해 주세요.",
        button: "다시 결제하기",
      })
      expect([...new URL(page.url()).searchParams.keys()]).toEqual(["code"])
      expect(await orderForCart(db, cartId)).toBeNull()

      // The cart is still the shopper's, and one click on Place order pays.
      await page.getByTestId("retry-button").click()
      expect(await page.getByTestId("cart-total").innerText()).toBe(won(total))
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-approve").click()
      const shown = await confirmation(page)
      await screenshot(page, "next-2c-paid-after-declines")
      expect(shown.total).toBe(won(total))
      expect(await orderForCart(db, cartId)).not.toBeNull()
      const [payment, ...others] = await paymentsForCart(db, cartId)
      expect(others).toHaveLength(0)
      expect(payment).toMatchObject({
        amount: String(total),
        captured: String(total),
      })
    })
  })

  it("speaks English outside Korea: a decline at the confirm reads Toss's reason in English", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      await page.goto(`${storefront!.url}/us`)
      const cartId = await addToCart(page, [YAKGWA], "us")
      const [session] = await choosePaymentStep(page, cartId)
      expect(session.method).toBe("CARD")
      const confirms = confirmsFrom(demo)

      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-decline-at-confirm").click()
      const atConfirm = await failure(page)
      await screenshot(page, "next-2d-declined-at-confirm-english")
      expect(confirms()).toEqual([
        expect.objectContaining({ status: 403, response: expect.objectContaining({ code: "REJECT_CARD_PAYMENT" }) }),
      ])
      expect(new URL(page.url()).pathname).toBe("/us/checkout/toss/fail")
      expect(atConfirm).toMatchObject({
        code: "REJECT_CARD_PAYMENT",
        title: "Card payment declined",
        message: "The limit may be exceeded or the balance too low. Please use another card or method.",
        button: "Try again",
      })
      expect(await orderForCart(db, cartId)).toBeNull()

      await page.getByTestId("retry-button").click()
      await placeOrder(page).waitFor()
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/us/checkout?step=review")
    })
  })

  it.each([
    ["kr", "next-5a-virtual-account-korean", { title: "아래 계좌로 입금해 주세요", labels: ["은행", "계좌번호", "예금주", "입금 기한"] }],
    ["us", "next-5b-virtual-account-english", { title: "Pay into this account", labels: ["Bank", "Account number", "Account holder", "Pay by"] }],
  ])(
    "offers a virtual account in the payment step (%s) and shows the account to pay into on the order's confirmation",
    async (countryCode, picture, texts) => {
      const { demo, db } = store()
      await withShopper(async (page) => {
        await page.goto(`${storefront!.url}/${countryCode}`)
        const cartId = await addToCart(page, [GREEN_TEA], countryCode)
        const total = GREEN_TEA.price + SHIPPING
        const methods = await page.getByTestId("payment-method-pp_toss_toss").locator("input").check()
          .then(() => page.getByTestId("toss-method-select").locator("option").allInnerTexts())
        expect(methods).toEqual(
          countryCode === "kr"
            ? ["카드 · 간편결제", "계좌이체", "가상계좌 (무통장입금)", "휴대폰"]
            : ["Card or easy pay", "Bank transfer", "Virtual account (bank deposit)", "Mobile phone"]
        )
        const [session] = await choosePaymentStep(page, cartId, "VIRTUAL_ACCOUNT")
        expect(session.method).toBe("VIRTUAL_ACCOUNT")

        await placeOrder(page).click()
        await tossWindow(page).getByTestId("toss-approve").click()
        const shown = await confirmation(page)
        const deposit = page.getByTestId("toss-deposit")
        await deposit.waitFor()
        await screenshot(page, picture)

        const order = await orderForCart(db, cartId)
        expect(order).not.toBeNull()
        expect(shown).toMatchObject({ method: "가상계좌", total: won(total) })
        const account = demo.sandbox!.getPayment(session.id)!.virtualAccount!
        const row = (name: string) => page.getByTestId(`toss-deposit-${name}`).innerText()
        expect(await deposit.locator("h2").innerText()).toBe(texts.title)
        expect([await row("bank"), await row("account-number"), await row("holder")]).toEqual([
          `${texts.labels[0]}: ${TOSS_BANKS[account.bankCode]}`,
          `${texts.labels[1]}: ${account.accountNumber}`,
          `${texts.labels[2]}: ${account.customerName}`,
        ])
        expect(await row("due-date")).toMatch(
          countryCode === "kr"
            ? new RegExp(`^${texts.labels[3]}: \\d{4}년 \\d{1,2}월 \\d{1,2}일 \\d{2}:\\d{2}$`)
            : new RegExp(`^${texts.labels[3]}: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\(KST\\)$`)
        )
        // Waiting for the deposit: Toss holds nothing yet.
        expect(demo.sandbox!.getPayment(session.id)!.status).toBe("WAITING_FOR_DEPOSIT")
        expect((await paymentsForCart(db, cartId)).filter((p) => p.captured_at)).toHaveLength(0)
      })
    }
  )

  it("brings the shopper back to checkout with the cart intact after closing Toss's window; a failed try to reach the store is explained, and the next click pays", async () => {
    const { demo, db } = store()
    await withShopper(async (page, context) => {
      await page.goto(`${storefront!.url}/kr`)
      const cartId = await addToCart(page, [TANGERINE, YUJA_TEA])
      const itemsBefore = (await cartRow(db, cartId)).items
      await choosePaymentStep(page, cartId)

      // On a desktop Toss's window is an iframe over the checkout: closing it
      // leaves the shopper where they were, with a calm note under the button.
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-approve").waitFor()
      const attemptOrderId = demo.sandbox!.payments().at(-1)!.orderId
      await tossWindow(page).getByTestId("toss-close").click()
      const note = page.getByTestId("toss-payment-canceled")
      await note.waitFor()
      await screenshot(page, "next-3a-window-closed")
      expect(await note.innerText()).toContain("담아 둔 상품은 그대로 있어요")
      expect(await page.getByTestId("toss-payment-error").count()).toBe(0)
      expect(await page.getByTestId("toss-window-frame").count()).toBe(0)
      expect(new URL(page.url()).pathname).toBe("/kr/checkout")
      expect(await placeOrder(page).isEnabled()).toBe(true)
      expect(demo.sandbox!.getPayment(attemptOrderId)!.status).toBe("READY") // closing changes nothing at Toss

      await page.reload()
      const summary = await page.getByTestId("cart-summary").innerText()
      await screenshot(page, "next-3b-back-at-checkout")
      expect(summary).toContain(`${TANGERINE.title} × 1`)
      expect(summary).toContain(`${YUJA_TEA.title} × 1`)
      expect(await page.getByTestId("cart-total").innerText()).toBe(
        won(TANGERINE.price + YUJA_TEA.price + SHIPPING)
      )
      expect(
        (await context.cookies()).find((c) => c.name === CART_COOKIE)?.value
      ).toBe(cartId)
      expect(await cartRow(db, cartId)).toEqual({
        completed_at: null,
        items: itemsBefore,
      })
      expect(await orderForCart(db, cartId)).toBeNull()
      expect(confirmsFor(demo, attemptOrderId)).toHaveLength(0)

      // The closed window's orderId is spent, so Place order asks the store for a new
      // session, from the browser; the first time the store cannot be reached.
      const storeApi = `${demo.backendUrl}/store/carts/**`
      await page.route(storeApi, (route) => route.abort())
      await placeOrder(page).click()
      const error = page.getByTestId("toss-payment-error")
      await error.waitFor()
      await screenshot(page, "next-3c-store-unreachable")
      expect(await error.innerText()).toBe(
        "결제를 완료하지 못했어요. 다시 시도해 주세요."
      )
      expect(await placeOrder(page).isEnabled()).toBe(true)
      await page.unroute(storeApi)

      const confirms = confirmsFrom(demo)
      await placeOrder(page).click()
      await tossWindow(page).getByTestId("toss-approve").click()
      const shown = await confirmation(page)
      expect(shown.total).toBe(won(TANGERINE.price + YUJA_TEA.price + SHIPPING))
      const [confirm, ...more] = confirms()
      expect(more).toHaveLength(0)
      expect(confirm).toMatchObject({ status: 200 })
      expect((confirm.body as { orderId: string }).orderId).not.toBe(
        attemptOrderId
      )
    })
  })

  it("pays through Toss's payment widget, confirmed with the widget key pair", async () => {
    const { demo, db } = store()
    await withShopper(async (page) => {
      await page.goto(`${storefront!.url}/kr`)
      const cartId = await addToCart(page, [GREEN_TEA])
      const total = GREEN_TEA.price + SHIPPING
      const confirms = confirmsFrom(demo)

      await page.getByTestId("widget-link").click()
      await page.getByTestId("toss-widget-method-CARD").waitFor()
      await page.getByTestId("toss-widget-agreement").locator("input").check()
      await screenshot(page, "next-4a-widget")
      await page.getByTestId("widget-pay-button").click()
      await tossWindow(page).getByTestId("toss-approve").waitFor()
      expect((await tossWindow(page).getByTestId("toss-amount").innerText()).trim()).toBe(
        won(total)
      )
      await tossWindow(page).getByTestId("toss-approve").click()

      const shown = await confirmation(page)
      await screenshot(page, "next-4b-widget-confirmation")
      expect(shown.total).toBe(won(total))
      const order = await orderForCart(db, cartId)
      expect(shown.orderNumber).toBe(String(order!.display_id))
      const [payment] = await paymentsForCart(db, cartId)
      expect(payment).toMatchObject({
        amount: String(total),
        captured: String(total),
      })
      const [confirm, ...more] = confirms()
      expect(more).toHaveLength(0)
      expect(confirm.status).toBe(200)
      expect(secretKeyOf(confirm)).toMatch(/^test_gsk_/)
    })
  })
})

// --- The storefront ------------------------------------------------------

/** `next build` with the demo's settings (public ones are inlined at build time), then `next start`. */
async function startStorefront(
  demo: Demo,
  port: number
): Promise<{ url: string; stop(): Promise<void> }> {
  if (!fs.existsSync(NEXT_BIN)) {
    throw new Error(
      "The example storefront is not installed: run `npm run example:install` first."
    )
  }
  fs.mkdirSync(path.dirname(LOG), { recursive: true })
  const log = fs.openSync(LOG, "w")
  const { NODE_ENV: _testEnv, ...parentEnv } = process.env
  const env = {
    ...parentEnv,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_PUBLIC_MEDUSA_BACKEND_URL: demo.backendUrl,
    NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY: demo.publishableKey,
    NEXT_PUBLIC_TOSS_SDK_SRC: `${demo.sandbox!.url}/v2/standard`,
  }
  const next = (args: string[]) =>
    spawn(process.execPath, [NEXT_BIN, ...args], {
      cwd: EXAMPLE,
      env,
      stdio: ["ignore", log, log],
    })

  const built = await exitOf(next(["build"]))
  if (built !== 0) {
    fs.closeSync(log)
    throw new Error(`next build failed (exit code ${built}); see ${LOG}`)
  }
  const server = next(["start", "--port", String(port)])
  fs.closeSync(log)
  const url = `http://localhost:${port}`
  const stop = () => stopProcess(server)
  try {
    await waitForPage(`${url}/kr`, server)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, stop }
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", reject)
    child.once("exit", (code) => resolve(code))
  })
}

async function waitForPage(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`next start exited (code ${server.exitCode}); see ${LOG}`)
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0
    )
    if (status === 200) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(
    `The storefront did not answer ${url} within 60 s; see ${LOG}`
  )
}

// --- The shopper's steps -------------------------------------------------

/** A new shopper walks through `run`; if it fails, the page they were on is kept as a screenshot. */
async function withShopper(
  run: (page: Page, context: BrowserContext) => Promise<void>
) {
  const { context, page } = await newShopper(store().browser)
  try {
    await run(page, context)
  } catch (error) {
    const test = (expect.getState().currentTestName ?? "test")
      .replace(/[^\w가-힣]+/g, "-")
      .slice(0, 80)
    await screenshot(page, `next-failed-${test}`).catch(() => undefined)
    throw error
  } finally {
    await context.close()
  }
}

/** From the product list to the checkout's payment step; returns the cart id (from the httpOnly cookie). */
async function addToCart(
  page: Page,
  products: { handle: string }[],
  countryCode = "kr"
): Promise<string> {
  for (const [index, product] of products.entries()) {
    if (index > 0) await page.goto(`${storefront!.url}/${countryCode}`)
    await page
      .getByTestId(`product-${product.handle}`)
      .getByTestId("add-to-cart")
      .click()
    await page.waitForURL(`${storefront!.url}/${countryCode}/checkout?step=payment`)
    await page.getByTestId("cart-summary").locator(".row").nth(index).waitFor()
  }
  const cookie = (await page.context().cookies()).find(
    (c) => c.name === CART_COOKIE
  )
  if (!cookie) throw new Error("The storefront set no cart cookie")
  return cookie.value
}

/** The payment step: Toss and one of its methods, "Continue to review"; returns the cart's Toss sessions once the step made one. */
async function choosePaymentStep(page: Page, cartId: string, method = "CARD") {
  await page.getByTestId("payment-method-pp_toss_toss").locator("input").check()
  await page.getByTestId("toss-method-select").selectOption(method)
  await page.getByTestId("submit-payment-button").click()
  await placeOrder(page).waitFor()
  expect(new URL(page.url()).search).toBe("?step=review")
  const { rows } = await store().db.query<{
    id: string
    method: string
    integration: string
  }>(
    `SELECT ps.id, ps.data->>'method' AS method, ps.data->>'integration' AS integration
       FROM cart_payment_collection cpc JOIN payment_session ps ON ps.payment_collection_id = cpc.payment_collection_id
      WHERE cpc.cart_id = $1 AND cpc.deleted_at IS NULL AND ps.deleted_at IS NULL AND ps.provider_id = 'pp_toss_toss'`,
    [cartId]
  )
  expect(rows).toHaveLength(1)
  return rows
}

/** The starter's "Place order" button (its test id), on the review step once the cart has a Toss session. */
function placeOrder(page: Page) {
  return page.getByTestId("submit-order-button")
}

/** Adds a country to the demo's KRW region, through Medusa's admin API. */
async function addCountryToRegion(demo: Demo, countryCode: string) {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${demo.backendUrl}${path}`, {
      ...init,
      headers: { "content-type": "application/json", ...init.headers },
    })
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json()
  }
  const { token } = await call("/auth/user/emailpass", {
    method: "POST",
    body: JSON.stringify(DEMO_ADMIN),
  })
  const authorization = { authorization: `Bearer ${token}` }
  const { regions } = await call("/admin/regions?fields=id,currency_code,*countries", { headers: authorization })
  const region = regions.find((r: { currency_code: string }) => r.currency_code === "krw")
  const countries = [...region.countries.map((c: { iso_2: string }) => c.iso_2), countryCode]
  await call(`/admin/regions/${region.id}`, {
    method: "POST",
    headers: authorization,
    body: JSON.stringify({ countries }),
  })
}

/** The confirms Toss (the sandbox) receives from now on. */
function confirmsFrom(demo: Demo) {
  const before = demo.sandbox!.requestsTo("POST", "/v1/payments/confirm").length
  return () =>
    demo.sandbox!.requestsTo("POST", "/v1/payments/confirm").slice(before)
}

/** Every request the page makes to `pathname`, as it makes them. */
function requestsTo(page: Page, pathname: string): Request[] {
  const seen: Request[] = []
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === pathname) seen.push(request)
  })
  return seen
}

async function confirmation(page: Page) {
  const card = page.getByTestId("order-confirmation")
  await card.waitFor({ timeout: 60_000 })
  return {
    heading: await card.locator("h1").innerText(),
    orderNumber: await page.getByTestId("order-number").innerText(),
    total: await page.getByTestId("order-total").innerText(),
    method: await page.getByTestId("payment-method").innerText(),
  }
}

async function failure(page: Page) {
  const card = page.getByTestId("toss-failure")
  await card.waitFor({ timeout: 60_000 })
  return {
    // The fail page shows what its URL says: Toss's failUrl query, or the success route's.
    code: new URL(page.url()).searchParams.get("code"),
    title: await card.locator("h1").innerText(),
    message: await card.locator("p").innerText(),
    button: await page.getByTestId("retry-button").innerText(),
  }
}
