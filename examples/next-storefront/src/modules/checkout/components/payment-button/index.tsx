"use client"

import { sdk } from "@lib/config"
import { isToss } from "@lib/constants"
import { HttpTypes } from "@medusajs/types"
import { Button, Text } from "@modules/common/components/ui"
import { tossLocale, tossSessionMethod } from "medusa-payment-toss/storefront"
import { useTossPayment } from "medusa-payment-toss/storefront/react"
import { useParams } from "next/navigation"
import React from "react"
import ErrorMessage from "../error-message"

type PaymentButtonProps = {
  cart: HttpTypes.StoreCart
  "data-testid": string
}

// The DTC starter's payment button (src/modules/checkout/components/payment-button),
// without its Stripe and manual-payment cases.
const PaymentButton: React.FC<PaymentButtonProps> = ({
  cart,
  "data-testid": dataTestId,
}) => {
  const notReady =
    !cart ||
    !cart.shipping_address ||
    !cart.billing_address ||
    !cart.email ||
    (cart.shipping_methods?.length ?? 0) < 1

  const paymentSession = cart.payment_collection?.payment_sessions?.[0]

  switch (true) {
    case isToss(paymentSession?.provider_id):
      return <TossPaymentButton notReady={notReady} cart={cart} data-testid={dataTestId} />
    default:
      return <Button disabled>Select a payment method</Button>
  }
}

type TossButtonProps = { cart: HttpTypes.StoreCart; notReady: boolean; "data-testid"?: string }

const TossPaymentButton = ({ cart, notReady, "data-testid": dataTestId }: TossButtonProps) => {
  const { countryCode } = useParams<{ countryCode: string }>()
  const { requestPayment, paying, error, canceled } = useTossPayment({
    sdk,
    successUrl: `/${countryCode}/checkout/toss/success`,
    failUrl: `/${countryCode}/checkout/toss/fail`,
    locale: tossLocale(countryCode),
    sdkSrc: process.env.NEXT_PUBLIC_TOSS_SDK_SRC, // the sandbox of npm run demo
  })
  const pay = () => requestPayment(cart.id, { method: tossSessionMethod(cart) ?? "CARD" })
  return (
    <>
      <Button disabled={notReady} onClick={pay} isLoading={paying} size="large" data-testid={dataTestId}>
        Place order
      </Button>
      <ErrorMessage error={error?.message} data-testid="toss-payment-error" />
      {canceled && <Text className="pt-2 txt-medium text-ui-fg-subtle" data-testid="toss-payment-canceled">{canceled.message}</Text>}
    </>
  )
}

export default PaymentButton
