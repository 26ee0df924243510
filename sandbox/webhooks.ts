/**
 * Outgoing webhooks, as Toss sends them (toss-api.md §6, Toss's webhook
 * event guide): JSON POSTs with the transmission headers, retried until the
 * receiver answers 200. Deliveries never block the API answer that caused
 * them. PAYMENT_STATUS_CHANGED goes out for DONE, ABORTED, EXPIRED, CANCELED,
 * PARTIAL_CANCELED and the virtual account statuses (never for READY or
 * IN_PROGRESS, a closed window or a billing charge); a virtual account also
 * gets DEPOSIT_CALLBACK.
 */
import { SandboxClock, kstIso, kstMicros } from "./clock"
import type { StatusChange } from "./records"
import { randomAlphanumeric } from "./toss-objects"

export interface WebhookAttempt {
  at: string
  retriedCount: number
  /** The receiver's HTTP status; null when the request itself failed. */
  status: number | null
  error: string | null
}

export interface WebhookDelivery {
  transmissionId: string
  url: string
  payload: unknown
  state: "pending" | "delivered" | "failed"
  /** The last HTTP status received, null if none. */
  status: number | null
  attempts: WebhookAttempt[]
}

export interface WebhookSenderOptions {
  /** Several URLs are taken in turn, one per delivery (servers behind a load balancer). */
  url: string | string[] | null
  enabled: boolean
  /** Waits before each retry; Toss waits 1, 4, 16… minutes. */
  retryDelaysMs: number[]
  clock: SandboxClock
}

const ATTEMPT_TIMEOUT_MS = 10_000

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = []
  /** Wall-clock time (ms) of the receiver's last 200; the sandbox clock can be moved, this cannot. */
  lastAnsweredAt: number | null = null
  private readonly running = new Set<Promise<void>>()
  private readonly closing = new AbortController()
  private turn = 0

  constructor(private readonly options: WebhookSenderOptions) {}

  setUrl(url: string | string[] | null): void {
    this.options.url = url
  }

  /** PAYMENT_STATUS_CHANGED for every status change, plus DEPOSIT_CALLBACK for virtual accounts. */
  statusChanged({ payment, deposit }: StatusChange): void {
    const createdAt = kstMicros(this.options.clock.now())
    this.deliver({ eventType: "PAYMENT_STATUS_CHANGED", createdAt, data: payment })
    if (deposit) {
      this.deliver({
        createdAt,
        secret: payment.secret,
        status: deposit.status,
        transactionKey: deposit.transactionKey,
        orderId: payment.orderId,
      })
    }
  }

  /**
   * An event with `{eventType, createdAt, data}`: CANCEL_STATUS_CHANGED
   * (data: a Cancel object), BILLING_DELETED (data: {billingKey, reason}).
   */
  event(eventType: "CANCEL_STATUS_CHANGED" | "BILLING_DELETED", data: unknown): void {
    this.deliver({ eventType, createdAt: kstMicros(this.options.clock.now()), data })
  }

  /**
   * Post any body once, without retries, and return the receiver's answer:
   * for tests of forged or malformed webhooks. `headers` are added to (or
   * replace) the usual transmission headers.
   */
  async sendRaw(payload: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const url = this.nextUrl()
    if (!url) throw new Error("No webhook URL: pass webhookUrl or call setWebhookUrl(url) first.")
    const delivery = this.record(url, payload)
    const response = await fetch(url, {
      method: "POST",
      headers: { ...this.headers(delivery), ...headers },
      body: typeof payload === "string" ? payload : JSON.stringify(payload),
      signal: this.attemptSignal(),
    })
    const body = await response.text()
    this.recordAttempt(delivery, response.status, null)
    delivery.state = response.status === 200 ? "delivered" : "failed"
    return { status: response.status, body }
  }

  /** Resolves once no delivery is waiting for an attempt or a retry. */
  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running)
  }

  clearLog(): void {
    this.deliveries.length = 0
  }

  /** Stop: abort attempts in flight and drop pending retries. */
  close(): void {
    this.closing.abort()
  }

  private deliver(payload: unknown): void {
    if (!this.options.enabled) return
    const url = this.nextUrl()
    if (!url) return
    const delivery = this.record(url, payload)
    const run = this.attemptUntilDelivered(delivery).finally(() => this.running.delete(run))
    this.running.add(run)
  }

  private async attemptUntilDelivered(delivery: WebhookDelivery): Promise<void> {
    const delays = this.options.retryDelaysMs
    for (let retriedCount = 0; ; retriedCount++) {
      if (this.closing.signal.aborted) return
      const status = await this.attempt(delivery)
      if (status === 200) {
        delivery.state = "delivered"
        return
      }
      if (retriedCount >= delays.length) {
        // Toss e-mails the merchant at this point.
        delivery.state = "failed"
        return
      }
      await this.sleep(delays[retriedCount])
    }
  }

  private async attempt(delivery: WebhookDelivery): Promise<number | null> {
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: this.headers(delivery),
        body: JSON.stringify(delivery.payload),
        signal: this.attemptSignal(),
      })
      await response.text()
      this.recordAttempt(delivery, response.status, null)
      return response.status
    } catch (error) {
      this.recordAttempt(delivery, null, String(error))
      return null
    }
  }

  private nextUrl(): string | null {
    const urls = [this.options.url ?? []].flat()
    return urls.length ? urls[this.turn++ % urls.length] : null
  }

  private headers(delivery: WebhookDelivery): Record<string, string> {
    return {
      "content-type": "application/json",
      "tosspayments-webhook-transmission-time": kstIso(this.options.clock.now()),
      "tosspayments-webhook-transmission-id": delivery.transmissionId,
      "tosspayments-webhook-transmission-retried-count": String(delivery.attempts.length),
    }
  }

  private record(url: string, payload: unknown): WebhookDelivery {
    const delivery: WebhookDelivery = {
      transmissionId: "whtrans_" + randomAlphanumeric(24),
      url,
      payload,
      state: "pending",
      status: null,
      attempts: [],
    }
    this.deliveries.push(delivery)
    return delivery
  }

  private recordAttempt(delivery: WebhookDelivery, status: number | null, error: string | null): void {
    delivery.attempts.push({
      at: kstIso(this.options.clock.now()),
      retriedCount: delivery.attempts.length,
      status,
      error,
    })
    if (status !== null) delivery.status = status
    if (status === 200) this.lastAnsweredAt = Date.now()
  }

  private attemptSignal(): AbortSignal {
    return AbortSignal.any([this.closing.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)])
  }

  /** Wait before a retry; cut short by close() so no timer outlives the sandbox. */
  private sleep(ms: number): Promise<void> {
    const signal = this.closing.signal
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener("abort", done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener("abort", done)
    })
  }
}
