/**
 * What the browser tests share: the demo store (booted once for all files by
 * global-setup.ts, as `npm run demo` boots it), Debian's Chromium, the
 * shopper's steps on the demo storefront, and read-only queries on the demo
 * database.
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { Client } from "pg"
import { Browser, BrowserContext, chromium, FrameLocator, Locator, Page } from "playwright-core"
import { DOCS_MERCHANTS, type RecordedRequest } from "../sandbox"
import { PORTONE_TEST_API_SECRET } from "../sandbox/portone"
import type { Demo } from "../demo/run"

const ROOT = path.resolve(__dirname, "..")
const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e")
const MEDUSA_CLI = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
/** Where the demo storefront keeps the shopper's cart id (demo/storefront/src/cart.ts). */
const CART_ID_KEY = "demo-shop:cart-id"

export interface E2E {
  demo: Demo
  browser: Browser
  db: Client
}

/** The demo store (booted once by global-setup.ts) and, for a test file, the browser and a database client. */
export function useDemoStore(): () => E2E {
  let e2e: E2E | undefined
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    const demo = (globalThis as { __E2E_DEMO__?: Demo }).__E2E_DEMO__
    if (!demo) throw new Error("No demo store: e2e/global-setup.ts boots it, for jest in band with e2e/jest.config.js (npm run test:e2e).")
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    try {
      // Bounded, so a stuck read fails the test that made it with a clear error.
      const db = new Client({ connectionString: demo.databaseUrl, query_timeout: 15_000, connectionTimeoutMillis: 15_000 })
      await db.connect()
      e2e = { demo, browser, db }
    } catch (error) {
      await browser.close()
      throw error
    }
  }, 60_000)
  afterAll(async () => {
    await e2e?.db.end()
    await e2e?.browser.close()
  }, 60_000)
  return () => {
    if (!e2e) throw new Error("The demo store did not start (see test-artifacts/e2e/medusa.log).")
    return e2e
  }
}

/**
 * Runs the plugin's periodic work once, now, in a `medusa exec` beside the
 * demo's Medusa (same database, same Toss): the reconciliation run and/or
 * the settlements read that src/jobs schedule.
 */
export function runStoreJobs(demo: Demo, jobs: Array<"reconcile" | "settlements">): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    MEDUSA_ADMIN_DISABLED: "true",
    DATABASE_URL: demo.databaseUrl,
    TOSS_API_BASE_URL: demo.sandbox!.url,
    TOSS_BILLING: "true",
  }
  // PortOne too: Medusa disables, at boot, every payment provider its configuration does not register.
  const portOne = demo.portOneSandbox!
  Object.assign(env, {
    PORTONE_STORE_ID: portOne.storeId,
    PORTONE_API_SECRET: PORTONE_TEST_API_SECRET,
    PORTONE_WEBHOOK_SECRET: portOne.webhookSecret,
    PORTONE_CHANNEL_KEYS: portOne.channels.map((channel) => channel.key).join(","),
    PORTONE_API_BASE_URL: portOne.url,
  })
  // The sandbox's keys, which the demo's Medusa runs with.
  const [payment, widget] = [DOCS_MERCHANTS.find((m) => m.clientKey.includes("_ck_"))!, DOCS_MERCHANTS.find((m) => m.clientKey.includes("_gck_"))!]
  Object.assign(env, { TOSS_CLIENT_KEY: payment.clientKey, TOSS_SECRET_KEY: payment.secretKey, TOSS_WIDGET_CLIENT_KEY: widget.clientKey, TOSS_WIDGET_SECRET_KEY: widget.secretKey })
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MEDUSA_CLI, "exec", "./e2e/store-jobs.ts", ...jobs], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout!.on("data", (chunk) => (output += chunk))
    child.stderr!.on("data", (chunk) => (output += chunk))
    child.on("error", reject)
    child.on("exit", (code) => {
      fs.writeFileSync(path.join(ARTIFACTS, "store-jobs.log"), output)
      return code === 0 ? resolve() : reject(new Error(`medusa exec ./e2e/store-jobs.ts ${jobs.join(" ")} failed (${code}):\n${output.slice(-4000)}`))
    })
  })
}

/** A new shopper: a fresh browser context (no cart), Korean locale and time; on a computer, or on a phone. */
export async function newShopper(browser: Browser, { mobile = false }: { mobile?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const phone = {
    viewport: { width: 390, height: 844 },
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    isMobile: true,
    hasTouch: true,
  }
  const context = await browser.newContext({
    ...(mobile ? phone : { viewport: { width: 1280, height: 900 } }),
    locale: "ko-KR",
    timezoneId: "Asia/Seoul",
  })
  context.setDefaultTimeout(30_000)
  const page = await context.newPage()
  return { context, page }
}

/** A picture of the page, or of one part of it (the admin dashboard scrolls inside its own pane). */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  const file = path.join(ARTIFACTS, `${name}.png`)
  await ("goto" in target ? target.screenshot({ path: file, fullPage: true }) : target.screenshot({ path: file }))
}

