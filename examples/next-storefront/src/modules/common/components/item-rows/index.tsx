type Item = {
  id: string
  title: string
  product_title?: string | null
  quantity: number
  total?: number | null
}

/** One row per line item: its title, quantity and total in won. */
export default function ItemRows({ items }: { items?: Item[] | null }) {
  return (
    <>
      {items?.map((item) => (
        <div className="row" key={item.id}>
          <span>
            {item.product_title ?? item.title} × {item.quantity}
          </span>
          <span>{item.total?.toLocaleString("ko-KR")}원</span>
        </div>
      ))}
    </>
  )
}
