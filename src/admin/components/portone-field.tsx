import type { ReactNode } from "react"
import { Label } from "@medusajs/ui"
import type { AdminPortOnePayment } from "../../api/admin/portone/admin-view"

/** Runs a request that answers the PortOne panel anew (escrow, cash receipt); false when it was refused. */
export type PortOnePanelUpdate = (request: () => Promise<{ portone_payment: AdminPortOnePayment }>) => Promise<boolean>

export function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label size="small" htmlFor={id}>
        {label}
      </Label>
      {children}
    </div>
  )
}
