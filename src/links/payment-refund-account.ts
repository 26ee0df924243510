import { defineLink } from "@medusajs/framework/utils"
import PaymentModule from "@medusajs/medusa/payment"
import TossModule from "../modules/toss"

/** A deposited virtual account's refund account belongs to its Medusa payment. */
export default defineLink(PaymentModule.linkable.payment, TossModule.linkable.tossRefundAccount)
