import { AbstractPaymentProvider, BigNumber, MedusaError, PaymentActions } from "@medusajs/framework/utils"
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
  PaymentProviderContext,
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
import { sharedTossClient, TossClient } from "../../toss/client"
import { TossApiError } from "../../toss/errors"
import type { TossPayment } from "../../toss/types"
import {
  billingNotEnabled,
  customerKeyIn,
  deleteSavedCard,
  holderCustomerKey,
  issueSavedCard,
  lentCardOf,
  lentCards,
  reportingRefusal,
  SavedCardRecord,
  savedCardView,
} from "./billing"
import { handOffOf, heldAnswer, TossHandOffContext, tossCallContext } from "./call-context"
import { giveBackOrThrow, giveBackReplaced, refund, refundAmount, TossAccess } from "./cancel"
import { chargeSavedCard, confirmPayment, verified } from "./confirm"
import { meaningOf } from "./const"
import { clientOptions, keysFor, TossIntegration, TossOptions, validateOptions } from "./options"
import { TOSS_IDENTIFIER } from "../../lib/toss-provider-id"
import { withPayment } from "./session-data"
import type { TossSessionData } from "./session-data"
import { readNewSession, readSession, readUpdate, recordedMeaning } from "./session-input"

type InjectedDependencies = { logger: Logger }

/**
 * Medusa ⇄ Toss. Toss's confirm is authorisation and capture in one step, so
 * `authorizePayment` confirms and answers `captured` (or
 * `pending_authorization` for a virtual account awaiting its deposit);
 * refunds are Toss cancels. Every decision about money is made on an answer
 * from Toss, never on data the browser could have written. The work lives
 * beside this file: reading the session's input (session-input.ts), the
 * confirm (confirm.ts), refunds and give-backs (cancel.ts), saved cards
 * (billing.ts), and what the plugin's workflows hand over (call-context.ts).
 */
export class TossPaymentProviderService extends AbstractPaymentProvider<TossOptions> {
  static identifier = TOSS_IDENTIFIER

  static validateOptions(options: Record<string, unknown>): void {
    validateOptions(options)
  }

  protected readonly logger_: Logger
  protected readonly options_: TossOptions
  private readonly clients: Partial<Record<TossIntegration, TossClient>> = {}

  constructor(container: InjectedDependencies, options: TossOptions) {
    super(container, options)
    this.logger_ = container.logger
    this.options_ = options
    for (const integration of ["payment", "widget"] as const) {
      const keys = keysFor(options, integration)
      if (keys) {
        this.clients[integration] = sharedTossClient(clientOptions(options, keys.secretKey))
      }
    }
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const session = readNewSession(input, this.options_)
    return { id: session.orderId, data: { ...session } }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return { data: { ...readUpdate(readSession(input.data ?? {}), input) } }
  }

