import { retrieveOrder } from "@lib/data/cart"
import ItemRows from "@modules/common/components/item-rows"
import { notFound } from "next/navigation"

export default async function OrderConfirmedPage({
  params,
}: {
  params: Promise<{ id: string }>
}) {
  const { id } = await params
  const order = await retrieveOrder(id)
  if (!order) {
    return notFound()
  }
  // What Toss reported for the payment, as the provider stores it (카드, 간편결제, 가상계좌 …).
  const toss = order.payment_collections?.[0]?.payments?.[0]?.data?.payment as
    | { method?: string }
    | undefined

  return (
    <section className="card" data-testid="order-confirmation">
      <h1>주문이 완료됐어요</h1>
      <div className="row">
        <span>주문 번호</span>
        <span data-testid="order-number">{order.display_id}</span>
      </div>
      <ItemRows items={order.items} />
      <div className="row">
        <span>결제 수단</span>
        <span data-testid="payment-method">{toss?.method}</span>
      </div>
      <div className="row">
        <strong>합계</strong>
        <strong data-testid="order-total">
          {order.total.toLocaleString("ko-KR")}원
        </strong>
      </div>
    </section>
  )
}
