"use client"

import { isToss, paymentInfoMap } from "@lib/constants"
import { initiatePaymentSession } from "@lib/data/cart"
import { HttpTypes } from "@medusajs/types"
import ErrorMessage from "@modules/checkout/components/error-message"
import NativeSelect from "@modules/common/components/native-select"
import { Button, Heading, Text } from "@modules/common/components/ui"
import { tossLocale, tossMethods, tossSessionData, tossSessionMethod, type TossWindowMethod } from "medusa-payment-toss/storefront"
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation"
import { useState } from "react"

// The DTC starter's payment step (src/modules/checkout/components/payment),
// shortened: no Stripe, no gift cards, plain radios instead of Headless UI.
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
  const [tossMethod, setTossMethod] = useState(tossSessionMethod(cart) ?? "CARD")
  const { countryCode } = useParams<{ countryCode: string }>()

  const searchParams = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()

  const isOpen = searchParams.get("step") === "payment"

  const handleSubmit = async () => {
    setIsLoading(true)
    try {
      const checkActiveSession =
        activeSession?.provider_id === selectedPaymentMethod &&
        (!isToss(selectedPaymentMethod) || tossSessionMethod(cart) === tossMethod)

      if (!checkActiveSession) {
        await initiatePaymentSession(cart, {
          provider_id: selectedPaymentMethod,
          data: isToss(selectedPaymentMethod)
            ? tossSessionData(cart, { method: tossMethod })
            : undefined,
        })
      }
      return router.push(pathname + "?step=review", { scroll: false })
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setIsLoading(false)
    }
  }

  return (
    <section className="card" data-testid="payment-step">
      <div className="row">
        <Heading level="h2">Payment</Heading>
        {!isOpen && activeSession && (
          <button
            className="link"
            onClick={() => router.push(pathname + "?step=payment")}
            data-testid="edit-payment-button"
          >
            Edit
          </button>
        )}
      </div>
      {isOpen ? (
        <>
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
              {paymentInfoMap[paymentMethod.id]?.title ?? paymentMethod.id}
              {paymentInfoMap[paymentMethod.id]?.icon}
            </label>
          ))}
          {isToss(selectedPaymentMethod) && (
            <NativeSelect
              value={tossMethod}
              onChange={(e) => setTossMethod(e.target.value as TossWindowMethod)}
              data-testid="toss-method-select"
            >
              {tossMethods(tossLocale(countryCode)).map(({ method, title }) => (
                <option key={method} value={method}>{title}</option>
              ))}
            </NativeSelect>
          )}
          <ErrorMessage error={error} data-testid="payment-method-error-message" />
          <Button
            size="large"
            onClick={handleSubmit}
            isLoading={isLoading}
            disabled={!selectedPaymentMethod}
            data-testid="submit-payment-button"
          >
            Continue to review
          </Button>
        </>
      ) : (
        activeSession && (
          <Text className="txt-medium text-ui-fg-subtle" data-testid="payment-method-summary">
            {paymentInfoMap[activeSession.provider_id]?.title ?? activeSession.provider_id}
          </Text>
        )
      )}
    </section>
  )
}

export default Payment
