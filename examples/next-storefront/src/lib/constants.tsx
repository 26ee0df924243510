import { CreditCard } from "@medusajs/icons"
import React from "react"

/* Map of payment provider_id to their title and icon. Add in any payment providers you want to use. */
export const paymentInfoMap: Record<
  string,
  { title: string; icon: React.JSX.Element }
> = {
  pp_toss_toss: {
    title: "Toss Payments",
    icon: <CreditCard />,
  },
}

export const isToss = (id?: string) => id?.startsWith("pp_toss")
