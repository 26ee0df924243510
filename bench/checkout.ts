/**
 * Checkouts side by side: the same cart paid through Toss (initiate → the
 * shopper pays in the sandbox → `POST /store/toss/complete`), through
 * PortOne (initiate, which pre-registers the amount → the shopper pays in
 * PortOne's sandbox window → `POST /store/portone/complete`), through the
 * benchmark's floor provider and through Medusa's `pp_system_default`
 * (initiate → `POST /store/carts/:id/complete`). Carts are prepared first;
 * the completions then run one at a time, the providers' order reversed
 * every round (ABC CBA …), so all see the same machine and database. With
 * several servers (a cluster), completions go to each in turn.
 *
 * And throughput: Toss (or PortOne) checkouts completed by several shoppers at once.
 */
import type { RecordedRequest, TossSandbox } from "../sandbox"
import type { PortOneRecordedRequest, PortOneSandbox } from "../sandbox/portone"
import { FLOOR_PROVIDER_ID } from "./floor-provider/registration"
import type { MedusaServer } from "./medusa"
import { Answer, mapLimit, PORTONE_PROVIDER_ID, PreparedCart, Shop, SYSTEM_PROVIDER_ID, TOSS_PROVIDER_ID } from "./shop"

/**
 * toss: the plugin; portone: the plugin's PortOne road; floor: Medusa's work
 * for a PSP that captures at once, for free (bench/floor-provider); system:
 * `pp_system_default`, which only authorises.
 */
export type Provider = "toss" | "portone" | "floor" | "system"

const PROVIDER_IDS: Record<Provider, string> = { toss: TOSS_PROVIDER_ID, portone: PORTONE_PROVIDER_ID, floor: FLOOR_PROVIDER_ID, system: SYSTEM_PROVIDER_ID }

