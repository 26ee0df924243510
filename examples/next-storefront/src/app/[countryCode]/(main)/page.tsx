import { addToCart, listProducts } from "@lib/data/cart"
import { notFound } from "next/navigation"

export default async function Home({
  params,
}: {
  params: Promise<{ countryCode: string }>
}) {
  const { countryCode } = await params
  const products = await listProducts(countryCode)
  if (!products) {
    notFound()
  }

  return (
    <>
      <h1>메두사 상점</h1>
      {products.map((product) => {
        const variant = product.variants?.[0]
        return (
          <form
            key={product.id}
            action={addToCart.bind(null, countryCode, variant?.id ?? "")}
            className="card"
            data-testid={`product-${product.handle}`}
          >
            <h2>{product.title}</h2>
            <div className="row">
              <span className="muted">{product.subtitle}</span>
              <span>
                {variant?.calculated_price?.calculated_amount?.toLocaleString(
                  "ko-KR"
                )}
                원
              </span>
            </div>
            <button className="button" type="submit" data-testid="add-to-cart">
              담기
            </button>
          </form>
        )
      })}
    </>
  )
}
