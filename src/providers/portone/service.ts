import { AbstractPaymentProvider, BigNumber, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentMethodInput,
  DeletePaymentMethodOutput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ListPaymentMethodsInput,
  ListPaymentMethodsOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrieveAccountHolderInput,
  RetrieveAccountHolderOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  SavePaymentMethodInput,
  SavePaymentMethodOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import type { PortOneClient } from "../../portone/client"
import { PortOneApiError } from "../../portone/errors"
import { idempotencyKey } from "../../portone/idempotency-key"
import type { Payment } from "../../portone/types"
import { sharedPortOneClient } from "../../lib/portone-config"
import { PORTONE_IDENTIFIER } from "../../lib/portone-provider-id"
import { authorization } from "./authorize"
import { portOneCallContext } from "./call-context"
import { giveBack, refund } from "./refund"
import { meaningOf } from "./const"
import { PortOneOptions, validateOptions } from "./options"
import { expectedPayment, preRegistration, PortOneSessionData, readNewSession, readSession, readUpdate, withPayment } from "./session"
import { settlePayment } from "./settle"
import {
  billingNotEnabled,
  deleteIssuedKey,
  holderCustomerId,
  lentCards,
  reportingRefusal,
  requireHolderCustomerId,
  savedCardView,
  verifyIssuedKey,
} from "./saved-cards"

type InjectedDependencies = { logger: Logger }

/**
 * Medusa ⇄ PortOne V2. The amount is pre-registered at PortOne when the
 * session is made, so PortOne's window refuses another; `authorizePayment`
 * then settles by asking PortOne (settle.ts), never the browser: PortOne's
 * PG has approved and captured a paid payment, so it answers `captured`
 * (`pending_authorization` for a virtual account awaiting its deposit).
 * Refunds are PortOne cancels (refund.ts, cancel.ts). What PortOne's
 * webhooks change is the plugin's sync's, not Medusa's webhook handler's.
 */
export class PortOnePaymentProviderService extends AbstractPaymentProvider<PortOneOptions> {
  static identifier = PORTONE_IDENTIFIER

  static validateOptions(options: Record<string, unknown>): void {
    validateOptions(options)
  }

  protected readonly logger_: Logger
  protected readonly options_: PortOneOptions
  private readonly client: PortOneClient

  constructor(container: InjectedDependencies, options: PortOneOptions) {
    super(container, options)
    this.logger_ = container.logger
    this.options_ = options
    this.client = sharedPortOneClient(options)
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const session = readNewSession(input, this.options_)
    await this.preRegister(session)
    return { id: session.portone.paymentId, data: { ...session } }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const before = readSession(input.data ?? {})
    const session = readUpdate(before, input)
    if (!session.status && (session.portone.totalAmount !== before.portone.totalAmount || session.portone.taxFreeAmount !== before.portone.taxFreeAmount)) {
      await this.preRegister(session)
    }
    return { data: { ...session } }
  }

  async authorizePayment({ data = {} }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = readSession(data)
    const settlement = await settlePayment(this.client, expectedPayment(session), { approval: portOneCallContext().approval })
    const { status } = authorization(settlement)
    return { status, data: { ...withPayment(session, (settlement as { payment: Payment }).payment) } }
  }

  async capturePayment({ data = {} }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // PortOne's PG captured when it approved; a virtual account is captured by the sync once PortOne says PAID.
    return { data }
  }

  async cancelPayment({ data = {} }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const session = readSession(data)
    const payment = await this.lookup(session)
    if (!payment || !meaningOf(payment).holdsMoney) {
      return { data: payment ? { ...withPayment(session, payment) } : data }
    }
    return { data: { ...withPayment(session, await giveBack(this.client, payment)) } }
  }

  async deletePayment({ data = {} }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // Medusa deletes a session when the cart changes or the shopper starts
    // over: whatever PortOne took for it is given back. PortOne out of reach
    // must not block the cart; the payment, if any, reaches the sync by its webhook.
    const session = readSession(data)
    try {
      const payment = await this.client.findPayment(session.portone.paymentId)
      if (payment && meaningOf(payment).holdsMoney) {
        return { data: { ...withPayment(session, await giveBack(this.client, payment)) } }
      }
    } catch (error) {
      if (!(error instanceof PortOneApiError)) {
        throw error
      }
      this.logger_.warn(`PortOne could not be asked about deleted session ${session.portone.paymentId} (${error.type}); its webhook, if any, is synced later.`)
    }
    return { data }
  }

  async refundPayment({ amount, data = {} }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = readSession(data)
    const recorded = recordedCancel(data, new BigNumber(amount).numeric)
    if (recorded) {
      // A cancel PortOne already made (its console): the refund records it and cancels nothing.
      return { data: { ...data, refundTransactionKeys: recorded } }
    }
    const given = portOneCallContext().refund
    const synced = given?.answer && "id" in given.answer && given.answer.id === session.portone.paymentId ? given.answer : null
    const payment = synced ?? (await this.lookup(session, "nothing was refunded"))
    if (!payment) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `PortOne has no payment ${session.portone.paymentId}: nothing was refunded.`)
    }
    const refunded = await refund(this.client, payment, new BigNumber(amount).numeric, given)
    return { data: { ...withPayment(session, refunded) } }
  }

  async retrievePayment({ data = {} }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = readSession(data)
    const payment = await this.lookup(session)
    return { data: payment ? { ...withPayment(session, payment) } : data }
  }

  async getPaymentStatus({ data = {} }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = readSession(data)
    const payment = await this.lookup(session)
    return payment ? { status: meaningOf(payment).session, data: { ...withPayment(session, payment) } } : { status: PaymentSessionStatus.PENDING, data }
  }

  /**
   * Medusa asks for an account holder whenever a logged-in customer opens a
   * payment session: the holder is the customer's PortOne customer id
   * (saved-cards.ts; PortOne keeps no customer object to create). Without a
   * billing channel there is nothing to hold, and checkouts go on as before.
   */
  async createAccountHolder({ context }: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    if (!this.options_.billingChannelKey) {
      return {} as CreateAccountHolderOutput
    }
    const customerId = holderCustomerId(this.options_.apiSecret, context)
    return { id: customerId, data: { customerId } }
  }

  /** PortOne keeps nothing about a customer but their billing keys: nothing to update. */
  async updateAccountHolder(_input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return {}
  }

  /**
   * Nothing to delete at PortOne for the holder itself; its saved cards are
   * removed by the plugin's routes, not here (Medusa also deletes a holder
   * it has just made when the session it was made for fails).
   */
  async deleteAccountHolder(_input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return {}
  }

  async retrieveAccountHolder({ id }: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    return { id, data: { customerId: id } }
  }

  /**
   * A billing key PortOne's window issued becomes a saved card once PortOne
   * confirms it is this customer's, through the store's billing channel.
   * The key arrives and the card goes back through the call context, never
   * in the answer.
   */
  savePaymentMethod({ context }: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const { savedCards } = portOneCallContext()
    return reportingRefusal(savedCards, async () => {
      const channelKey = this.billingChannelKey()
      const customerId = requireHolderCustomerId(context)
      if (!savedCards) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "PortOne saved cards are saved through the plugin's store route (POST /store/portone/billing/account-holders/:id/payment-methods), which keeps the billing key private."
        )
      }
      const card = await verifyIssuedKey(this.client, savedCards.offered, { customerId, storeId: this.options_.storeId, channelKey })
      savedCards.issued = card
      return { id: card.id, data: { ...savedCardView(card) } }
    })
  }

  async listPaymentMethods({ context }: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    this.billingChannelKey()
    const customerId = requireHolderCustomerId(context)
    return lentCards(portOneCallContext().savedCards, "listed")
      .filter((card) => card.customerId === customerId)
      .map((card) => ({ id: card.id, data: { ...savedCardView(card) } }))
  }

  deletePaymentMethod({ data }: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    const { savedCards } = portOneCallContext()
    return reportingRefusal(savedCards, async () => {
      this.billingChannelKey()
      const card = lentCards(savedCards, "removed").find((candidate) => candidate.id === data.id)
      if (!card) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${data.id} was not found.`)
      }
      await deleteIssuedKey(this.client, card)
      return {}
    })
  }

  /** The plugin's webhook subscriber is the one owner of what PortOne's events change. */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  /** Saved cards need the store's billing channel. */
  private billingChannelKey(): string {
    if (!this.options_.billingChannelKey) {
      throw billingNotEnabled()
    }
    return this.options_.billingChannelKey
  }

  private async preRegister(session: PortOneSessionData): Promise<void> {
    const { paymentId, input, keyParts } = preRegistration(session)
    try {
      await this.client.preRegisterPayment(paymentId, input, idempotencyKey(...keyParts))
    } catch (error) {
      if (error instanceof PortOneApiError) {
        throw new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `결제를 준비하지 못했어요. PortOne could not register this payment's amount (${error.type}); please try again in a moment.`
        )
      }
      throw error
    }
  }

  /** PortOne's payment, or null when it has none under this id; PortOne out of reach is an error that decides nothing. */
  private async lookup(session: PortOneSessionData, unchanged = "nothing was changed"): Promise<Payment | null> {
    try {
      return await this.client.findPayment(session.portone.paymentId)
    } catch (error) {
      if (error instanceof PortOneApiError) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not look the payment up at PortOne, so ${unchanged}; try again in a moment. (${error.type})`)
      }
      throw error
    }
  }
}

/**
 * The payment's recorded cancel ids with the one this refund records (the
 * sync's cancel made at PortOne, of this amount), or null for an ordinary
 * refund.
 */
function recordedCancel(data: Record<string, unknown>, amount: number): string[] | null {
  const keys = (data.refundTransactionKeys as string[] | undefined) ?? []
  const cancel = portOneCallContext().refund?.recordCancels?.find((candidate) => candidate.amount === amount && !keys.includes(candidate.cancellationId))
  return cancel ? [...keys, cancel.cancellationId] : null
}
