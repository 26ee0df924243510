"use client"

import { HttpTypes } from "@medusajs/types"
import { Heading, Text } from "@modules/common/components/ui"
import { useSearchParams } from "next/navigation"
import PaymentButton from "../payment-button"

// The DTC starter's review step (src/modules/checkout/components/review): the
// Place order button shows only on ?step=review.
const Review = ({ cart }: { cart: HttpTypes.StoreCart }) => {
  const searchParams = useSearchParams()

  const isOpen = searchParams.get("step") === "review"

  const previousStepsCompleted =
    cart.shipping_address &&
    (cart.shipping_methods?.length ?? 0) > 0 &&
    cart.payment_collection

  return (
    <section className="card" data-testid="review-step">
      <Heading level="h2" className={isOpen ? undefined : "muted"}>
        Review
      </Heading>
      {isOpen && previousStepsCompleted && (
        <>
          <Text className="txt-medium-plus text-ui-fg-base">
            By clicking the Place Order button, you confirm that you have read,
            understand and accept our Terms of Use, Terms of Sale and Returns
            Policy.
          </Text>
          <PaymentButton cart={cart} data-testid="submit-order-button" />
        </>
      )}
    </section>
  )
}

export default Review
