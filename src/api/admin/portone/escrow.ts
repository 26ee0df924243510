import { z } from "@medusajs/framework/zod"

/** PortOne's delivery companies (`PaymentLogisticsCompany`). */
export const PORTONE_LOGISTICS_COMPANIES = [
  "LOTTE", "LOGEN", "DONGWON", "POST", "CJ", "HANJIN", "DAESIN", "ILYANG", "KYUNGDONG", "CHUNIL", "POST_REGISTERED", "GS", "WOORI", "HAPDONG",
  "FEDEX", "UPS", "GSM_NTON", "SUNGWON", "LX_PANTOS", "ACI", "CJ_INTL", "USPS", "EMS", "DHL", "KGL", "GOODSTOLUCK", "KUNYOUNG", "SLX", "SF", "ETC",
] as const

/** An escrow payment's delivery, as the operator registers (or corrects) it. */
export const AdminPortOneEscrowLogisticsSchema = z
  .object({
    company: z.enum(PORTONE_LOGISTICS_COMPANIES),
    invoice_number: z.string().trim().min(1).max(50).regex(/^[0-9A-Za-z-]+$/, { message: "An invoice number is letters, digits and hyphens." }),
    sent_at: z.string().datetime({ offset: true }),
    receiver: z
      .object({
        name: z.string().trim().min(1).max(50).optional(),
        phone_number: z.preprocess((value) => (typeof value === "string" ? value.replace(/[\s-]/g, "") : value), z.string().regex(/^0[0-9]{8,10}$/)).optional(),
        zipcode: z.string().regex(/^[0-9]{5}$/).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type AdminPortOneEscrowLogisticsBody = z.infer<typeof AdminPortOneEscrowLogisticsSchema>
