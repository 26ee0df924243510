import { retrieveCart } from "@lib/data/cart"
import CartSummary from "@modules/checkout/components/cart-summary"
import TossWidgetPayment from "@modules/checkout/components/toss-widget"
import { notFound } from "next/navigation"

export default async function WidgetCheckout() {
  const cart = await retrieveCart()
  if (!cart) {
    notFound()
  }
  return (
    <>
      <h1>주문서 (결제위젯)</h1>
      <CartSummary cart={cart} />
      <section className="card">
        <TossWidgetPayment cart={cart} />
      </section>
    </>
  )
}
