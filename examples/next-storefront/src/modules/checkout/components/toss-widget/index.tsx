"use client"

import { sdk } from "@lib/config"
import { HttpTypes } from "@medusajs/types"
import ErrorMessage from "@modules/checkout/components/error-message"
import { Button } from "@modules/common/components/ui"
import type { TossCheckoutError } from "medusa-payment-toss/storefront"
import {
  TossPaymentWidget,
  useTossCheckout,
  type TossWidget,
} from "medusa-payment-toss/storefront/react"
import { useParams } from "next/navigation"
import { useState } from "react"

/** Toss's payment widget (its own method list and terms) instead of the payment window; needs the widget key pair. */
const TossWidgetPayment = ({ cart }: { cart: HttpTypes.StoreCart }) => {
  const { countryCode } = useParams<{ countryCode: string }>()
  const [widget, setWidget] = useState<TossWidget>()
  const [errorMessage, setErrorMessage] = useState<string | null>(null)
  const checkout = useTossCheckout({
    sdk,
    successUrl: `/${countryCode}/checkout/toss/success`,
    failUrl: `/${countryCode}/checkout/toss/fail`,
    sdkSrc: process.env.NEXT_PUBLIC_TOSS_SDK_SRC, // only for a local Toss sandbox
  })
  const showError = (error: TossCheckoutError) =>
    setErrorMessage(error.canceledByShopper ? null : error.message)

  return (
    <>
      <TossPaymentWidget
        key={cart.total}
        checkout={checkout}
        cartId={cart.id}
        onReady={setWidget}
        onError={showError}
      />
      <Button
        disabled={!widget}
        onClick={() => widget?.requestPayment().catch(showError)}
        size="large"
        data-testid="widget-pay-button"
      >
        결제하기
      </Button>
      <ErrorMessage
        error={errorMessage}
        data-testid="toss-widget-error-message"
      />
    </>
  )
}

export default TossWidgetPayment