  async authorizePayment({ data = {} }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const handOff = handOffOf(readSession(data).orderId)
    const session = withHandedPaymentKey(readSession(data), handOff)
    if (!session.paymentKey && !session.payment_method) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        "The Toss payment has not been completed yet. Please pay in the Toss payment window first."
      )
    }
    // Confirmed (or charged) once already (a retried completion, a webhook):
    // ask Toss for the current state instead of confirming again.
    const payment = recordedMeaning(session)?.confirmed
      ? await verified(this.access(session), session, heldAnswer(session.paymentKey) ?? (await this.lookup(session)), false)
      : session.payment_method
        ? await chargeSavedCard(this.access(session), session, this.lentCard(session))
        : await confirmPayment(this.access(session), session)
    if (handOff) {
      handOff.answer = payment
    }
    return { status: meaningOf(payment).session, data: { ...withPayment(session, payment) } }
  }

  async capturePayment({ data = {} }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // The confirm already captured; Medusa asks again for a virtual account
    // once its deposit arrives. Only Toss can say the money is there.
    const session = readSession(data)
    const payment = await this.lookup(session)
    if (!meaningOf(payment).paid) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Toss has not received this payment (status ${payment.status}); it cannot be captured.`
      )
    }
    return { data: { ...withPayment(session, payment) } }
  }

  async cancelPayment({ data = {}, context }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const session = readSession(data)
    if (!session.paymentKey || !recordedMeaning(session)?.holdsMoney) {
      return { data: { ...session } }
    }
    const payment = await this.lookup(session)
    if (!meaningOf(payment).holdsMoney) {
      return { data: { ...withPayment(session, payment) } }
    }
    return { data: { ...(await giveBackOrThrow(this.access(session), session, payment, context?.idempotency_key)) } }
  }

  async deletePayment({ data = {} }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // Medusa deletes a session when the shopper starts over; whatever Toss
    // took for it is given back. A saved-card charge has no paymentKey
    // before Toss's answer: asked by orderId.
    if (typeof data.orderId !== "string" || (!data.paymentKey && !data.payment_method)) {
      return { data }
    }
    const session = readSession(data)
    const givenBack = await giveBackReplaced(this.access(session), session)
    return { data: givenBack ? { ...givenBack } : data }
  }

  async refundPayment({ amount, data = {}, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = readSession(data)
    const cancelAmount = refundAmount(session, new BigNumber(amount).numeric)
    const payment =
      heldAnswer(session.paymentKey) ??
      (await this.lookup(session).catch((error) => {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Toss could not be asked about this payment before refunding it, so nothing was refunded. Try again in a moment. (${(error as Error).message})`
        )
      }))
    const given = tossCallContext().refund
    return { data: { ...(await refund(this.access(session), session, payment, { cancelAmount, given, medusaKey: context?.idempotency_key })) } }
  }

  async retrievePayment({ data = {} }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = readSession(data)
    return { data: { ...withPayment(session, await this.lookup(session)) } }
  }

  async getPaymentStatus({ data = {} }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = readSession(data)
    const payment = await this.lookup(session)
    return { status: meaningOf(payment).session, data: { ...withPayment(session, payment) } }
  }

  /**
   * Medusa asks for an account holder whenever a logged-in customer opens a
   * payment session. The holder is the customer's Toss customerKey (Toss
   * keeps no customer object, so nothing is sent to Toss). Without billing
   * there is nothing to hold: no holder, and every checkout goes on as before.
   */
  async createAccountHolder({ context }: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    if (!this.options_.billing) {
      return {} as CreateAccountHolderOutput
    }
    const customerKey = holderCustomerKey(this.options_.secretKey, context)
    return { id: customerKey, data: { customerKey } }
  }

  /** Toss keeps nothing about a customer but their cards: nothing to update. */
  async updateAccountHolder(_input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return {}
  }

  /**
   * Nothing to delete at Toss for the holder itself. Its saved cards are
   * removed by the plugin (the store's removal route, Toss's BILLING_DELETED),
   * not here: Medusa also deletes a holder it has just made when the payment
   * session it was made for fails.
   */
  async deleteAccountHolder(_input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return {}
  }

  async retrieveAccountHolder({ id }: RetrieveAccountHolderInput): Promise<RetrieveAccountHolderOutput> {
    return { id, data: { customerKey: id } }
  }

  /**
   * Turns the authKey of Toss's card registration (the storefront's
   * `requestBillingAuth`) into a saved card. The billing key goes back to
   * the plugin's workflow through the call context, never in the answer.
   */
  savePaymentMethod({ context, data = {} }: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    const { savedCards } = tossCallContext()
    return reportingRefusal(savedCards, async () => {
      const customerKey = this.holderKey(context)
      if (!savedCards) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "Toss saved cards are saved through the plugin's store route (POST /store/toss/billing/account-holders/:id/payment-methods), which keeps the billing key private."
        )
      }
      const card = await issueSavedCard(this.billingClient(), customerKey, data.authKey)
      savedCards.issued = card
      return { id: card.id, data: { ...savedCardView(card) } }
    })
  }

  async listPaymentMethods({ context }: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const customerKey = this.holderKey(context)
    return lentCards(tossCallContext().savedCards, "listed")
      .filter((card) => card.customerKey === customerKey)
      .map((card) => ({ id: card.id, data: { ...savedCardView(card) } }))
  }

  deletePaymentMethod({ data }: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    const { savedCards } = tossCallContext()
    return reportingRefusal(savedCards, async () => {
      this.requireBilling()
      const card = lentCards(savedCards, "removed").find((candidate) => candidate.id === data.id)
      if (!card) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${data.id} was not found.`)
      }
      await deleteSavedCard(this.billingClient(), card)
      return {}
    })
  }

  /**
   * Medusa's own webhook subscriber asks this; the plugin's subscriber
   * (`toss-webhook-sync`) is the one owner of what Toss's events change, so
   * Medusa is told there is nothing to do and no Toss request is spent here.
   */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  private async lookup(session: TossSessionData): Promise<TossPayment> {
    try {
      return await this.client(session).getPayment(session.paymentKey!)
    } catch (error) {
      if (error instanceof TossApiError) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not look the payment up at Toss: ${error.message} (${error.code})`)
      }
      throw error
    }
  }

  /** The client is picked when first used: a session whose integration the store no longer configures fails only where Toss must be asked. */
  private access(session: TossSessionData): TossAccess {
    const clientOf = () => this.client(session)
    return {
      get client() {
        return clientOf()
      },
      logger: this.logger_,
    }
  }

  private client(session: TossSessionData): TossClient {
    const client = this.clients[session.integration]
    if (!client) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss ${session.integration} integration is not configured.`)
    }
    return client
  }

  /** Billing is the API individual key pair's (validateOptions makes sure there is one). */
  private billingClient(): TossClient {
    return this.clients.payment!
  }

  private requireBilling(): void {
    if (!this.options_.billing) {
      throw billingNotEnabled()
    }
  }

  /** The customerKey of the account holder Medusa passes; billing must be on. */
  private holderKey(context: PaymentProviderContext | undefined): string {
    this.requireBilling()
    const customerKey = customerKeyIn(context?.account_holder)
    if (!customerKey) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Saved cards belong to a customer's Toss account holder, and none was given.")
    }
    return customerKey
  }

  /** The session's own card, if the plugin lent it for this call; charging it needs billing on. */
  private lentCard(session: TossSessionData): SavedCardRecord | undefined {
    const card = lentCardOf(tossCallContext().savedCards, session)
    if (card) {
      this.requireBilling()
    }
    return card
  }
}

/**
 * The session with the paymentKey its hand-off brought (Toss's redirect),
 * or the one of the answer the caller holds (a capture completing the cart
 * of a payment whose hand-off never finished). A session Toss has confirmed
 * keeps its own.
 */
function withHandedPaymentKey(session: TossSessionData, handOff: TossHandOffContext | undefined): TossSessionData {
  if (recordedMeaning(session)?.confirmed) {
    return session
  }
  const { answer } = tossCallContext()
  const paymentKey = handOff?.paymentKey ?? (answer?.orderId === session.orderId ? answer.paymentKey : null)
  return paymentKey ? { ...session, paymentKey } : session
}
