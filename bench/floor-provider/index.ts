/**
 * The benchmark's floor: a payment provider that does no I/O and answers
 * `captured` from `authorizePayment`, as Toss's confirm does. A checkout
 * through it is the Medusa work of a Toss checkout with a free, instant PSP,
 * so the Toss checkout's time above it is what the plugin (its route, its
 * bookkeeping and the call to Toss) adds. Registered in the benchmark's
 * applications only (bench/app, bench/baseline-app) as `pp_floor_bench`.
 */
import { AbstractPaymentProvider, ModuleProvider, Modules, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentOutput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"

export class FloorPaymentProvider extends AbstractPaymentProvider {
  static identifier = "floor"

  // Public, as ModuleProvider needs (the base class's is protected).
  constructor(container: Record<string, unknown>, options: Record<string, unknown>) {
    super(container, options)
  }

  async initiatePayment({ context }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    return { id: context?.idempotency_key ?? "floor", data: {} }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return { status: PaymentSessionStatus.CAPTURED, data }
  }

  async capturePayment({ data }: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data }
  }

  async updatePayment({ data }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    return { data }
  }

  async refundPayment({ data }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    return { data }
  }

  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data }
  }

  async getPaymentStatus(): Promise<GetPaymentStatusOutput> {
    return { status: PaymentSessionStatus.CAPTURED }
  }

  async cancelPayment(): Promise<CancelPaymentOutput> {
    return {}
  }

  async deletePayment(): Promise<DeletePaymentOutput> {
    return {}
  }

  async getWebhookActionAndData(): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default ModuleProvider(Modules.PAYMENT, { services: [FloorPaymentProvider] })
