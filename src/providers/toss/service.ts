import {
  AbstractPaymentProvider,
  BigNumber,
  generateEntityId,
  MedusaError,
  PaymentActions,
} from "@medusajs/framework/utils"
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
import { CallOptions, sharedTossClient, TossClient } from "../../toss/client"
import { isTransient, TossApiError } from "../../toss/errors"
import { kstMonth } from "../../toss/time"
import type { CancelRequest, TossCancel, TossPayment } from "../../toss/types"
import {
  AUTH_KEY_PATTERN,
  billingNotEnabled,
  customerKeyOf,
  PAYMENT_METHOD_ID_PATTERN,
  SavedCard,
  savedCardView,
  tossBilling,
} from "./billing"
import {
  KEY_ERROR_CODES,
  meaningOf,
  MINIMUM_AMOUNT,
  ORDER_ID_PATTERN,
  ORPHAN_REASON,
  OUTCOME_UNKNOWN,
  TOSS_CURRENCY,
  TOSS_METHODS,
  TOSS_STATUS,
  TossMethod,
} from "./const"
import { clientOptions, keysFor, TossIntegration, TossOptions, validateOptions } from "./options"
import { reportToOperator } from "../../lib/report-to-operator"
import { TOSS_IDENTIFIER } from "../../lib/toss-provider-id"
import { refundInstructions } from "./refund-instructions"
import { tossAnswer } from "./toss-answer"
import { TossSessionData, withPayment } from "./session-data"
import { storableText } from "./text"
import { cancelShare, readWindowOptions } from "./window-options"

type InjectedDependencies = { logger: Logger }

const PAYMENT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,200}$/
const ORDER_NAME_MAX = 100
/**
 * What may come into a Toss session's data at initiation: Medusa's
 * `session_id`, the storefront's choices, and what the plugin's middleware
 * computed from the cart (taxFreeAmount, escrowProducts).
 */
const STOREFRONT_KEYS = new Set([
  "session_id",
  "method",
  "integration",
  "orderName",
  "validHours",
  "dueDate",
  "useEscrow",
  "maxCardInstallmentPlan",
  "taxFreeAmount",
  "escrowProducts",
  "payment_method",
])
/** The keys only the plugin writes: a storefront's values for them are replaced. */
const PLUGIN_KEYS = new Set([
  "orderId",
  "amount",
  "currency",
  "clientKey",
  "paymentKey",
  "status",
  "payment",
  "refundTransactionKeys",
  "freeInstallmentPlans",
  "customerKey",
])
/** Toss's answers that a request may have gone through before: only a lookup tells. */
const ALREADY_DONE_CODES = new Set(["ALREADY_PROCESSED_PAYMENT", "DUPLICATED_ORDER_ID"])
const DEFAULT_ORDER_NAME = "주문 결제"
const DEFAULT_REFUND_REASON = "구매자 요청 환불"
/**
 * The longest a confirm may take, retries and the lookup that settles an
 * uncertain outcome included: well inside the two minutes for which Medusa
 * locks the cart while completing it.
 */
export const CONFIRM_BUDGET_MS = 60_000

