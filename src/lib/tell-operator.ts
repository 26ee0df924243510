import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TOSS_MODULE, TossModuleService } from "../modules/toss"
import type { OperatorItemDraft, OperatorItemKind } from "./operator-items"

/** What the admin's bell says, in both languages (a notification is written once, for every operator). */
const NOTIFICATION_TITLES: Record<OperatorItemKind, string> = {
  "deposit-after-cancel": "취소된 주문에 입금됨 · Deposit for a cancelled order",
  "refund-refused": "토스가 환불을 거절함 · Toss refused a refund",
  "deposit-reversed": "입금이 취소됨 · Deposit reversed by the bank",
  "give-back-refused": "토스가 자동 취소를 거절함 · Toss refused to give money back",
  "outcome-unknown": "결제 결과 미확인 · Payment outcome unknown",
  "account-expiring": "가상계좌 입금 기한 임박 · Virtual account about to expire unpaid",
}

/**
 * Something only the store operator can settle: an item in the Toss page's
 * "Needs attention" list, written once per payment and kind, and a
 * notification on the admin's `feed` channel (the bell) when it appears,
 * which a store can route to e-mail or Slack with Medusa's own providers.
 * A store without a `feed` provider still gets the item. Returns the items
 * that are new.
 */
export async function tellOperator(container: MedusaContainer, drafts: OperatorItemDraft[]): Promise<string[]> {
  const module = container.resolve<TossModuleService>(TOSS_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const opened: string[] = []
  for (const draft of drafts) {
    const item = await module.openOperatorItem(draft)
    if (!item) {
      continue
    }
    opened.push(item.id)
    logger.warn(`medusa-payment-toss: needs attention (${draft.kind}) for Toss orderId ${draft.payment_session_id}: ${draft.message}`)
    try {
      await container.resolve(Modules.NOTIFICATION).createNotifications({
        to: "",
        channel: "feed",
        template: "admin-ui",
        data: {
          title: NOTIFICATION_TITLES[draft.kind],
          description: `${draft.amount.toLocaleString("ko-KR")}원${draft.order_id ? ` · ${draft.order_id}` : ""} — Toss → Needs attention`,
        },
        idempotency_key: `toss-item-${item.id}`,
      })
    } catch (error) {
      // No notification module, or no provider for `feed`: the item is the record.
      logger.debug(`medusa-payment-toss: no feed notification for ${item.id}: ${(error as Error).message}`)
    }
  }
  return opened
}
