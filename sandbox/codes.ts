/**
 * Toss's code tables and limits the sandbox checks requests against
 * (toss-api.md §3, §8; docs.tosspayments.com/codes/org-codes; the installed
 * @tosspayments/tosspayments-sdk types). Bank codes are the project's one
 * table, src/lib/toss-banks.ts.
 */

/** Payment method names as the browser SDK spells them. */
export type SdkMethod =
  | "CARD"
  | "TRANSFER"
  | "VIRTUAL_ACCOUNT"
  | "MOBILE_PHONE"
  | "CULTURE_GIFT_CERTIFICATE"
  | "BOOK_GIFT_CERTIFICATE"
  | "GAME_GIFT_CERTIFICATE"

/** SDK method → the Korean `method` of the Payment and the smallest amount allowed (§3, §8). */
export const METHODS: Record<SdkMethod, { label: string; minimumAmount: number }> = {
  CARD: { label: "카드", minimumAmount: 100 },
  TRANSFER: { label: "계좌이체", minimumAmount: 200 },
  VIRTUAL_ACCOUNT: { label: "가상계좌", minimumAmount: 1 },
  MOBILE_PHONE: { label: "휴대폰", minimumAmount: 300 },
  // (undocumented) Toss publishes no minimum for gift certificates; they are
  // taken to share the card's 100 KRW, as the provider assumes.
  CULTURE_GIFT_CERTIFICATE: { label: "문화상품권", minimumAmount: 100 },
  BOOK_GIFT_CERTIFICATE: { label: "도서문화상품권", minimumAmount: 100 },
  GAME_GIFT_CERTIFICATE: { label: "게임문화상품권", minimumAmount: 100 },
}
export const EASY_PAY_METHOD_LABEL = "간편결제"

/** Easy pay providers (SDK `card.easyPay`) → `easyPay.provider` in the Payment. */
export const EASY_PAY_PROVIDERS: Record<string, string> = {
  TOSSPAY: "토스페이",
  KAKAOPAY: "카카오페이",
  NAVERPAY: "네이버페이",
  SAMSUNGPAY: "삼성페이",
  PAYCO: "페이코",
  LPAY: "엘페이",
  SSG: "SSG페이",
  APPLEPAY: "애플페이",
}

/**
 * Card companies (카드사 코드): Toss's two-character code (`card.issuerCode`
 * in a Payment), its English code (accepted in the SDK's `cardCompany` and
 * `freeInstallmentPlans[].company` as well) and name. Domestic issuers only.
 */
export const CARD_COMPANIES: ReadonlyArray<{ code: string; english: string; name: string }> = [
  { code: "3K", english: "IBK_BC", name: "기업BC" },
  { code: "46", english: "GWANGJUBANK", name: "광주은행" },
  { code: "71", english: "LOTTE", name: "롯데카드" },
  { code: "30", english: "KDBBANK", name: "KDB산업은행" },
  { code: "31", english: "BC", name: "BC카드" },
  { code: "51", english: "SAMSUNG", name: "삼성카드" },
  { code: "38", english: "SAEMAUL", name: "새마을금고" },
  { code: "41", english: "SHINHAN", name: "신한카드" },
  { code: "62", english: "SHINHYEOP", name: "신협" },
  { code: "36", english: "CITI", name: "씨티카드" },
  { code: "33", english: "WOORI", name: "우리BC카드" },
  { code: "W1", english: "WOORI", name: "우리카드" },
  { code: "37", english: "POST", name: "우체국예금보험" },
  { code: "39", english: "SAVINGBANK", name: "저축은행중앙회" },
  { code: "35", english: "JEONBUKBANK", name: "전북은행" },
  { code: "42", english: "JEJUBANK", name: "제주은행" },
  { code: "15", english: "KAKAOBANK", name: "카카오뱅크" },
  { code: "3A", english: "KBANK", name: "케이뱅크" },
  { code: "24", english: "TOSSBANK", name: "토스뱅크" },
  { code: "21", english: "HANA", name: "하나카드" },
  { code: "61", english: "HYUNDAI", name: "현대카드" },
  { code: "11", english: "KOOKMIN", name: "KB국민카드" },
  { code: "91", english: "NONGHYEOP", name: "NH농협카드" },
  { code: "34", english: "SUHYEOP", name: "Sh수협은행" },
]

/** The issuer code for a card company as the SDK names it (either code); undefined if Toss has no such company. */
export function cardIssuerCode(company: unknown): string | undefined {
  if (typeof company !== "string") return undefined
  return CARD_COMPANIES.find((c) => c.code === company || c.english === company)?.code
}

/** The card the sandbox's window pays with unless the shopper or the request picks another. */
export const DEFAULT_CARD_ISSUER = "71"

/** Banks whose virtual accounts the window offers, and the bank a transfer comes from by default. */
export const VIRTUAL_ACCOUNT_BANKS = ["20", "88", "06", "11", "81", "03"] as const
export const DEFAULT_VIRTUAL_ACCOUNT_BANK = "20"
export const DEFAULT_TRANSFER_BANK = "88"

/** `cashReceipt.type` values of the SDK (VIRTUAL_ACCOUNT, TRANSFER). */
export const CASH_RECEIPT_TYPES = ["소득공제", "지출증빙", "미발행"] as const
export type CashReceiptType = (typeof CASH_RECEIPT_TYPES)[number]

/** `card.language`: the card window's language. */
export const WINDOW_LANGUAGES = ["KO", "EN", "JA", "ZH"] as const
export type WindowLanguage = (typeof WINDOW_LANGUAGES)[number]

/** Installments: 0 (일시불) or 2 to 12 months, and only from 50,000 KRW (§8). */
export const MAX_INSTALLMENT_MONTHS = 12
export const INSTALLMENT_MINIMUM_AMOUNT = 50_000

/** A virtual account is valid 168 hours unless the request says otherwise, at most 2160 hours (90 days; SDK types). */
export const DEFAULT_VALID_HOURS = 168
export const MAX_VALID_HOURS = 2160

/** A transfer takes at most 10,000,000 KRW at once (EXCEEDS_TRANSFER_AMOUNT_MAXIMUM). */
export const TRANSFER_MAXIMUM_AMOUNT = 10_000_000

/** Transfers are refunded within 180 days (§2); later: EXCEED_MAX_REFUND_DUE. */
export const TRANSFER_REFUND_DAYS = 180