/** From the product list to a checkout page with a shipping method chosen. */
export async function checkoutWith(page: Page, storefrontUrl: string, handles: string[]): Promise<string> {
  await page.goto(storefrontUrl)
  for (const handle of handles) {
    const card = page.getByTestId(`product-${handle}`)
    await card.getByTestId("add-to-cart").click()
    await page.getByTestId("cart-summary").locator("li").nth(handles.indexOf(handle)).waitFor()
  }
  await page.getByTestId("go-checkout").click()
  await page.locator("[data-testid=shipping-options] input:checked").waitFor({ state: "attached" })
  await page.getByTestId("pay-button").waitFor()
  return cartIdOf(page)
}

export async function cartIdOf(page: Page): Promise<string> {
  const cartId = await page.evaluate((key) => localStorage.getItem(key), CART_ID_KEY)
  if (!cartId) throw new Error("The storefront has no cart")
  return cartId
}

/**
 * Toss's payment window (the sandbox's). On a desktop browser Toss's SDK opens
 * it in an iframe over the store's page (windowTarget "iframe", its default
 * there), so that is where the shopper's buttons are.
 */
export function tossWindow(page: Page): FrameLocator {
  return page.frameLocator("[data-testid=toss-window-frame]")
}

/** Opens Toss's payment window for a method of the "일반결제" tab. */
export async function openPaymentWindow(page: Page, method = "CARD"): Promise<void> {
  await page.getByTestId(`pay-method-${method}`).click()
  await page.getByTestId("pay-button").click()
  await tossWindow(page).getByTestId("toss-approve").waitFor()
}

/** The confirmation page after a successful payment. */
export async function confirmation(page: Page) {
  await page.getByTestId("order-confirmation").waitFor({ timeout: 60_000 })
  return {
    heading: await page.locator("[data-testid=order-confirmation] h1").first().innerText(),
    orderNumber: await page.getByTestId("order-number").innerText(),
    total: await page.getByTestId("order-total").innerText(),
    method: await page.getByTestId("payment-method").innerText(),
  }
}

/** The failure card (fail URL, refused confirmation, tampered result). */
export async function failure(page: Page) {
  const card = page.getByTestId("payment-failure")
  await card.waitFor({ timeout: 60_000 })
  return {
    code: await card.getAttribute("data-code"),
    canceledByShopper: (await card.getAttribute("data-canceled")) === "true",
    title: await card.locator("h1").innerText(),
    text: await card.innerText(),
  }
}

export function won(amount: number): string {
  return `${amount.toLocaleString("ko-KR")}원`
}

// --- The database, read-only ---------------------------------------------

export interface OrderRow {
  id: string
  display_id: number
}

export async function orderForCart(db: Client, cartId: string): Promise<OrderRow | null> {
  const { rows } = await db.query<OrderRow>(
    `SELECT o.id, o.display_id FROM order_cart oc JOIN "order" o ON o.id = oc.order_id
      WHERE oc.cart_id = $1 AND oc.deleted_at IS NULL AND o.deleted_at IS NULL`,
    [cartId]
  )
  return rows[0] ?? null
}

export interface PaymentRow {
  id: string
  provider_id: string
  amount: string
  captured_at: Date | null
  captured: string
  data: Record<string, unknown>
}

/** The cart's payments (Medusa creates one when the provider authorises), with what was captured. */
export async function paymentsForCart(db: Client, cartId: string): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT p.id, p.provider_id, p.amount::text, p.captured_at, p.data,
            COALESCE((SELECT SUM(c.amount) FROM capture c WHERE c.payment_id = p.id AND c.deleted_at IS NULL), 0)::text AS captured
       FROM cart_payment_collection cpc JOIN payment p ON p.payment_collection_id = cpc.payment_collection_id
      WHERE cpc.cart_id = $1 AND cpc.deleted_at IS NULL AND p.deleted_at IS NULL`,
    [cartId]
  )
  return rows
}

export async function cartRow(db: Client, cartId: string) {
  const { rows } = await db.query<{ completed_at: Date | null; items: string[] }>(
    `SELECT c.completed_at,
            ARRAY(SELECT li.title || ' × ' || li.quantity FROM cart_line_item li
                   WHERE li.cart_id = c.id AND li.deleted_at IS NULL ORDER BY li.title) AS items
       FROM cart c WHERE c.id = $1`,
    [cartId]
  )
  return rows[0]
}

/** Polls until `check` returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

// --- The sandbox's request log -------------------------------------------

export function confirmsFor(demo: Demo, orderId: string): RecordedRequest[] {
  return demo.sandbox!.requestsTo("POST", "/v1/payments/confirm").filter(
    (request) => (request.body as { orderId?: string } | null)?.orderId === orderId
  )
}

/** The secret key a request authenticated with (`Basic base64(secretKey + ":")`). */
export function secretKeyOf(request: RecordedRequest): string {
  const encoded = String(request.headers.authorization ?? "").replace(/^Basic /, "")
  return Buffer.from(encoded, "base64").toString("utf8").replace(/:$/, "")
}
