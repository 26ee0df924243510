import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { BigNumber, ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { storableText } from "../../providers/toss/text"
import { isTossProviderId, tossOptions } from "../../lib/toss-config"
import type { TossEscrowProduct } from "../../toss/types"

interface CartLine {
  id: string
  title?: string | null
  quantity?: unknown
  unit_price?: unknown
  total?: unknown
  variant_sku?: string | null
  product_id?: string | null
  tax_lines?: ({ rate?: unknown } | null)[] | null
}

interface CartRow {
  items?: (CartLine | null)[] | null
  shipping_methods?: ({ total?: unknown; tax_lines?: ({ rate?: unknown } | null)[] | null } | null)[] | null
}

const won = (amount: unknown) => Math.round(new BigNumber((amount ?? 0) as number).numeric)

/**
 * Tax-free (면세) in Medusa's own terms: a line whose tax lines all have a
 * rate of 0, i.e. a product the store's tax rules exempt (a book, fresh
 * food). A line with no tax line at all is taxed: Korean prices include VAT,
 * and a region without tax rules has none.
 */
function isTaxFree(line: { tax_lines?: ({ rate?: unknown } | null)[] | null }): boolean {
  const rates = (line.tax_lines ?? []).filter(Boolean).map((taxLine) => Number(taxLine!.rate ?? 0))
  return rates.length > 0 && rates.every((rate) => rate === 0)
}

/** What `cartSessionData` reads of a cart (or an order: the same fields). */
export const SESSION_DATA_FIELDS = [
  "items.id",
  "items.title",
  "items.quantity",
  "items.unit_price",
  "items.total",
  "items.variant_sku",
  "items.product_id",
  "items.tax_lines.rate",
  "shipping_methods.total",
  "shipping_methods.tax_lines.rate",
]

/** The cart's tax-free amount and its products as Toss's escrow wants them. */
export function cartSessionData(cart: CartRow, { escrow }: { escrow: boolean }) {
  const items = (cart.items ?? []).filter((item): item is CartLine => Boolean(item))
  const taxFreeAmount =
    items.filter(isTaxFree).reduce((sum, item) => sum + won(item.total), 0) +
    (cart.shipping_methods ?? []).filter((method) => method && isTaxFree(method)).reduce((sum, method) => sum + won(method!.total), 0)
  const escrowProducts: TossEscrowProduct[] | undefined = escrow
    ? items.map((item) => ({
        id: item.id,
        name: storableText(item.title, 100) || item.id,
        code: item.variant_sku || item.product_id || item.id,
        unitPrice: won(item.unit_price),
        quantity: won(item.quantity),
      }))
    : undefined
  return { taxFreeAmount, ...(escrowProducts ? { escrowProducts } : {}) }
}

/**
 * Before Medusa's `POST /store/payment-collections/:id/payment-sessions`
 * for Toss: what the server decides from the cart goes into the session's
 * data, written over whatever the storefront sent.
 */
export async function addTossCartSessionData(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  try {
    const body = req.body as { provider_id?: unknown; data?: unknown } | undefined
    const sent = body?.data ?? {}
    // Not a Toss session, or a body Medusa's own validation refuses.
    if (!body || !isTossProviderId(body.provider_id) || typeof sent !== "object" || Array.isArray(sent)) {
      return next()
    }
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data: links } = await query.graph({
      entity: "cart_payment_collection",
      fields: ["cart_id"],
      filters: { payment_collection_id: req.params.id },
    })
    // Read as a cart, with its total: Medusa computes the line totals then.
    const { data: carts } = links[0]
      ? await query.graph({
          entity: "cart",
          fields: [
            "total",
            ...SESSION_DATA_FIELDS,
          ],
          filters: { id: links[0].cart_id },
        })
      : { data: [] }
    const cart = carts[0] as CartRow | undefined
    if (cart) {
      const computed = cartSessionData(cart, { escrow: (tossOptions(req.scope, body.provider_id).escrow ?? "off") !== "off" })
      body.data = { ...sent, ...computed }
      const validated = (req as { validatedBody?: { data?: Record<string, unknown> } }).validatedBody
      if (validated) {
        validated.data = { ...(validated.data ?? {}), ...computed }
      }
    }
    next()
  } catch (error) {
    next(error)
  }
}
