import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Copy, Heading, Text } from "@medusajs/ui"
import { won } from "../lib/toss-labels"

/**
 * What an order still owes after it was changed (an order edit, an
 * exchange, a claim), and how the shopper pays it with Toss. Medusa's own
 * "Copy payment link" gives `<storefront>/payment-collection/:id?order_id=…`;
 * a storefront page there (or the order page's "차액 결제하기") calls
 * `requestOrderPayment` for the order. Nothing when nothing is owed.
 */
const TossOrderBalanceWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const owed = Number(order.summary?.pending_difference ?? 0)
  const collection = (order.payment_collections ?? []).find((candidate) => candidate.status === "not_paid" || candidate.status === "awaiting")
  if (order.currency_code !== "krw" || owed <= 0 || !collection) {
    return null
  }
  const link = `/payment-collection/${collection.id}?order_id=${order.id}`
  return (
    <Container data-testid="toss-order-balance" className="divide-y p-0">
      <div className="px-6 py-4">
        <Heading level="h2">토스페이먼츠 차액 결제 · Balance payable with Toss</Heading>
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus">
          {won(owed)} 미결제 (outstanding)
        </Text>
        {collection.status === "awaiting" ? (
          <Text size="small" className="text-ui-fg-subtle">
            A virtual account was issued for it and waits for the shopper's deposit; the order is paid when it arrives, and the
            account expires unpaid at its due date.
          </Text>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            Send the shopper Medusa's payment link (Copy payment link in the summary): your storefront's page opens Toss for this
            amount. Or ask them to pay on their order page (내 주문 → 차액 결제하기). A registered customer pays logged in.
          </Text>
        )}
        <div className="flex items-center gap-x-2">
          <Text size="small" className="text-ui-fg-subtle font-mono">
            {link}
          </Text>
          <Copy content={link} />
        </div>
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.before",
})

export default TossOrderBalanceWidget
