/**
 * Checkouts side by side: the same cart paid through Toss (initiate → the
 * shopper pays in the sandbox → `POST /store/toss/complete`), through the
 * benchmark's floor provider and through Medusa's `pp_system_default`
 * (initiate → `POST /store/carts/:id/complete`). Carts are prepared first;
 * the completions then run one at a time, the providers' order reversed
 * every round (ABC CBA …), so all see the same machine and database.
 */
import type { RecordedRequest, TossSandbox } from "../sandbox"
import { FLOOR_PROVIDER_ID } from "./floor-provider/registration"
import type { MedusaServer } from "./medusa"
import { mapLimit, PreparedCart, Shop, SYSTEM_PROVIDER_ID, TOSS_PROVIDER_ID } from "./shop"

/**
 * toss: the plugin; floor: Medusa's work for a PSP that captures at once,
 * for free (bench/floor-provider); system: `pp_system_default`, which only
 * authorises.
 */
export type Provider = "toss" | "floor" | "system"

const PROVIDER_IDS: Record<Provider, string> = { toss: TOSS_PROVIDER_ID, floor: FLOOR_PROVIDER_ID, system: SYSTEM_PROVIDER_ID }

export interface CompletionSample {
  provider: Provider
  /** The completion request as timed by the client, on loopback. */
  clientMs: number
  /** The same request as Medusa logged it (arrival to response sent). */
  serverMs: number | null
  /** What the sandbox received about this checkout's payment while the completion ran. */
  tossRequests: TossCall[]
}

export interface TossCall {
  endpoint: string
  status: number | null
  /** Toss's error code when refused (e.g. FORBIDDEN_CONSECUTIVE_REQUEST). */
  code: string | null
}

export interface CheckoutRun {
  samples: CompletionSample[]
  warmup: number
  /** Sandbox requests during the phase that no completion caused (e.g. a scheduled job). */
  otherTossCalls: TossCall[]
}

const PREPARE_CONCURRENCY = 4

export async function runCheckouts({
  shop,
  server,
  sandbox,
  providers,
  perProvider,
  warmup,
  log,
}: {
  shop: Shop
  server: MedusaServer
  sandbox: TossSandbox
  providers: Provider[]
  perProvider: number
  warmup: number
  log: (line: string) => void
}): Promise<CheckoutRun> {
  const schedule: Provider[] = []
  for (let round = 0; round < warmup + perProvider; round++) {
    schedule.push(...(round % 2 === 0 ? providers : [...providers].reverse()))
  }
  log(`  preparing ${schedule.length} carts (${warmup} warm-up per provider)`)
  const carts = await mapLimit(schedule, PREPARE_CONCURRENCY, (provider) =>
    shop.prepareCart(PROVIDER_IDS[provider], provider === "toss" ? { method: "CARD" } : {})
  )

  const phaseStart = { logged: server.requests.length, toss: sandbox.requests.length }
  const completions: Array<{ provider: Provider; clientMs: number; tossRequests: RecordedRequest[] }> = []
  log(`  completing ${schedule.length} carts one at a time`)
  for (const [index, provider] of schedule.entries()) {
    const cart = carts[index]
    const before = sandbox.requests.length
    const paid = provider === "toss" ? pay(sandbox, cart) : null
    const answer = paid ? await shop.completeWithToss({ cart_id: cart.cartId, ...paid }) : await shop.completeCart(cart.cartId)
    if (answer.status !== 200 || answer.data?.type !== "order") {
      throw new Error(`A ${provider} checkout did not create an order (${answer.status}): ${JSON.stringify(answer.data).slice(0, 500)}`)
    }
    const tossRequests = paid ? sandbox.requests.slice(before).filter((request) => concerns(request, paid)) : []
    completions.push({ provider, clientMs: answer.ms, tossRequests })
  }

  // Medusa logs a request as its answer leaves; let the last lines arrive.
  await new Promise((resolve) => setTimeout(resolve, 500))
  const logged = server.requests
    .slice(phaseStart.logged)
    .filter((request) => request.method === "POST" && /^\/store\/(toss\/complete|carts\/[^/]+\/complete)$/.test(request.url.split("?")[0]))
  const causedByCompletions = new Set(completions.flatMap((completion) => completion.tossRequests))

  const samples = completions.map((completion, index) => ({
    provider: completion.provider,
    clientMs: completion.clientMs,
    serverMs: logged.length === completions.length ? logged[index].ms : null,
    tossRequests: completion.tossRequests.map(toTossCall),
  }))
  return {
    samples: samples.filter((_, index) => index >= warmup * providers.length),
    warmup,
    otherTossCalls: sandbox.requests
      .slice(phaseStart.toss)
      .filter((request) => !causedByCompletions.has(request))
      .map(toTossCall),
  }
}

/** The shopper pays in the Toss window, which redirects to the storefront's success page with these. */
function pay(sandbox: TossSandbox, cart: PreparedCart) {
  const { orderId, amount } = cart.session.data
  return sandbox.authenticate({ orderId, amount, method: "CARD", customerEmail: "shopper@example.com" })
}

/** Whether a request to the sandbox is about this payment (by path or, for a confirm, by body). */
function concerns(request: RecordedRequest, { paymentKey, orderId }: { paymentKey: string; orderId: string }): boolean {
  const body = request.body as { paymentKey?: string; orderId?: string } | null
  return [paymentKey, orderId].some((id) => request.path.split("/").includes(id) || body?.paymentKey === id || body?.orderId === id)
}

export function toTossCall(request: RecordedRequest): TossCall {
  const code = request.status === 200 ? null : ((request.response as { code?: string } | null)?.code ?? null)
  return { endpoint: endpointOf(request), status: request.status, code }
}

/** `GET /v1/payments/{paymentKey}` rather than one line per payment. */
export function endpointOf({ method, path }: { method: string; path: string }): string {
  const template = path
    .split("?")[0]
    .replace(/^\/v1\/payments\/orders\/[^/]+$/, "/v1/payments/orders/{orderId}")
    .replace(/^\/v1\/payments\/(?!confirm$|orders\/)[^/]+/, "/v1/payments/{paymentKey}")
  return `${method} ${template}`
}
