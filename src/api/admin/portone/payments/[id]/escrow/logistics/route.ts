import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { idempotencyKey } from "../../../../../../../portone/idempotency-key"
import type { EscrowLogisticsInput } from "../../../../../../../portone/types"
import type { AdminPortOneEscrowLogisticsBody } from "../../../../escrow"
import { escrowPayment } from "../escrow-payment"
import { portOneFailure } from "../../../../portone-error"
import { portOnePaymentPanel } from "../../route"

/**
 * Registers an escrow payment's delivery at PortOne, or corrects the one
 * registered (PortOne's escrow state decides which). A payment without
 * escrow is refused before PortOne is asked to register anything.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPortOneEscrowLogisticsBody>, res: MedusaResponse) => {
  const { payment, escrowStatus: status, client } = await escrowPayment(req.scope, req.params.id)
  if (status !== "BEFORE_REGISTERED" && status !== "REGISTERED") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `This escrow payment's delivery can no longer be registered or changed (its escrow is ${status}).`)
  }
  const body = req.validatedBody
  const input: EscrowLogisticsInput = {
    logistics: { company: body.company, invoiceNumber: body.invoice_number, sentAt: new Date(body.sent_at).toISOString() },
    ...(body.receiver && {
      receiver: {
        ...(body.receiver.name && { name: body.receiver.name }),
        ...(body.receiver.phone_number && { phoneNumber: body.receiver.phone_number }),
        ...(body.receiver.zipcode && { zipcode: body.receiver.zipcode }),
      },
    }),
  }
  const key = idempotencyKey("escrow-logistics", payment.paymentSessionId, body.company, body.invoice_number, input.logistics.sentAt)
  try {
    await (status === "REGISTERED" ? client.modifyEscrowLogistics(payment.paymentSessionId, input, key) : client.applyEscrowLogistics(payment.paymentSessionId, input, key))
  } catch (error) {
    throw portOneFailure(error, "register the delivery")
  }
  res.json({ portone_payment: await portOnePaymentPanel(req.scope, payment.id) })
}