export interface CompletionSample {
  provider: Provider
  /** The completion request as timed by the client, on loopback. */
  clientMs: number
  /** The same request as Medusa logged it (arrival to response sent). */
  serverMs: number | null
  /** What the sandbox received about this checkout's payment while the completion ran. */
  tossRequests: TossCall[]
  /** PortOne checkouts: what PortOne's sandbox received about the payment, from the session's pre-registration on. */
  portOneRequests?: TossCall[]
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
const COMPLETION_PATH = /^\/store\/(toss\/complete|portone\/complete|carts\/[^/]+\/complete)$/

/** A Medusa server and the shopper's view of it. */
export interface Storefront {
  shop: Shop
  server: MedusaServer
}

export async function runCheckouts({
  through,
  sandbox,
  portOne,
  providers,
  perProvider,
  warmup,
  log,
}: {
  /** The servers the completions go to, in turn. */
  through: Storefront[]
  sandbox: TossSandbox
  /** Needed when `providers` has "portone". */
  portOne?: PortOneSandbox
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
  const target = (index: number) => through[index % through.length]
  const carts = await mapLimit(schedule, PREPARE_CONCURRENCY, (provider, index) =>
    target(index).shop.prepareCart(PROVIDER_IDS[provider], provider === "toss" ? { method: "CARD" } : provider === "portone" ? { orderName: "제주 감귤 5kg" } : {})
  )

  const phaseStart = { logged: through.map(({ server }) => server.requests.length), toss: sandbox.requests.length }
  const completions: Array<{ provider: Provider; clientMs: number; tossRequests: RecordedRequest[] }> = []
  log(`  completing ${schedule.length} carts one at a time${through.length > 1 ? `, through ${through.length} servers in turn` : ""}`)
  for (const [index, provider] of schedule.entries()) {
    const cart = carts[index]
    const before = sandbox.requests.length
    const { answer, paid } = await complete(target(index).shop, sandbox, portOne, provider, cart)
    const tossRequests = paid ? sandbox.requests.slice(before).filter((request) => concerns(request, paid)) : []
    completions.push({ provider, clientMs: answer.ms, tossRequests })
  }

  // Medusa logs a request as its answer leaves; let the last lines arrive.
  await new Promise((resolve) => setTimeout(resolve, 500))
  // Each server's log lists its own completions in the order they were sent.
  const logged = through.map(({ server }, index) =>
    server.requests.slice(phaseStart.logged[index]).filter((request) => request.method === "POST" && COMPLETION_PATH.test(request.url.split("?")[0]))
  )
  const sentTo = through.map((_, index) => completions.filter((_, completion) => completion % through.length === index).length)
  const allLogged = logged.every((lines, index) => lines.length === sentTo[index])
  const causedByCompletions = new Set(completions.flatMap((completion) => completion.tossRequests))

  const samples = completions.map((completion, index) => ({
    provider: completion.provider,
    clientMs: completion.clientMs,
    serverMs: allLogged ? logged[index % through.length][Math.floor(index / through.length)].ms : null,
    tossRequests: completion.tossRequests.map(toTossCall),
    ...(completion.provider === "portone" && portOne ? { portOneRequests: portOneRequestsOf(portOne, carts[index].session.id).map(toPortOneCall) } : {}),
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

/**
 * One completion: for Toss, the shopper pays in the Toss window, which
 * redirects to the storefront's success page, which hands the result over.
 */
async function complete(shop: Shop, sandbox: TossSandbox, portOne: PortOneSandbox | undefined, provider: Provider, cart: PreparedCart) {
  const { orderId, amount } = cart.session.data
  const paid = provider === "toss" ? sandbox.authenticate({ orderId, amount, method: "CARD", customerEmail: "shopper@example.com" }) : null
  let answer
  if (provider === "portone") {
    if (!portOne) throw new Error("PortOne checkouts need the PortOne sandbox")
    // The payment id is the session id; the shopper pays the pre-registered amount in PortOne's window.
    const paymentId = cart.session.id
    const windowAnswer = portOne.pay({ paymentId, totalAmount: cart.total, payMethod: "CARD" })
    if (windowAnswer.code) throw new Error(`PortOne's window refused a checkout: ${windowAnswer.code} ${windowAnswer.message ?? ""}`)
    answer = await shop.completeWithPortOne({ paymentId })
  } else {
    answer = paid ? await shop.completeWithToss({ cart_id: cart.cartId, ...paid }) : await shop.completeCart(cart.cartId)
  }
  if (answer.status !== 200 || answer.data?.type !== "order") {
    throw new Error(`A ${provider} checkout did not create an order (${answer.status}): ${JSON.stringify(answer.data).slice(0, 500)}`)
  }
  return { answer, paid }
}

/** Whether a request to the sandbox is about this payment (by path or, for a confirm, by body). */
function concerns(request: RecordedRequest, { paymentKey, orderId }: { paymentKey: string; orderId: string }): boolean {
  const body = request.body as { paymentKey?: string; orderId?: string } | null
  return [paymentKey, orderId].some((id) => request.path.split("/").includes(id) || body?.paymentKey === id || body?.orderId === id)
}

export interface ThroughputRun {
  /** Absent in runs from before PortOne's: Toss. */
  provider?: "toss" | "portone"
  shoppers: number
  servers: number
  completions: number
  /** 409 answers (the cart or a lock held elsewhere), each retried after a second as the storefront module does. */
  conflicts: number
  /** First completion sent → last answer read. */
  wallMs: number
  perSecond: number
  /** Each completion as the shopper timed it. */
  clientMs: number[]
}

/** As storefront/complete.ts: a 409 is retried every second, 30 times at most. */
const CONFLICT_RETRY_MS = 1000
const CONFLICT_ATTEMPTS = 30

/**
 * `shoppers` shoppers completing Toss (or PortOne) checkouts at once, each
 * one after the other, `cartsPerShopper` each, spread over the servers in
 * turn: completed checkouts per second, a shopper's time including the
 * retries of a 409. Carts are prepared first; a shopper's time starts once
 * the PSP's window has answered.
 */
export async function runConcurrentCheckouts({
  through,
  sandbox,
  portOne,
  provider = "toss",
  shoppers,
  cartsPerShopper,
}: {
  through: Storefront[]
  sandbox: TossSandbox
  /** Needed when `provider` is "portone". */
  portOne?: PortOneSandbox
  provider?: "toss" | "portone"
  shoppers: number
  cartsPerShopper: number
}): Promise<ThroughputRun> {
  const count = shoppers * cartsPerShopper
  const carts = await mapLimit(Array.from({ length: count }), PREPARE_CONCURRENCY, (_, index) =>
    through[index % through.length].shop.prepareCart(PROVIDER_IDS[provider], provider === "toss" ? { method: "CARD" } : { orderName: "제주 감귤 5kg" })
  )
  if (provider === "portone" && !portOne) throw new Error("PortOne checkouts need the PortOne sandbox")
  /** The shopper pays in the PSP's window; then the storefront's hand-off, sent again on a 409. */
  const pay = (shop: Shop, cart: PreparedCart): (() => Promise<Answer>) => {
    if (provider === "portone") {
      const paymentId = cart.session.id
      const windowAnswer = portOne!.pay({ paymentId, totalAmount: cart.total, payMethod: "CARD" })
      if (windowAnswer.code) throw new Error(`PortOne's window refused a checkout: ${windowAnswer.code} ${windowAnswer.message ?? ""}`)
      return () => shop.completeWithPortOne({ paymentId })
    }
    const { orderId, amount } = cart.session.data
    const body = { cart_id: cart.cartId, ...sandbox.authenticate({ orderId, amount, method: "CARD", customerEmail: "shopper@example.com" }) }
    return () => shop.completeWithToss(body)
  }
  const clientMs: number[] = []
  let conflicts = 0
  const started = performance.now()
  await mapLimit(carts, shoppers, async (cart, index) => {
    const handOff = pay(through[index % through.length].shop, cart)
    const shopperStarted = performance.now()
    for (let attempt = 1; ; attempt++) {
      const answer = await handOff()
      if (answer.status === 409 && attempt < CONFLICT_ATTEMPTS) {
        conflicts++
        await new Promise((resolve) => setTimeout(resolve, CONFLICT_RETRY_MS))
        continue
      }
      if (answer.status !== 200 || answer.data?.type !== "order") {
        throw new Error(`A ${provider} checkout did not create an order (${answer.status}): ${JSON.stringify(answer.data).slice(0, 500)}`)
      }
      break
    }
    clientMs.push(performance.now() - shopperStarted)
  })
  const wallMs = performance.now() - started
  return { provider, shoppers, servers: through.length, completions: count, conflicts, wallMs, perSecond: count / (wallMs / 1000), clientMs }
}

/** What PortOne's sandbox received about one payment (its id in the path). */
function portOneRequestsOf(portOne: PortOneSandbox, paymentId: string): PortOneRecordedRequest[] {
  return portOne.requests.filter((request) => request.path.split("/").includes(encodeURIComponent(paymentId)))
}

export function toPortOneCall(request: PortOneRecordedRequest): TossCall {
  // The sandbox's log keeps no answer body: a refusal shows by its status.
  return { endpoint: `${request.method} ${request.path.replace(/^\/payments\/[^/]+/, "/payments/{paymentId}")}`, status: request.status ?? null, code: null }
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
