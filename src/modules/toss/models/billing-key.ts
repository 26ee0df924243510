import { model } from "@medusajs/framework/utils"

/**
 * A card a customer saved for Toss billing (자동결제): Toss's billing key and
 * what the customer may see of the card. Its id is the Medusa payment method
 * id the storefront pays with. Private: the billing key charges the card
 * without the shopper, so it lives here only, read by the plugin's
 * workflows, never in account holder, session or payment data (the store
 * API shows those), never in an API answer or a log line.
 */
export const TossBillingKey = model
  .define("toss_billing_key", {
    id: model.id({ prefix: "tosscard" }).primaryKey(),
    /** The Toss registration (`pp_toss_<id>`) that issued the key: the only one that may charge or delete it. */
    provider_id: model.text().nullable(),
    /** Toss's customerKey: the external id of the customer's Medusa account holder. */
    customer_key: model.text(),
    billing_key: model.text().unique(),
    /** Toss's card company code (issuerCode), e.g. "71" 롯데카드. */
    issuer_code: model.text(),
    /** As Toss masks it: "43301234****123*". */
    card_number: model.text(),
    /** 신용, 체크, 기프트 or 미확인. */
    card_type: model.text(),
    /** 개인, 법인 or 미확인. */
    owner_type: model.text(),
    authenticated_at: model.dateTime(),
  })
  .indexes([{ on: ["customer_key"] }])
