/**
 * Stand-ins for the browser, Toss's SDK and a Medusa backend running the Toss
 * provider, shaped like the real answers and recording what they were sent.
 */
import type { CheckoutCart, CheckoutPaymentSession, MedusaStoreSdk } from "../types"

type Recorded = { kind: string; clientKey: string; customerKey?: string; args: unknown }

/** What the fake Toss SDK was asked to do, in order. */
export const toss = {
  calls: [] as Recorded[],
  /** The next `requestPayment` rejects with this (Toss's SDK errors carry a code). */
  failNextRequest: undefined as undefined | { code: string; message: string },
  reset() {
    this.calls = []
    this.failNextRequest = undefined
  },
  of(kind: string) {
    return this.calls.filter((call) => call.kind === kind)
  },
}

function record(kind: string, clientKey: string, customerKey?: string) {
  return async (args?: unknown) => {
    toss.calls.push({ kind, clientKey, customerKey, args })
    if (kind.endsWith("requestPayment") && toss.failNextRequest) {
      const failure = toss.failNextRequest
      toss.failNextRequest = undefined
      throw Object.assign(new Error(failure.message), failure)
    }
    return { destroy: record(`${kind}.destroy`, clientKey, customerKey) }
  }
}

// Toss's loader caches the global it found on first use, so the global stays
// the same function for the whole test file and only the recorder is reset.
function TossPayments(clientKey: string) {
  toss.calls.push({ kind: "load", clientKey, args: undefined })
  return {
    payment: ({ customerKey }: { customerKey: string }) => ({
      requestPayment: record("payment.requestPayment", clientKey, customerKey),
      requestBillingAuth: record("payment.requestBillingAuth", clientKey, customerKey),
    }),
    widgets: ({ customerKey }: { customerKey: string }) => ({
      setAmount: record("widgets.setAmount", clientKey, customerKey),
      renderPaymentMethods: record("widgets.renderPaymentMethods", clientKey, customerKey),
      renderAgreement: record("widgets.renderAgreement", clientKey, customerKey),
      requestPayment: record("widgets.requestPayment", clientKey, customerKey),
    }),
  }
}

type PortOneAnswer = Record<string, unknown> | undefined

/** What the fake PortOne SDK (`window.PortOne`) was asked, and what it answers next. */
export const portone = {
  requests: [] as Array<Record<string, unknown>>,
  /** The next answers of `requestPayment` and `requestIssueBillingKey`, in order; by default the shopper pays (or saves). undefined: PortOne redirected. */
  answers: [] as PortOneAnswer[],
  reset() {
    this.requests = []
    this.answers = []
  },
}

// The official loader takes the `window.PortOne` it finds on first use and
// keeps it: one object for the whole test file, only its recorder is reset.
const PortOne = {
  async requestPayment(request: Record<string, unknown>) {
    portone.requests.push(structuredClone(request))
    const answer = portone.answers.length ? portone.answers.shift() : {}
    return answer && { transactionType: "PAYMENT", paymentId: request.paymentId, txId: `tx-${portone.requests.length}`, ...answer }
  },
  async requestIssueBillingKey(request: Record<string, unknown>) {
    portone.requests.push(structuredClone(request))
    const answer = portone.answers.length ? portone.answers.shift() : {}
    return answer && { transactionType: "ISSUE_BILLING_KEY", billingKey: `billing-key-${portone.requests.length}`, ...answer }
  },
}

/** A page at `href` with its own sessionStorage; Toss's and PortOne's SDKs already on the page. */
export function installBrowser(href = "https://shop.example/checkout") {
  const items = new Map<string, string>()
  const sessionStorage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  }
  Object.assign(globalThis, {
    window: { location: new URL(href), sessionStorage, TossPayments, PortOne },
    // The loader only checks that a document exists when the global is present.
    document: {},
  })
  toss.reset()
  portone.reset()
  return { sessionStorage: items }
}

export function uninstallBrowser() {
  delete (globalThis as { window?: unknown }).window
  delete (globalThis as { document?: unknown }).document
}

export function koreanCart(overrides: Partial<CheckoutCart> = {}): CheckoutCart {
  const address = {
    id: "caaddr_01JBQ8ZK3V6Y2W1M0N9P8R7S6T",
    first_name: "길동",
    last_name: "홍",
    phone: "+82 10-1234-5678",
    address_1: "테헤란로 131",
    address_2: "15층",
    city: "강남구",
    province: "서울특별시",
    postal_code: "06133",
    country_code: "kr",
  }
  return {
    id: "cart_01JBQ8ZK3V6Y2W1M0N9P8R7S6T",
    currency_code: "krw",
    email: "gildong@example.com",
    region_id: "reg_01JBQ8ZK3V6Y2W1M0N9P8R7S6T",
    subtotal: 15000,
    shipping_total: 3000,
    total: 18000,
    items: [
      {
        id: "cali_01JBQ8ZK3V6Y2W1M0N9P8R7S6T",
        title: "토스 로고 티셔츠",
        subtitle: "M",
        product_title: "토스 로고 티셔츠",
        quantity: 1,
        unit_price: 15000,
      },
    ],
    shipping_address: address,
    billing_address: address,
    customer: { id: "cus_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", email: "gildong@example.com", has_account: false },
    payment_collection: null,
    ...overrides,
  } as CheckoutCart
}

