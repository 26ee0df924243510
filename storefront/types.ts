/**
 * The parts of Medusa's store API this module reads, described structurally so
 * that a `Medusa` instance from `@medusajs/js-sdk` (and the carts it returns)
 * fit without this package depending on `@medusajs/types` at runtime or in its
 * published declarations. Tests pass small fakes of the same shape.
 */

export interface CheckoutAddress {
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
}

export interface CheckoutPaymentSession {
  id: string
  provider_id: string
  amount: number
  data?: Record<string, unknown> | null
}

export interface CheckoutCart {
  id: string
  email?: string | null
  total: number
  currency_code: string
  items?: Array<{ title: string; quantity: number }> | null
  billing_address?: CheckoutAddress | null
  shipping_address?: CheckoutAddress | null
  /** Present when the cart is retrieved with `*customer` (this module asks for it). */
  customer?: {
    id: string
    email?: string | null
    first_name?: string | null
    last_name?: string | null
    phone?: string | null
    has_account?: boolean
  } | null
  payment_collection?: {
    id: string
    payment_sessions?: CheckoutPaymentSession[] | null
  } | null
}

/** The order `POST /store/toss/complete` answers with; its fields depend on the server. */
export interface CompletedOrder {
  id: string
  display_id?: number | null
  [field: string]: unknown
}

/**
 * Headers for the store API calls of one request, e.g. a logged-in customer's
 * `authorization` in a server action (the js-sdk's `ClientHeaders`).
 */
export type StoreHeaders = Record<string, string>

interface FetchInit {
  method?: string
  body?: Record<string, unknown>
  query?: Record<string, unknown>
  headers?: StoreHeaders
}

/** What this module needs from a js-sdk `Medusa` instance (2.x). */
export interface MedusaStoreSdk {
  client: {
    fetch<T>(input: string, init?: FetchInit): Promise<T>
  }
  store: {
    cart: {
      retrieve(id: string, query?: { fields?: string }, headers?: StoreHeaders): Promise<{ cart: CheckoutCart }>
    }
    payment: {
      initiatePaymentSession(
        cart: CheckoutCart,
        body: { provider_id: string; data?: Record<string, unknown> },
        query?: Record<string, unknown>,
        headers?: StoreHeaders
      ): Promise<{ payment_collection: { id: string; payment_sessions?: CheckoutPaymentSession[] | null } }>
    }
  }
}

/** Details Toss shows in its window and uses for receipts; all optional. */
export interface TossCustomer {
  name?: string
  email?: string
  /** Any common spelling (`010-1234-5678`, `+82 10 1234 5678`); normalised to digits. */
  mobilePhone?: string
}

/** `integration` picks the key pair: API individual keys for the payment window, widget keys for the widget. */
export type TossIntegration = "payment" | "widget"

/**
 * Toss's payment window methods. `EASY_PAY` opens one easy-pay app directly
 * (Toss's `CARD` window with `flowMode: "DIRECT"`), so it needs `easyPay`.
 */
export type TossPaymentMethod =
  | "CARD"
  | "TRANSFER"
  | "VIRTUAL_ACCOUNT"
  | "MOBILE_PHONE"
  | "CULTURE_GIFT_CERTIFICATE"
  | "BOOK_GIFT_CERTIFICATE"
  | "GAME_GIFT_CERTIFICATE"
  | "EASY_PAY"

/** Toss's easy-pay codes; the list is open because Toss adds providers. */
export type TossEasyPay = "TOSSPAY" | "KAKAOPAY" | "NAVERPAY" | "PAYCO" | "SAMSUNGPAY" | "SSG" | "LPAY" | (string & {})
