"use server"

import { sdk } from "@lib/config"
import { HttpTypes } from "@medusajs/types"
import { getAuthHeaders } from "./cookies"

// The DTC starter's retrieveOrder (src/lib/data/orders.ts), without its cache options.
export const retrieveOrder = async (id: string) => {
  return sdk.client
    .fetch<HttpTypes.StoreOrderResponse>(`/store/orders/${id}`, {
      method: "GET",
      query: {
        fields:
          "*payment_collections.payments,*payment_collections.payment_sessions,*items,*items.metadata,*items.variant,*items.product",
      },
      headers: await getAuthHeaders(),
    })
    .then(({ order }) => order)
    .catch(() => null)
}