/**
 * Medusa ⇄ Toss. Toss's confirm is authorisation and capture in one step, so
 * `authorizePayment` confirms and answers `captured` (or
 * `pending_authorization` for a virtual account awaiting its deposit);
 * refunds are Toss cancels. Every decision about money is made on an answer
 * from Toss, never on data the browser could have written.
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

  async initiatePayment({ amount, currency_code, data = {}, context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = String(data.session_id ?? "")
    if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `토스페이먼츠는 원화(KRW) 결제만 받아요. Toss Payments only takes Korean won (KRW), but this cart is in ${currency_code.toUpperCase()}. Use a region whose currency is KRW for Toss.`
      )
    }
    // The plugin's own keys are written over below (Medusa passes an old
    // session's data back when it recreates one); anything else is refused.
    const unknown = Object.keys(data).filter((key) => !STOREFRONT_KEYS.has(key) && !PLUGIN_KEYS.has(key))
    if (unknown.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown Toss session data: ${unknown.map((key) => JSON.stringify(storableText(key, 40))).join(", ")}. A storefront may send ${[...STOREFRONT_KEYS].filter((key) => key !== "session_id").join(", ")}.`
      )
    }
    const integration = this.readIntegration(data.integration)
    const savedCard = this.readSavedCard(data.payment_method, context, data.method, integration)
    const method = savedCard ? "CARD" : this.readMethod(data.method)
    const won = this.toWon(amount, method)
    const windowOptions = readWindowOptions(data, { won, method, options: this.options_ })
    if (!this.clients[integration]) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        integration === "widget"
          ? "The Toss payment widget is not set up in this store (it needs the widget key pair, test_gck_… / test_gsk_…)."
          : "The Toss payment window is not set up in this store (it needs the API key pair, test_ck_… / test_sk_…)."
      )
    }
    if (!ORDER_ID_PATTERN.test(sessionId)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Cannot build a Toss orderId from session id "${sessionId}".`)
    }
    // Every key the plugin owns is written here, so nothing the storefront
    // sent at initiation (session data is merged over its input) survives.
    const session: TossSessionData = {
      orderId: sessionId,
      orderName: this.readOrderName(data.orderName),
      amount: won,
      currency: TOSS_CURRENCY,
      integration,
      method,
      ...windowOptions,
      clientKey: keysFor(this.options_, integration)?.clientKey ?? null,
      paymentKey: null,
      status: null,
      payment: null,
      refundTransactionKeys: [],
      payment_method: savedCard?.payment_method ?? null,
      customerKey: savedCard?.customerKey ?? null,
    }
    return { id: sessionId, data: { ...session } }
  }

  async updatePayment({ amount, currency_code, data = {} }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const session = this.readSession(data)
    if (currency_code.toUpperCase() !== TOSS_CURRENCY) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss Payments only takes KRW, not ${currency_code.toUpperCase()}.`)
    }
    const won = this.toWon(amount, session.method)
    if (session.status) {
      if (won !== session.amount || data.paymentKey !== session.payment?.paymentKey) {
        throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This Toss payment is already confirmed and cannot be changed.")
      }
      return { data: { ...session } }
    }
    const paymentKey = data.paymentKey == null ? null : String(data.paymentKey)
    if (paymentKey !== null && session.payment_method) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A saved-card session is charged by the store, not through Toss's payment window: it takes no paymentKey.")
    }
    if (paymentKey !== null && !PAYMENT_KEY_PATTERN.test(paymentKey)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The paymentKey from Toss is malformed.")
    }
    return { data: { ...session, amount: won, paymentKey } }
  }

  async authorizePayment({ data = {} }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const session = this.readSession(data)
    if (!session.paymentKey && !session.payment_method) {
      throw new MedusaError(
        MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
        "The Toss payment has not been completed yet. Please pay in the Toss payment window first."
      )
    }
    // Confirmed (or charged) once already (a retried completion, a webhook):
    // ask Toss for the current state instead of confirming again.
    const payment = session.status && TOSS_STATUS[session.status].confirmed
      ? await this.verified(session, tossAnswer(session.paymentKey) ?? (await this.lookup(session)), false)
      : session.payment_method
        ? await this.chargeSavedCard(session)
        : await this.confirm(session)
    return { status: meaningOf(payment).session, data: { ...withPayment(session, payment) } }
  }

  async capturePayment({ data = {} }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    // The confirm already captured; Medusa asks again for a virtual account
    // once its deposit arrives. Only Toss can say the money is there.
    const session = this.readSession(data)
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
    // Medusa cancels when it cannot keep a payment: the order could not be
    // created after the confirm, or an unpaid virtual account is dropped.
    // Toss has no separate void, so this is a full cancel.
    const session = this.readSession(data)
    if (!session.paymentKey || !session.status || !TOSS_STATUS[session.status].holdsMoney) {
      return { data: { ...session } }
    }
    const payment = await this.lookup(session)
    if (!meaningOf(payment).holdsMoney) {
      return { data: { ...withPayment(session, payment) } }
    }
    try {
      const canceled = await this.cancelAtToss(session, payment, {
        cancelReason: "주문을 완료하지 못해 결제를 취소합니다 (order could not be completed)",
        idempotencyKey: context?.idempotency_key ?? `cancel-${session.paymentKey}`,
      })
      return { data: { ...canceled } }
    } catch (error) {
      // Medusa keeps the payment uncancelled when this throws, so it is not lost.
      reportToOperator(this.logger_, {
        orderId: session.orderId,
        paymentKey: payment.paymentKey,
        message: `Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order and could not be cancelled: ${(error as Error).message}. Cancel it in the Toss dashboard.`,
      })
      throw error
    }
  }

  async deletePayment({ data = {} }: DeletePaymentInput): Promise<DeletePaymentOutput> {
    // Medusa deletes a session when the shopper starts over. Usually Toss
    // holds nothing for it; but a confirm whose answer was lost may have
    // gone through. No order can come from a deleted session, so whatever
    // Toss took for it is given back.
    // A saved-card charge has no paymentKey before Toss's answer: asked by orderId.
    if (typeof data.orderId !== "string" || (!data.paymentKey && !data.payment_method)) {
      return { data }
    }
    const session = this.readSession(data)
    let payment: TossPayment | null
    try {
      payment = await this.client(session).findPayment(session)
    } catch (error) {
      // The shopper is not kept waiting: the hand-off tracked this payment,
      // and the reconciliation gives back whatever Toss took for it.
      this.logger_.warn(`Toss could not be asked about the replaced session ${session.orderId}; the reconciliation job will: ${(error as Error).message}`)
      return { data }
    }
    if (payment?.orderId === session.orderId && meaningOf(payment).holdsMoney) {
      this.logger_.warn(`Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order: its session was replaced. Cancelling it at Toss.`)
      const canceled = await this.giveBack(session, payment, ORPHAN_REASON, `orphan-${payment.paymentKey}`)
      return { data: { ...(canceled ?? data) } }
    }
    return { data }
  }

  async refundPayment({ amount, data = {}, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = this.readSession(data)
    const cancelAmount = new BigNumber(amount).numeric
    if (!session.paymentKey || !session.payment) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This payment was never confirmed by Toss, so there is nothing to refund.")
    }
    if (!Number.isInteger(cancelAmount) || cancelAmount <= 0) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `A Toss refund must be a positive whole number of won, got ${cancelAmount}.`)
    }
    const instructions = refundInstructions() ?? {}
    const payment =
      tossAnswer(session.paymentKey) ??
      (await this.lookup(session).catch((error) => {
            throw new MedusaError(
              MedusaError.Types.NOT_ALLOWED,
              `Toss could not be asked about this payment before refunding it, so nothing was refunded. Try again in a moment. (${(error as Error).message})`
            )
          }))
    const unrecorded = unrecordedCancels(session, payment)

    if (instructions.recordCancels) {
      // Recording a cancel Toss already made: write it down, cancel nothing.
      const index = instructions.recordCancels.findIndex(
        (cancel) => cancel.cancelAmount === cancelAmount && unrecorded.some((made) => made.transactionKey === cancel.transactionKey)
      )
      if (index < 0) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Toss shows no unrecorded cancel of ${cancelAmount} KRW on payment ${payment.paymentKey}.`)
      }
      const [recorded] = instructions.recordCancels.splice(index, 1)
      return { data: { ...withPayment(recordCancel(session, recorded.transactionKey), payment) } }
    }
    if (unrecorded.length) {
      // A cancel made outside this refund that Medusa has not written down
      // yet (the Toss dashboard, a refund whose answer was lost): refunding
      // blind could pay the shopper twice.
      const total = unrecorded.reduce((sum, cancel) => sum + cancel.cancelAmount, 0)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Toss already shows ${formatWon(total)} KRW refunded on this payment that Medusa has not recorded yet (${unrecorded.map((cancel) => `${formatWon(cancel.cancelAmount)} KRW at ${cancel.canceledAt}`).join(", ")}). It is recorded as a refund within minutes; refund again afterwards only if more is due.`
      )
    }
    if (!meaningOf(payment).paid) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss shows this payment as ${payment.status}: there is no money to refund.`)
    }
    if (cancelAmount > payment.balanceAmount) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Cannot refund ${formatWon(cancelAmount)} KRW: only ${formatWon(payment.balanceAmount)} KRW of this Toss payment is left to refund.`
      )
    }
    const refusal = refundRefusal(payment, cancelAmount, new Date())
    if (refusal) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refusal)
    }
    // A deposited virtual account has no card to refund to: Toss pays the
    // shopper's bank account, which the operator enters in the admin (or the
    // payment widget collected from the shopper).
    const deposited = Boolean(payment.virtualAccount)
    const widgetAccount = payment.virtualAccount?.refundReceiveAccount
    const refundReceiveAccount =
      instructions.refundReceiveAccount ??
      (widgetAccount ? { bank: widgetAccount.bankCode, accountNumber: widgetAccount.accountNumber, holderName: widgetAccount.holderName } : null)
    if (deposited && !refundReceiveAccount) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This virtual-account payment is refunded into the shopper's bank account: enter the bank, account number and holder name in the order's Toss panel first, then refund from the order page."
      )
    }
    const refunded = await this.cancelAtToss(session, payment, {
      cancelReason: instructions.cancelReason || DEFAULT_REFUND_REASON,
      cancelAmount,
      refundReceiveAccount: deposited ? refundReceiveAccount! : undefined,
      idempotencyKey: context?.idempotency_key ?? `refund-${session.paymentKey}-${payment.balanceAmount}-${cancelAmount}`,
    })
    return { data: { ...refunded } }
  }

  async retrievePayment({ data = {} }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = this.readSession(data)
    return { data: { ...withPayment(session, await this.lookup(session)) } }
  }

  async getPaymentStatus({ data = {} }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = this.readSession(data)
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
    const existing = customerKeyIn(context.account_holder)
    if (existing) {
      return { id: existing, data: { customerKey: existing } }
    }
    if (!context.customer?.id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A Toss account holder is made for a customer, and none was given.")
    }
    const customerKey = customerKeyOf(this.options_.secretKey, context.customer.id)
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
   * `requestBillingAuth`) into a billing key. The key goes back to the
   * plugin's workflow through the billing instructions, never in the answer.
   */
  savePaymentMethod({ context, data = {} }: SavePaymentMethodInput): Promise<SavePaymentMethodOutput> {
    return this.reportingRefusal(() => this.saveCard(context, data))
  }

  private async saveCard(context: PaymentProviderContext | undefined, data: Record<string, unknown>): Promise<SavePaymentMethodOutput> {
    const customerKey = this.holderKey(context)
    const instructions = tossBilling()
    if (!instructions) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "Toss saved cards are saved through the plugin's store route (POST /store/toss/billing/account-holders/:id/payment-methods), which keeps the billing key private."
      )
    }
    const authKey = typeof data.authKey === "string" && AUTH_KEY_PATTERN.test(data.authKey) ? data.authKey : null
    if (!authKey) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "authKey (from Toss's card registration redirect) is missing or malformed.")
    }
    let billing
    try {
      // The same registration asked again (a double-submitted page, a lost
      // answer) replays Toss's first answer: one billing key per authKey.
      billing = await this.billingClient().issueBillingKey({ authKey, customerKey }, `billing-issue-${authKey}`)
    } catch (error) {
      throw billingRefusal(error, "카드를 등록하지 못했어요. The card could not be saved")
    }
    if (billing.customerKey !== customerKey || !billing.billingKey) {
      throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Toss issued a billing key for another customerKey: the card was not saved.")
    }
    const card: SavedCard = {
      id: generateEntityId(undefined, "tosscard"),
      customerKey,
      billingKey: billing.billingKey,
      issuerCode: billing.card?.issuerCode ?? "",
      cardNumber: billing.card?.number ?? "",
      cardType: billing.card?.cardType ?? "",
      ownerType: billing.card?.ownerType ?? "",
      authenticatedAt: billing.authenticatedAt,
    }
    instructions.issued = card
    return { id: card.id, data: { ...savedCardView(card) } }
  }

  async listPaymentMethods({ context }: ListPaymentMethodsInput): Promise<ListPaymentMethodsOutput> {
    const customerKey = this.holderKey(context)
    return this.lentCards("listed").filter((card) => card.customerKey === customerKey).map((card) => ({ id: card.id, data: { ...savedCardView(card) } }))
  }

  /**
   * Toss forgets the billing key (`DELETE /v1/billing/{billingKey}`); one it
   * no longer knows (deleted already, by its card company or an earlier
   * removal) counts as deleted. Anything else is reported, so the caller
   * knows Toss did not confirm.
   */
  deletePaymentMethod({ data }: DeletePaymentMethodInput): Promise<DeletePaymentMethodOutput> {
    return this.reportingRefusal(async () => {
      this.requireBilling()
      const card = this.lentCards("removed").find((candidate) => candidate.id === data.id)
      if (!card) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Saved card ${data.id} was not found.`)
      }
      try {
        await this.billingClient().deleteBillingKey(card.billingKey)
      } catch (error) {
        if (!(error instanceof TossApiError && error.code === "NOT_FOUND_BILLING")) {
          throw billingRefusal(error, "Toss did not confirm the card's deletion")
        }
      }
      return {}
    })
  }

  /** Leaves the error for the plugin as well (see `TossBillingInstructions.refusal`). */
  private async reportingRefusal<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      const instructions = tossBilling()
      if (instructions) {
        instructions.refusal = error
      }
      throw error
    }
  }

  /**
   * Medusa's own webhook subscriber asks this; the plugin's subscriber
   * (`toss-webhook-sync`) is the one owner of what Toss's events change, so
   * Medusa is told there is nothing to do and no Toss request is spent here.
   */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  /** The Toss confirm of the paymentKey the storefront handed over. */
  private confirm(session: TossSessionData): Promise<TossPayment> {
    const paymentKey = session.paymentKey!
    // Stable for this payment: a retry, a second completion or a restarted
    // server replays the first confirm instead of charging again.
    const idempotencyKey = `confirm-${session.orderId}-${paymentKey}`
    return this.settle(session, "confirm", (options) =>
      this.client(session).confirm({ paymentKey, orderId: session.orderId, amount: session.amount }, idempotencyKey, options)
    )
  }

  /**
   * A charge of the session's saved card, for the amount the server stored.
   * The plugin's workflows lend the provider the customer's card for the
   * call; without it (Medusa's own cart completion, the reconciliation
   * completing a cart), nothing is charged: Toss is only asked whether an
   * earlier charge for this orderId went through.
   */
  private async chargeSavedCard(session: TossSessionData): Promise<TossPayment> {
    const card = tossBilling()?.cards?.find((candidate) => candidate.id === session.payment_method && candidate.customerKey === session.customerKey)
    if (!card) {
      const earlier = await this.client(session).findPayment({ orderId: session.orderId }).catch(() => undefined)
      if (earlier && TOSS_STATUS[earlier.status].confirmed) {
        return this.verified(session, earlier, false)
      }
      throw this.declined(
        "저장된 카드로 결제하지 못했어요. The saved card was not charged: a saved-card session is paid through POST /store/toss/billing/complete (or the plugin's authorizeSavedTossCardStep).",
        earlier === undefined ? OUTCOME_UNKNOWN : SAVED_CARD_NOT_CHARGED
      )
    }
    this.requireBilling()
    // The session is one attempt (its id is the orderId): a retry replays it.
    const idempotencyKey = `billing-${session.orderId}`
    return this.settle(session, "billing charge", (options) =>
      this.client(session).chargeBilling(
        card.billingKey,
        {
          customerKey: card.customerKey,
          orderId: session.orderId,
          orderName: session.orderName,
          amount: session.amount,
          ...(session.taxFreeAmount ? { taxFreeAmount: session.taxFreeAmount } : {}),
        },
        idempotencyKey,
        options
      )
    )
  }

  /** Toss's answer to a confirm or a charge, with every uncertain outcome resolved by asking Toss. */
  private async settle(session: TossSessionData, what: string, request: (options: CallOptions) => Promise<TossPayment>): Promise<TossPayment> {
    const deadline = Date.now() + CONFIRM_BUDGET_MS
    try {
      return await this.verified(session, await request({ deadline }), true)
    } catch (error) {
      if (!(error instanceof TossApiError)) {
        throw error
      }
      if (KEY_ERROR_CODES.has(error.code)) {
        this.logger_.error(
          `Toss refused this store's secret key (${error.code}): check the \`secretKey\` option of the Toss provider (test_sk_… for the test environment, live_sk_… for live).`
        )
        throw this.declined("결제 설정에 문제가 있어 결제를 완료할 수 없어요. The store's payment setup has a problem; you have not been charged.", error.code)
      }
      if (!isTransient(error) && !ALREADY_DONE_CODES.has(error.code)) {
        throw this.declined(error.message, error.code)
      }
      this.logger_.warn(`Toss ${what} for orderId ${session.orderId} ended with ${error.code}; looking the payment up`)
      // undefined: Toss could not be asked either, so the outcome is unknown.
      const payment = await this.client(session).findPayment(session, { deadline }).catch(() => undefined)
      if (payment && TOSS_STATUS[payment.status].confirmed) {
        return this.verified(session, payment, false)
      }
      if (payment?.failure) {
        throw this.declined(payment.failure.message, payment.failure.code)
      }
      if (payment === undefined || error.code === "IDEMPOTENT_REQUEST_PROCESSING") {
        throw this.declined(
          "토스페이먼츠의 응답이 늦어 결제를 확인하지 못했어요. 다시 결제하기 전에 잠시 후 주문 내역을 확인해 주세요 (주문 없이 결제된 금액은 자동으로 취소돼요). Toss did not answer in time, so the payment could not be confirmed. Please check your order in a few minutes before paying again: a charge without an order is cancelled automatically.",
          OUTCOME_UNKNOWN
        )
      }
      // Toss answered the lookup: the payment has not gone through (it is
      // still watched, in case Toss finishes it late).
      throw this.declined(
        "지금은 결제를 확인할 수 없어요. 결제되지 않았으니 잠시 후 다시 시도해 주세요. Toss could not confirm the payment right now and you have not been charged. Please try again in a moment.",
        OUTCOME_UNKNOWN
      )
    }
  }

  /**
   * Money is only accepted for the orderId and amount the server stored. A
   * payment we confirmed ourselves that does not match is cancelled in full
   * (the store cannot honour it); one merely looked up is someone else's
   * payment, and is refused without touching it.
   */
  private async verified(session: TossSessionData, payment: TossPayment, confirmedByUs: boolean): Promise<TossPayment> {
    const ours = payment.orderId === session.orderId
    // The window's request comes from the browser: what Toss recorded is checked against what the server decided.
    const asDecided =
      (payment.taxFreeAmount ?? 0) === (session.taxFreeAmount ?? 0) &&
      !(session.useEscrow === true && payment.method !== null && CASH_METHOD_LABELS.includes(payment.method) && !payment.useEscrow)
    if (ours && payment.totalAmount === session.amount && payment.currency === TOSS_CURRENCY && asDecided) {
      return payment
    }
    this.logger_.error(
      `Toss payment ${payment.paymentKey} does not match session ${session.orderId}: orderId ${payment.orderId}, ${payment.totalAmount} ${payment.currency} (tax-free ${payment.taxFreeAmount}, escrow ${payment.useEscrow}) instead of ${session.amount} KRW (tax-free ${session.taxFreeAmount ?? 0}, escrow ${session.useEscrow})`
    )
    if ((ours || confirmedByUs) && meaningOf(payment).holdsMoney) {
      await this.giveBack(session, payment, "결제 금액 불일치로 자동 취소 (amount or orderId mismatch)", `mismatch-${payment.paymentKey}`)
    }
    throw this.declined("결제 정보가 주문과 달라 결제를 받지 않았어요. The payment did not match this order and was not accepted. You have not been charged.", "AMOUNT_MISMATCH")
  }

  /**
   * Gives back all of a payment no order can come from. A cancel Toss
   * refuses (or that cannot be confirmed) is not the shopper's problem: the
   * payment stays tracked, the reconciliation job gives it back on its next
   * look, and the operator is told. Null when nothing was given back.
   */
  private async giveBack(session: TossSessionData, payment: TossPayment, cancelReason: string, idempotencyKey: string): Promise<TossSessionData | null> {
    try {
      return await this.cancelAtToss(session, payment, { cancelReason, idempotencyKey })
    } catch (error) {
      reportToOperator(this.logger_, {
        orderId: session.orderId,
        paymentKey: payment.paymentKey,
        message: `Toss payment ${payment.paymentKey} (${payment.totalAmount} KRW) has no order and could not be given back yet: ${(error as Error).message}. The reconciliation job tries again every few minutes; if this repeats, cancel it in the Toss dashboard.`,
      })
      return null
    }
  }

  /**
   * A Toss cancel of `payment` (as Toss showed it just now); the returned
   * session data remembers the cancel as recorded. When the answer is lost,
   * Toss is asked what it did: a cancel it made is recorded once, and only a
   * cancel Toss really refused is reported as refused.
   */
  private async cancelAtToss(
    session: TossSessionData,
    payment: TossPayment,
    { idempotencyKey, cancelAmount: asked, ...given }: Omit<CancelRequest, "taxFreeAmount"> & { idempotencyKey: string }
  ): Promise<TossSessionData> {
    const request: CancelRequest = { ...given, ...cancelShare(payment, asked) }
    const cancelAmount = request.cancelAmount!
    const known = new Set([...session.refundTransactionKeys, ...(payment.cancels ?? []).map((cancel) => cancel.transactionKey)])
    const madeNow = (after: TossPayment) =>
      (after.cancels ?? []).filter((cancel) => !known.has(cancel.transactionKey) && cancel.cancelAmount === cancelAmount).pop()
    let refusal: TossApiError
    try {
      const canceled = await this.client(session).cancel(session.paymentKey!, request, idempotencyKey)
      const made = madeNow(canceled)
      return withPayment(made ? recordCancel(session, made.transactionKey) : session, canceled)
    } catch (error) {
      if (!(error instanceof TossApiError)) {
        throw error
      }
      refusal = error
    }
    const uncertain = isTransient(refusal) || refusal.code === "ALREADY_CANCELED_PAYMENT"
    if (!uncertain) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss refused the cancel: ${refusal.message} (${refusal.code})`)
    }
    this.logger_.warn(`Toss cancel of ${session.paymentKey} ended with ${refusal.code}; looking the payment up`)
    // By orderId: whatever Toss did for this order, asked as a lookup of its own.
    const after = await this.client(session).findPayment({ orderId: session.orderId }).catch(() => null)
    const made = after && madeNow(after)
    if (made) {
      return withPayment(recordCancel(session, made.transactionKey), after)
    }
    if (!after || isTransient(refusal)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Toss did not answer (${refusal.code}), so nothing was recorded. If Toss made the refund anyway, it appears here as a refund within minutes (the plugin checks with Toss); look at the refunds before trying again.`
      )
    }
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Toss refused the cancel: ${refusal.message} (${refusal.code})`)
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

  private lentCards(purpose: string): SavedCard[] {
    const cards = tossBilling()?.cards
    if (!cards) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Toss saved cards are ${purpose} through the plugin's store routes (/store/toss/billing/…), which read them from the plugin's module.`
      )
    }
    return cards
  }

  /** Billing is the API individual key pair's (validateOptions makes sure there is one). */
  private billingClient(): TossClient {
    return this.clients.payment!
  }

  /**
   * A session that pays with a saved card (Medusa's `data.payment_method`):
   * for a logged-in customer, whose holder Medusa passes in the context, with
   * the API key pair. Which customer the card belongs to is checked when it
   * is charged, by the plugin, against the saved cards of this customerKey.
   */
  private readSavedCard(
    paymentMethod: unknown,
    context: PaymentProviderContext | undefined,
    method: unknown,
    integration: TossIntegration
  ): { payment_method: string; customerKey: string } | null {
    if (paymentMethod === undefined || paymentMethod === null) {
      return null
    }
    this.requireBilling()
    if (typeof paymentMethod !== "string" || !PAYMENT_METHOD_ID_PATTERN.test(paymentMethod)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "payment_method must be the id of a saved Toss card (tosscard_…).")
    }
    if ((method !== undefined && method !== null && method !== "CARD") || integration !== "payment") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, 'A saved card pays as method "CARD" through the "payment" integration; leave method and integration out.')
    }
    const customerKey = customerKeyIn(context?.account_holder)
    if (!customerKey) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Paying with a saved card needs a logged-in customer: log in first.")
    }
    return { payment_method: paymentMethod, customerKey }
  }

  private client(session: TossSessionData): TossClient {
    const client = this.clients[session.integration]
    if (!client) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `The Toss ${session.integration} integration is not configured.`)
    }
    return client
  }

  private declined(message: string, code: string): MedusaError {
    // This error type reaches the shopper as `{type: "cart", error}` with the
    // message, and leaves the cart open for another attempt.
    return new MedusaError(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR, message, code)
  }

  private readSession(data: Record<string, unknown>): TossSessionData {
    if (typeof data.orderId !== "string" || typeof data.amount !== "number") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "This payment session was not created by the Toss provider.")
    }
    const session = data as unknown as TossSessionData
    return { ...session, refundTransactionKeys: session.refundTransactionKeys ?? [] }
  }

  private readMethod(method: unknown): TossMethod | null {
    if (method === undefined || method === null || method === "") {
      return null
    }
    if (!TOSS_METHODS.includes(method as TossMethod)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown Toss payment method "${storableText(String(method), 40)}". Use one of ${TOSS_METHODS.join(", ")}.`
      )
    }
    return method as TossMethod
  }

  private readIntegration(integration: unknown): TossIntegration {
    if (integration === undefined || integration === null || integration === "payment" || integration === "widget") {
      return integration === "widget" ? "widget" : "payment"
    }
    throw new MedusaError(MedusaError.Types.INVALID_DATA, 'The Toss integration must be "payment" (the payment window) or "widget".')
  }

  private readOrderName(orderName: unknown): string {
    if (orderName !== undefined && orderName !== null && typeof orderName !== "string") {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "orderName must be text.")
    }
    return storableText(orderName, ORDER_NAME_MAX) || DEFAULT_ORDER_NAME
  }

  /** Whole won within Toss's limits; the method's minimum when the method is known. */
  private toWon(amount: InitiatePaymentInput["amount"], method: TossMethod | null): number {
    const won = new BigNumber(amount).numeric
    if (!Number.isInteger(won)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Toss takes whole won only, got ${won} KRW.`)
    }
    const minimum = method ? MINIMUM_AMOUNT[method] : Math.min(...Object.values(MINIMUM_AMOUNT))
    if (won < minimum) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `결제 금액이 최소 금액 ${minimum.toLocaleString("ko-KR")}원보다 적어요. The amount ${won} KRW is below Toss's minimum of ${minimum} KRW${method ? ` for ${method}` : ""}.`
      )
    }
    return won
  }
}

