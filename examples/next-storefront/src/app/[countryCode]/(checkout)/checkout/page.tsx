import { listCartPaymentMethods, retrieveCart } from "@lib/data/cart"
import CartSummary from "@modules/checkout/components/cart-summary"
import Payment from "@modules/checkout/components/payment"
import Review from "@modules/checkout/components/review"
import LocalizedClientLink from "@modules/common/components/localized-client-link"

export default async function Checkout() {
  const cart = await retrieveCart()
  if (!cart) {
    return <EmptyCart />
  }
  const paymentMethods = await listCartPaymentMethods(cart.region_id!)

  return (
    <>
      <h1>Checkout</h1>
      <CartSummary cart={cart} />
      <Payment cart={cart} availablePaymentMethods={paymentMethods} />
      <Review cart={cart} />
      <p className="muted">
        Toss&apos;s payment widget instead:{" "}
        <LocalizedClientLink href="/checkout/widget" data-testid="widget-link">
          결제위젯으로 결제하기
        </LocalizedClientLink>
      </p>
    </>
  )
}

function EmptyCart() {
  return (
    <section className="card" data-testid="empty-cart">
      <h2>장바구니가 비어 있어요</h2>
      <LocalizedClientLink href="/">상품 보러 가기</LocalizedClientLink>
    </section>
  )
}
