import { retrieveOrder } from "@lib/data/orders"
import OrderCompletedTemplate from "@modules/order/templates/order-completed-template"
import { notFound } from "next/navigation"

type Props = {
  params: Promise<{ id: string; countryCode: string }>
}

// The DTC starter's order confirmation page.
export default async function OrderConfirmedPage(props: Props) {
  const params = await props.params
  const order = await retrieveOrder(params.id)

  if (!order) {
    return notFound()
  }

  return <OrderCompletedTemplate order={order} countryCode={params.countryCode} />
}