/** Toss's method names of the payments escrow covers. */
const CASH_METHOD_LABELS = ["계좌이체", "가상계좌"]

/** The code of a saved-card session authorised without its card: nothing was charged. */
export const SAVED_CARD_NOT_CHARGED = "SAVED_CARD_NOT_CHARGED"

/** The customerKey of a Medusa account holder made by this provider. */
function customerKeyIn(holder: { data?: Record<string, unknown> } | undefined): string | null {
  const customerKey = holder?.data?.customerKey
  return typeof customerKey === "string" && customerKey.length > 0 ? customerKey : null
}

/** A billing call Toss refused, as the customer should read it; the billing key is never in it. */
function billingRefusal(error: unknown, what: string): unknown {
  if (!(error instanceof TossApiError)) {
    return error
  }
  return isTransient(error)
    ? new MedusaError(MedusaError.Types.NOT_ALLOWED, `${what}: Toss did not answer (${error.code}). Please try again in a moment.`)
    : new MedusaError(MedusaError.Types.INVALID_DATA, `${what}: ${error.message} (${error.code})`)
}

const DAY_MS = 24 * 3600_000
/** Toss refunds a transfer within 180 days of the payment. */
const TRANSFER_REFUND_DAYS = 180

/**
 * Why Toss would refuse this refund, by its rules per method, said before
 * Toss is asked (toss-api.md §2); null when Toss would take it.
 */
