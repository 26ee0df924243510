import { TOSS_BANKS } from "./banks"
import { isTossProviderId, type TossLocale } from "./checkout"

type WithData = { provider_id: string; data?: Record<string, unknown> | null }

/** An order as `GET /store/orders/:id` answers with `*payment_collections.payments,*payment_collections.payment_sessions`. */
export interface OrderWithPayments {
  payment_collections?: { payments?: WithData[] | null; payment_sessions?: WithData[] | null }[] | null
}

export interface TossDepositInstructions {
  title: string
  /** Bank, account number, holder and due date, each with its label; `name` suits a test id. */
  rows: { name: "bank" | "account-number" | "holder" | "due-date"; label: string; value: string }[]
}

const TEXTS = {
  ko: { title: "아래 계좌로 입금해 주세요", labels: ["은행", "계좌번호", "예금주", "입금 기한"] },
  en: { title: "Pay into this account", labels: ["Bank", "Account number", "Account holder", "Pay by"] },
}

/**
 * What a shopper who chose a virtual account (가상계좌) must pay into, for the
 * order's confirmation; undefined for any other payment. Until the deposit
 * arrives the order has the Toss session but no payment, so both are read.
 */
export function tossDepositInstructions(order: OrderWithPayments, { locale = "ko" }: { locale?: TossLocale } = {}): TossDepositInstructions | undefined {
  const account = order.payment_collections
    ?.flatMap((collection) => [...(collection.payments ?? []), ...(collection.payment_sessions ?? [])])
    .filter((entry) => isTossProviderId(entry.provider_id))
    .map((entry) => (entry.data?.payment as { status?: string; virtualAccount?: VirtualAccount } | null)?.virtualAccount)
    .find(Boolean)
  if (!account) {
    return undefined
  }
  const { title, labels } = TEXTS[locale]
  const values = [TOSS_BANKS[account.bankCode] ?? account.bankCode, account.accountNumber, account.customerName, koreanTime(account.dueDate, locale)]
  const names = ["bank", "account-number", "holder", "due-date"] as const
  return { title, rows: names.map((name, index) => ({ name, label: labels[index], value: values[index] })) }
}

/** Korean time, the same on every server and browser (Intl's Korean data differs between runtimes). */
function koreanTime(iso: string, locale: TossLocale): string {
  const kst = new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString()
  const [, year, month, day, time] = /^(\d+)-(\d+)-(\d+)T(\d+:\d+)/.exec(kst)!
  return locale === "en" ? `${year}-${month}-${day} ${time} (KST)` : `${year}년 ${Number(month)}월 ${Number(day)}일 ${time}`
}

type VirtualAccount = { bankCode: string; accountNumber: string; customerName: string; dueDate: string }