// Session ids (and so orderIds) are unique across the file, like the server's:
// the module remembers attempted orderIds for the whole page.
let sessionCount = 0

const KEYS = { payment: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq", widget: "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm" }

/**
 * A session as the Toss provider stores it (public data): the orderId is the
 * session id, `clientKey` belongs to the session's integration, and the keys
 * the storefront sent are replaced by the provider's own.
 */
export function tossSession(cart: CheckoutCart, data: Record<string, unknown> = {}): CheckoutPaymentSession {
  const n = ++sessionCount
  const id = `payses_01JBQ8ZK3V6Y2W1M0N9P${String(n).padStart(6, "0")}`
  const integration = data.integration === "widget" ? "widget" : "payment"
  return {
    id,
    provider_id: "pp_toss_toss",
    amount: cart.total,
    currency_code: "krw",
    status: "pending",
    data: {
      session_id: id,
      orderId: id,
      orderName: "토스 로고 티셔츠",
      amount: cart.total,
      currency: "KRW",
      integration,
      method: null,
      clientKey: KEYS[integration],
      paymentKey: null,
      status: null,
      payment: null,
      refundTransactionKeys: [],
      ...data,
    },
  } as CheckoutPaymentSession
}

export const PORTONE_CHANNELS = { tosspay: "channel-key-tosspay-0001", card: "channel-key-inicis-0002" }

/**
 * A session as the PortOne provider stores it (public data): PortOne's
 * paymentId is the session id, the window's public fields in `data.portone`.
 */
export function portOneSession(cart: CheckoutCart, portone: Record<string, unknown> = {}): CheckoutPaymentSession {
  const id = `payses_01JBQ8ZK3V6Y2W1M0N9P${String(++sessionCount).padStart(6, "0")}`
  return {
    id,
    provider_id: "pp_portone_portone",
    amount: cart.total,
    data: {
      portone: {
        storeId: "store-00000000-0000-4000-8000-000000000000",
        paymentId: id,
        channelKeys: [PORTONE_CHANNELS.card, PORTONE_CHANNELS.tosspay],
        orderName: "토스 로고 티셔츠",
        totalAmount: cart.total,
        taxFreeAmount: 0,
        currency: "KRW",
        ...portone,
      },
    },
  }
}

type CompleteAnswer = { status: number; body: Record<string, unknown> }

/**
 * A Medusa backend with the Toss provider (or the PortOne one, `portOneSession`):
 * initiating replaces the collection's sessions with a new one, the plugin's
 * completion routes answer from `completeAnswers`.
 */
export function fakeMedusa(startCart: CheckoutCart, newSession?: (cart: CheckoutCart) => CheckoutPaymentSession) {
  let cart = structuredClone(startCart)
  const calls = {
    retrieve: [] as Array<{ id: string; query: unknown }>,
    initiate: [] as Array<{ provider_id: string; data?: Record<string, unknown> }>,
    fetch: [] as Array<{ path: string; init: unknown }>,
    /** The headers of every call above, in order. */
    headers: [] as Array<Record<string, string> | undefined>,
  }
  const completeAnswers: CompleteAnswer[] = []
  /** Failure of the next initiation, as js-sdk's FetchError carries it. */
  let initiateError: { status: number; message: string } | undefined

  const sdk: MedusaStoreSdk = {
    client: {
      async fetch<T>(path: string, init?: { headers?: Record<string, string> }) {
        calls.fetch.push({ path, init })
        calls.headers.push(init?.headers)
        const answer = completeAnswers.shift() ?? { status: 500, body: { message: "no answer prepared" } }
        if (answer.status >= 300) {
          throw Object.assign(new Error(String(answer.body.message)), { status: answer.status, statusText: "" })
        }
        return answer.body as T
      },
    },
    store: {
      cart: {
        async retrieve(id, query, headers) {
          calls.retrieve.push({ id, query })
          calls.headers.push(headers)
          return { cart: structuredClone(cart) }
        },
      },
      payment: {
        async initiatePaymentSession(_cart, body, _query, headers) {
          calls.initiate.push(structuredClone(body))
          calls.headers.push(headers)
          if (initiateError) {
            const error = initiateError
            initiateError = undefined
            throw Object.assign(new Error(error.message), { status: error.status, statusText: "" })
          }
          // What the server keeps of the storefront's data (the provider writes its own keys).
          const { method = null, integration, orderName, ...chosen } = body.data ?? {}
          const session = newSession ? newSession(cart) : tossSession(cart, { method, integration, orderName, ...chosen })
          cart = { ...cart, payment_collection: { id: "pay_col_01JBQ8ZK3V6Y2W1M0N9P8R7S6T", payment_sessions: [session] } }
          return { payment_collection: structuredClone(cart.payment_collection!) }
        },
      },
    },
  }

  return {
    sdk,
    calls,
    completeAnswers,
    get cart() {
      return cart
    },
    /** Replaces the cart the backend holds, e.g. to give it a session or a new total. */
    setCart(next: CheckoutCart) {
      cart = structuredClone(next)
    },
    failNextInitiate(status: number, message: string) {
      initiateError = { status, message }
    },
  }
}
