import { Heading, Text } from "@modules/common/components/ui"
import ItemRows from "@modules/common/components/item-rows"
import { HttpTypes } from "@medusajs/types"
import { tossDepositInstructions, tossLocale } from "medusa-payment-toss/storefront"

type OrderCompletedTemplateProps = {
  order: HttpTypes.StoreOrder
  countryCode?: string
}

// The DTC starter's order confirmation (src/modules/order/templates), shortened:
// its order, items and payment details in a few rows.
export default async function OrderCompletedTemplate({
  order,
  countryCode,
}: OrderCompletedTemplateProps) {
  const deposit = tossDepositInstructions(order, { locale: tossLocale(countryCode) })
  // What Toss reported for the payment, as the provider stores it (카드, 간편결제, 가상계좌 …).
  const toss = (order.payment_collections?.[0]?.payments?.[0] ??
    order.payment_collections?.[0]?.payment_sessions?.[0])?.data?.payment as
    | { method?: string }
    | undefined

  return (
    <section className="card" data-testid="order-confirmation">
      <Heading level="h1">Thank you!</Heading>
      <div className="row">
        <span>Order number</span>
        <span data-testid="order-number">{order.display_id}</span>
      </div>
      <ItemRows items={order.items} />
      <div className="row">
        <span>Payment method</span>
        <span data-testid="payment-method">{toss?.method}</span>
      </div>
      <div className="row">
        <strong>Total</strong>
        <strong data-testid="order-total">
          {order.total.toLocaleString("ko-KR")}원
        </strong>
      </div>
      {deposit && (
        <div data-testid="toss-deposit">
          <Heading level="h2" className="text-3xl-regular mb-4">{deposit.title}</Heading>
          {deposit.rows.map(({ name, label, value }) => (
            <Text key={name} className="txt-medium text-ui-fg-subtle" data-testid={`toss-deposit-${name}`}>{label}: {value}</Text>
          ))}
        </div>
      )}
    </section>
  )
}
