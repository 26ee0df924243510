import LocalizedClientLink from "@modules/common/components/localized-client-link"
import { describeFailure } from "medusa-payment-toss/storefront"

type Props = { searchParams: Promise<Record<string, string | undefined>> }

// Toss's failUrl, also where the success route sends a refusal: the text is the code's, never the URL's.
export default async function TossFailPage({ searchParams }: Props) {
  const failure = describeFailure(await searchParams)
  return (
    <div className="content-container py-12" data-testid="toss-failure">
      <h1 className="text-2xl-semi">{failure.title}</h1>
      <p className="text-base-regular">{failure.message}</p>
      <LocalizedClientLink href="/checkout" data-testid="retry-link">
        {failure.canceledByShopper ? "주문서로 돌아가기" : "다시 결제하기"}
      </LocalizedClientLink>
    </div>
  )
}