export function refundRefusal(payment: TossPayment, cancelAmount: number, now: Date): string | null {
  const partial = cancelAmount < payment.balanceAmount
  if (partial && payment.useEscrow) {
    return `Toss does not refund part of an escrow (에스크로) payment: refund all ${formatWon(payment.balanceAmount)} KRW, or refund the rest outside Toss.`
  }
  if (partial && payment.card && payment.taxExemptionAmount > 0) {
    return `Toss does not refund part of a card payment with a tax-exempt amount (과세 제외): refund all ${formatWon(payment.balanceAmount)} KRW.`
  }
  if (partial && !payment.isPartialCancelable) {
    return `Toss does not allow a partial refund of this payment; refund the whole ${formatWon(payment.balanceAmount)} KRW, or refund the shopper outside Toss.`
  }
  const approvedAt = payment.approvedAt ? new Date(payment.approvedAt) : null
  if (payment.mobilePhone && approvedAt && kstMonth(approvedAt) !== kstMonth(now)) {
    return `A mobile-phone payment can only be refunded in the month it was paid (${kstMonth(approvedAt)}, Korean time): refund the shopper outside Toss, e.g. by bank transfer.`
  }
  if (payment.transfer && approvedAt && now.getTime() - approvedAt.getTime() > TRANSFER_REFUND_DAYS * DAY_MS) {
    return `Toss refunds a bank transfer only within ${TRANSFER_REFUND_DAYS} days of the payment: refund the shopper outside Toss.`
  }
  return null
}

/** Toss's cancels of `payment` that the session data does not list as recorded. */
export function unrecordedCancels(session: TossSessionData, payment: TossPayment): TossCancel[] {
  const recorded = new Set(session.refundTransactionKeys)
  return (payment.cancels ?? []).filter((cancel) => !recorded.has(cancel.transactionKey))
}

function recordCancel(session: TossSessionData, transactionKey: string): TossSessionData {
  return { ...session, refundTransactionKeys: [...session.refundTransactionKeys, transactionKey] }
}

function formatWon(amount: number): string {
  return amount.toLocaleString("en-US")
}
