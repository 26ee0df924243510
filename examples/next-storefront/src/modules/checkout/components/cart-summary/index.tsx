import { HttpTypes } from "@medusajs/types"
import ItemRows from "@modules/common/components/item-rows"

export default function CartSummary({ cart }: { cart: HttpTypes.StoreCart }) {
  return (
    <section className="card" data-testid="cart-summary">
      <ItemRows items={cart.items} />
      <div className="row muted">
        <span>배송비</span>
        <span>{cart.shipping_total?.toLocaleString("ko-KR")}원</span>
      </div>
      <div className="row">
        <strong>합계</strong>
        <strong data-testid="cart-total">
          {cart.total.toLocaleString("ko-KR")}원
        </strong>
      </div>
    </section>
  )
}
