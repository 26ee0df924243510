import { z } from "@medusajs/framework/zod"

/** A refund of an order's Toss money: the plugin picks the payments (see `planOrderRefund`). */
export const AdminTossOrderRefundSchema = z
  .object({
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    note: z.string().max(1000).optional(),
    refund_reason_id: z.string().optional(),
  })
  .strict()

export type AdminTossOrderRefundBody = z.infer<typeof AdminTossOrderRefundSchema>
