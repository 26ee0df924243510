/**
 * A shopper on the store API: the same cart every time (one item, parcel
 * shipping, an e-mail), a payment session with either provider, and the
 * completion request, timed.
 */
import { Client } from "pg"
import { PORTONE_PROVIDER_ID, TOSS_PROVIDER_ID } from "../demo/constants"

export { PORTONE_PROVIDER_ID, TOSS_PROVIDER_ID }
export const SYSTEM_PROVIDER_ID = "pp_system_default"
/** A demo product (demo/seed.ts): 15,000 won, plus 3,000 won shipping. */
const PRODUCT_HANDLE = "jeju-tangerine-5kg"

const SHIPPING_ADDRESS = {
  first_name: "길동",
  last_name: "홍",
  address_1: "송파구 올림픽로 300",
  city: "서울특별시",
  postal_code: "05551",
  country_code: "kr",
  phone: "01012345678",
}

export interface Answer<T = any> {
  status: number
  data: T
  /** Request sent to answer read, on the client. */
  ms: number
}

export interface PreparedCart {
  cartId: string
  total: number
  session: { id: string; provider_id: string; data: Record<string, any> }
}

interface Fixture {
  publishableKey: string
  regionId: string
  variantId: string
  shippingOptionId: string
}

export class Shop {
  private constructor(
    readonly url: string,
    private readonly fixture: Fixture,
    /** A logged-in customer's `authorization` header, if any. */
    private readonly authorization?: string
  ) {}

  /** The same shop, as a logged-in customer (`Bearer …`): carts are theirs, saved cards usable. */
  as(authorization: string): Shop {
    return new Shop(this.url, this.fixture, authorization)
  }

  /** The seeded store's publishable key, region, product variant and shipping option. */
  static async open(url: string, databaseUrl: string): Promise<Shop> {
    const publishableKey = await readPublishableKey(databaseUrl)
    const probe = new Shop(url, { publishableKey, regionId: "", variantId: "", shippingOptionId: "" })
    const { data: regions } = await probe.call("GET", "/store/regions")
    const region = regions.regions.find((candidate: { currency_code: string }) => candidate.currency_code === "krw")
    const { data: products } = await probe.call("GET", `/store/products?handle=${PRODUCT_HANDLE}&fields=variants.id`)
    const fixture = { publishableKey, regionId: region.id, variantId: products.products[0].variants[0].id, shippingOptionId: "" }
    const shop = new Shop(url, fixture)
    const cartId = await shop.createCart()
    const { data: options } = await shop.call("GET", `/store/shipping-options?cart_id=${cartId}`)
    fixture.shippingOptionId = options.shipping_options[0].id
    return shop
  }

  /**
   * A shop on each of `urls`, opened one after the other: each opening makes
   * a cart, and the first carts of a fresh store, made at once, race to
   * create the shopper's guest customer (400).
   */
  static async openEach(urls: string[], databaseUrl: string): Promise<Shop[]> {
    const shops: Shop[] = []
    for (const url of urls) shops.push(await Shop.open(url, databaseUrl))
    return shops
  }

  /** A cart ready to pay with `providerId`: item, address, shipping method, payment session. */
  async prepareCart(providerId: string, data: Record<string, unknown> = {}): Promise<PreparedCart> {
    const cartId = await this.createCart()
    const { data: shipped } = await this.call("POST", `/store/carts/${cartId}/shipping-methods`, { option_id: this.fixture.shippingOptionId })
    const { data: created } = await this.call("POST", "/store/payment-collections", { cart_id: cartId })
    const { data: initiated } = await this.call("POST", `/store/payment-collections/${created.payment_collection.id}/payment-sessions`, {
      provider_id: providerId,
      data,
    })
    const session = initiated.payment_collection.payment_sessions.find((candidate: { provider_id: string }) => candidate.provider_id === providerId)
    return { cartId, total: shipped.cart.total, session }
  }

  /** Medusa's own completion (`pp_system_default` authorises at once). */
  completeCart(cartId: string): Promise<Answer> {
    return this.call("POST", `/store/carts/${cartId}/complete`, undefined, { check: false })
  }

  /** The plugin's hand-off, with the parameters of Toss's success redirect. */
  completeWithToss(body: { cart_id: string; paymentKey: string; orderId: string; amount: number }): Promise<Answer> {
    return this.call("POST", "/store/toss/complete", body, { check: false })
  }

  /** The plugin's PortOne hand-off, with what PortOne's window answered (the paymentId, the session id). */
  completeWithPortOne(body: { paymentId: string; paymentToken?: string; txId?: string }): Promise<Answer> {
    return this.call("POST", "/store/portone/complete", body, { check: false })
  }

  private async createCart(): Promise<string> {
    const { data } = await this.call("POST", "/store/carts", {
      region_id: this.fixture.regionId,
      email: "shopper@example.com",
      items: [{ variant_id: this.fixture.variantId, quantity: 1 }],
      shipping_address: SHIPPING_ADDRESS,
      billing_address: SHIPPING_ADDRESS,
    })
    return data.cart.id
  }

  async call(method: string, path: string, body?: unknown, { check = true } = {}): Promise<Answer> {
    const started = performance.now()
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        "x-publishable-api-key": this.fixture.publishableKey,
        ...(this.authorization ? { authorization: this.authorization } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    const ms = performance.now() - started
    const data = text ? JSON.parse(text) : null
    if (check && !response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`)
    }
    return { status: response.status, data, ms }
  }
}

/** Medusa creates a publishable key on first start; the demo seed links it to the products' channel. */
async function readPublishableKey(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT token FROM api_key WHERE type = 'publishable' AND revoked_at IS NULL AND deleted_at IS NULL ORDER BY created_at LIMIT 1`
    )
    if (!rows.length) throw new Error("The bench database has no publishable API key: did the seed run?")
    return rows[0].token
  } finally {
    await client.end()
  }
}

/** Runs `task` over `items`, at most `concurrency` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return results
}
