"use client"

import { isToss, paymentInfoMap } from "@lib/constants"
import { initiatePaymentSession } from "@lib/data/cart"
import { HttpTypes } from "@medusajs/types"
import ErrorMessage from "@modules/checkout/components/error-message"
import { Button } from "@modules/common/components/ui"
import { tossSessionData } from "medusa-payment-toss/storefront"
import { useState } from "react"

// The DTC starter's payment step (src/modules/checkout/components/payment), shortened.
const Payment = ({
  cart,
  availablePaymentMethods,
}: {
  cart: HttpTypes.StoreCart
  availablePaymentMethods: { id: string }[]
}) => {
  const activeSession = cart.payment_collection?.payment_sessions?.find(
    (paymentSession) => paymentSession.status === "pending"
  )

  const [isLoading, setIsLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [selectedPaymentMethod, setSelectedPaymentMethod] = useState(
    activeSession?.provider_id ?? ""
  )

  const handleSubmit = async () => {
    setIsLoading(true)
    try {
      const checkActiveSession =
        activeSession?.provider_id === selectedPaymentMethod

      if (!checkActiveSession) {
        await initiatePaymentSession(cart, {
          provider_id: selectedPaymentMethod,
          data: isToss(selectedPaymentMethod)
            ? tossSessionData(cart, { method: "CARD" })
            : undefined,
        })
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setIsLoading(false)
    }
  }

  return (
    <section className="card" data-testid="payment-step">
      <h2>Payment</h2>
      {availablePaymentMethods.map((paymentMethod) => (
        <label
          key={paymentMethod.id}
          className="choice"
          data-testid={`payment-method-${paymentMethod.id}`}
        >
          <input
            type="radio"
            name="payment-method"
            checked={selectedPaymentMethod === paymentMethod.id}
            onChange={() => setSelectedPaymentMethod(paymentMethod.id)}
          />
          {paymentInfoMap[paymentMethod.id]?.icon}{" "}
          {paymentInfoMap[paymentMethod.id]?.title ?? paymentMethod.id}
        </label>
      ))}
      <ErrorMessage error={error} data-testid="payment-method-error-message" />
      <Button
        onClick={handleSubmit}
        isLoading={isLoading}
        disabled={!selectedPaymentMethod}
        data-testid="submit-payment-button"
      >
        Continue to review
      </Button>
    </section>
  )
}

export default Payment
