import LocalizedClientLink from "@modules/common/components/localized-client-link"
import { Button, Heading, Text } from "@modules/common/components/ui"
import { describeFailure, tossLocale } from "medusa-payment-toss/storefront"

type Props = {
  params: Promise<{ countryCode: string }>
  searchParams: Promise<Record<string, string | undefined>>
}

// Toss's failUrl, also where the success route sends a refusal: the text is the code's, never the URL's.
export default async function TossFailPage({ params, searchParams }: Props) {
  const locale = tossLocale((await params).countryCode)
  const failure = describeFailure(await searchParams, { locale })
  const back = failure.canceledByShopper
  const retry = { ko: back ? "주문서로 돌아가기" : "다시 결제하기", en: back ? "Back to checkout" : "Try again" }[locale]
  return (
    <div className="flex flex-col gap-4 items-center justify-center min-h-[calc(100vh-64px)]" data-testid="toss-failure">
      <Heading level="h1" className="text-2xl-semi text-ui-fg-base">{failure.title}</Heading>
      <Text className="text-small-regular text-ui-fg-base">{failure.message}</Text>
      <LocalizedClientLink href="/checkout?step=review">
        <Button data-testid="retry-button">{retry}</Button>
      </LocalizedClientLink>
    </div>
  )
}
