/**
 * PortOne V2 webhooks (version 2024-04-25), as PortOne sends them: a JSON
 * POST `{type, timestamp, data}` signed the Standard Webhooks way
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC>`
 * over `id.timestamp.body`), so `Webhook.verify` of @portone/server-sdk
 * accepts it. A delivery not answered 2xx is retried with the same
 * webhook-id and body and a fresh timestamp and signature ((undocumented)
 * that the id stays the same; Standard Webhooks says so).
 */
import { createHmac, randomUUID } from "node:crypto"

/** The sandbox's webhook secret unless one is given: base64 after `whsec_`, as PortOne issues them. */
export const PORTONE_TEST_WEBHOOK_SECRET = `whsec_${Buffer.from("medusa-payment-toss portone sandbox secret").toString("base64")}`

export interface PortOneWebhookAttempt {
  at: string
  /** The receiver's HTTP status; null when the request itself failed. */
  status: number | null
  error: string | null
}

export interface PortOneWebhookDelivery {
  webhookId: string
  type: string
  body: string
  state: "pending" | "delivered" | "failed"
  attempts: PortOneWebhookAttempt[]
}

export interface WebhookSenderOptions {
  url: string | null
  secret: string
  enabled: boolean
  /** Waits before each retry; PortOne waits 1, 4, 16, 64, 256 minutes. */
  retryDelaysMs: number[]
}

const ATTEMPT_TIMEOUT_MS = 10_000

/** The three Standard Webhooks headers for `body`. */
export function signWebhook(secret: string, webhookId: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64")
  const signature = createHmac("sha256", key).update(`${webhookId}.${timestamp}.${body}`).digest("base64")
  return { "webhook-id": webhookId, "webhook-timestamp": timestamp, "webhook-signature": `v1,${signature}` }
}

export class PortOneWebhookSender {
  readonly deliveries: PortOneWebhookDelivery[] = []
  private readonly running = new Set<Promise<void>>()
  private readonly closing = new AbortController()
  /** Waits (ms) before the first attempt of the next deliveries, one per entry: delayed webhooks. */
  private readonly delays: number[] = []

  constructor(
    private readonly options: WebhookSenderOptions,
    private readonly now: () => Date
  ) {}

  setUrl(url: string | null): void {
    this.options.url = url
  }

  delayNext(ms: number, times = 1): void {
    for (let i = 0; i < times; i++) this.delays.push(ms)
  }

  /** Queue one webhook; it never blocks the API answer that caused it. */
  send(type: string, data: Record<string, string | number>): void {
    if (!this.options.enabled) return
    const body = JSON.stringify({ type, timestamp: this.now().toISOString(), data })
    const delivery: PortOneWebhookDelivery = { webhookId: `msg_${randomUUID().replace(/-/g, "")}`, type, body, state: "pending", attempts: [] }
    this.deliveries.push(delivery)
    const task = this.run(delivery, this.delays.shift() ?? 0).finally(() => this.running.delete(task))
    this.running.add(task)
  }

  /** POST any body with any headers to the webhook URL once (forged-webhook tests). */
  async sendRaw(body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    if (!this.options.url) throw new Error("No webhook URL is set.")
    const response = await fetch(this.options.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body })
    return { status: response.status, body: await response.text() }
  }

  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running])
  }

  close(): void {
    this.closing.abort()
  }

  private async run(delivery: PortOneWebhookDelivery, firstDelayMs: number): Promise<void> {
    const waits = [firstDelayMs, ...this.options.retryDelaysMs]
    for (let attempt = 0; attempt < waits.length; attempt++) {
      if (waits[attempt] > 0 && !(await this.wait(waits[attempt]))) return
      const url = this.options.url
      if (!url || this.closing.signal.aborted) {
        delivery.state = "failed"
        return
      }
      const record: PortOneWebhookAttempt = { at: this.now().toISOString(), status: null, error: null }
      delivery.attempts.push(record)
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...signWebhook(this.options.secret, delivery.webhookId, delivery.body, this.now()) },
          body: delivery.body,
          signal: AbortSignal.any([this.closing.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
        })
        record.status = response.status
        await response.arrayBuffer().catch(() => undefined)
        if (response.ok) {
          delivery.state = "delivered"
          return
        }
      } catch (error) {
        record.error = (error as Error).message
      }
    }
    delivery.state = "failed"
  }

  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closing.signal.aborted) return resolve(false)
      const timer = setTimeout(() => resolve(true), ms)
      this.closing.signal.addEventListener("abort", () => (clearTimeout(timer), resolve(false)), { once: true })
    })
  }
}
