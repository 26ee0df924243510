/**
 * Where a checkout completion spends its time (`npm run bench -- --profile`
 * runs this with `medusa exec` in bench/app). The plugin's hand-off route,
 * and Medusa's own `POST /store/carts/:id/complete` for the floor provider
 * and `pp_system_default`, are called in-process, without HTTP, on carts
 * prepared alike, the providers' order reversed every round. Timed: every
 * service call a route makes through its request scope (the hand-off's
 * tracking among them), each workflow of src/workflows/toss-hand-off.ts (an
 * uncertain outcome's only), the time spent
 * waiting for Toss (a timing proxy in front of the sandbox), and every SQL
 * statement, each counted against the step that sent it.
 *
 * Environment: TOSS_API_BASE_URL (where the timing proxy listens),
 * BENCH_SANDBOX_PORT, BENCH_PROFILE_ROUNDS. Prints one line:
 * `BENCH_PROFILE {json}`.
 */
import { AsyncLocalStorage } from "node:async_hooks"
import http from "node:http"
import path from "node:path"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { startTossSandbox } from "../sandbox"
import type { Provider as CheckoutProvider } from "./checkout"

/** The profile breaks down the Toss road against the floor and `pp_system_default`. */
type Provider = Exclude<CheckoutProvider, "portone">
import { FLOOR_PROVIDER_ID } from "./floor-provider/registration"
import { SYSTEM_PROVIDER_ID, TOSS_PROVIDER_ID } from "./shop"
import { median } from "./stats"
/* eslint-disable @typescript-eslint/no-require-imports */
const { POST: completeCart } = require("@medusajs/medusa/api/store/carts/[id]/complete/route")
const { defaultStoreRetrieveOrderFields } = require("@medusajs/medusa/api/store/orders/query-config")
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, "..")
const HAND_OFF_WORKFLOWS = path.join(ROOT, "src", "workflows", "toss-hand-off.ts")
/** The hand-off chain (`handOffToToss`), which runs those workflows for the route. */
const HAND_OFF_CHAIN = path.join(ROOT, "src", "lib", "toss-hand-off.ts")
const TOSS_ROUTE = path.join(ROOT, "src", "api", "store", "toss", "complete", "route.ts")
const WARMUP = 5
const PROVIDERS: Provider[] = ["toss", "floor", "system"]
const PROVIDER_IDS: Record<Provider, string> = { toss: TOSS_PROVIDER_ID, floor: FLOOR_PROVIDER_ID, system: SYSTEM_PROVIDER_ID }
/** SQL sent outside any timed call (between two of them, in the route itself). */
const IN_ROUTE = "the route itself"
export const TOTAL = "total"
export const WAITING_FOR_TOSS = "waiting for Toss"

/** One completion: per step (in the order first seen), its time and the SQL statements it sent. */
interface Step {
  ms: number
  /** Started once the route had answered: the shopper does not wait for it. */
  afterAnswer?: boolean
  sqlMs: number
  /** Statements by what they do: `select cart`, `update payment_session`, `begin` … */
  statements: Record<string, number>
}
interface Sample {
  steps: Map<string, Step>
  /** Timed calls so far: a step's number, so that a route's two `query.graph` calls stay apart. */
  calls: number
  /** When the route called `res.json`. */
  answeredAt?: number
}

export interface StepProfile {
  step: string
  /** The total is the time until the route answered; a step after it is not part of it. */
  afterAnswer: boolean
  medianMs: number
  /** Per completion, on average. */
  statements: number
  sqlMs: number
  statementsByKind: Record<string, number>
}
export type CheckoutProfile = Record<Provider, StepProfile[]>

const current = new AsyncLocalStorage<{ sample: Sample; step: string }>()

function stepOf(sample: Sample, name: string): Step {
  let step = sample.steps.get(name)
  if (!step) sample.steps.set(name, (step = { ms: 0, sqlMs: 0, statements: {} }))
  return step
}

/** Runs `work` as the next step of the completion being timed, `N. name`: its time and SQL count against it. */
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const context = current.getStore()
  if (!context) return work()
  const label = `${++context.sample.calls}. ${name}`
  const step = stepOf(context.sample, label)
  step.afterAnswer = context.sample.answeredAt !== undefined
  const started = performance.now()
  try {
    return await current.run({ sample: context.sample, step: label }, work)
  } finally {
    step.ms += performance.now() - started
  }
}

/** `select cart`, `insert into toss_tracked_payment` → `insert toss_tracked_payment`, `begin` … */
export function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, " ").trim().toLowerCase()
  const verb = /^(\w+)/.exec(sql)?.[1] ?? "?"
  const table = /^(?:select .*? from|insert into|update|delete from) "?(?:public"?\.)?"?([\w]+)"?/.exec(sql)?.[1]
  return table ? `${verb} ${table}` : verb
}

/** Times every statement Medusa sends, through every copy of `pg` its ORM may load. */
function timeStatements() {
  const copies = new Set(["knex", "@mikro-orm/postgresql"].map((from) => require.resolve("pg", { paths: [path.dirname(require.resolve(from))] })))
  for (const copy of copies) {
    const { Client } = require(copy)
    const query = Client.prototype.query
    Client.prototype.query = function (config: unknown, ...rest: unknown[]) {
      const context = current.getStore()
      if (!context) return query.call(this, config, ...rest)
      const text = typeof config === "string" ? config : ((config as { text?: string })?.text ?? "")
      const step = stepOf(context.sample, context.step)
      const kind = statementKind(text)
      step.statements[kind] = (step.statements[kind] ?? 0) + 1
      const started = performance.now()
      const done = () => (step.sqlMs += performance.now() - started)
      const callback = rest.findIndex((arg) => typeof arg === "function")
      if (callback >= 0) {
        const original = rest[callback] as (...args: unknown[]) => unknown
        rest[callback] = (...args: unknown[]) => {
          done()
          return original(...args)
        }
        return query.call(this, config, ...rest)
      }
      const result = query.call(this, config, ...rest)
      if (result && typeof result.then === "function") result.then(done, done)
      return result
    }
  }
}

/** Forwards to the sandbox; the time until each answer ends counts as waiting for Toss. */
async function timingProxy(port: number, sandboxPort: number): Promise<{ close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const started = performance.now()
    const context = pending.shift()
    const upstream = http.request({ host: "127.0.0.1", port: sandboxPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
      answer.on("end", () => {
        if (context) stepOf(context, WAITING_FOR_TOSS).ms += performance.now() - started
      })
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return { close: () => new Promise((resolve) => server.close(() => resolve())) }
}
/** The completion under way when a Toss request arrives at the proxy (completions run one at a time). */
const pending: Sample[] = []

/**
 * The hand-off route sees the workflows of src/workflows/toss-hand-off.ts
 * wrapped so that each run is a step (through src/lib/toss-hand-off.ts). Must happen before the route is
 * loaded (`medusa exec` loads workflows, not routes).
 */
function timeHandOffWorkflows() {
  if (require.cache[TOSS_ROUTE]) throw new Error(`${TOSS_ROUTE} was loaded before its workflows could be timed`)
  const module = require.cache[require.resolve(HAND_OFF_WORKFLOWS)]
  if (!module) throw new Error(`${HAND_OFF_WORKFLOWS} is not loaded`)
  const wrapped: Record<string, unknown> = { ...module.exports }
  for (const [name, workflow] of Object.entries(module.exports as Record<string, unknown>)) {
    if (typeof workflow !== "function" || !name.endsWith("Workflow")) continue
    wrapped[name] = (container: MedusaContainer) => {
      const instance = (workflow as (container: MedusaContainer) => { run: (input: unknown) => Promise<unknown> })(container)
      return { ...instance, run: (input: unknown) => timed(`${name}.run`, () => instance.run(input)) }
    }
  }
  module.exports = wrapped
  // Loaded already with the workflows (the saved-card step uses it): loaded again, it runs the wrapped ones.
  delete require.cache[require.resolve(HAND_OFF_CHAIN)]
}

export default async function profileCheckout({ container }: ExecArgs) {
  timeStatements()
  require(HAND_OFF_WORKFLOWS)
  timeHandOffWorkflows()
  const { POST: completeWithToss } = require(TOSS_ROUTE)
  const rounds = Number(process.env.BENCH_PROFILE_ROUNDS ?? 30)
  const sandbox = await startTossSandbox({ port: Number(process.env.BENCH_SANDBOX_PORT), webhookUrl: null })
  const toss = await timingProxy(Number(new URL(process.env.TOSS_API_BASE_URL!).port), Number(process.env.BENCH_SANDBOX_PORT))
  try {
    const prepare = await cartPreparer(container)
    const samples: Record<Provider, Sample[]> = { toss: [], floor: [], system: [] }
    for (let round = 0; round < WARMUP + rounds; round++) {
      const order = round % 2 === 0 ? PROVIDERS : [...PROVIDERS].reverse()
      // One after the other: the first carts of a fresh store would race to create the shopper's customer.
      const carts = {} as Record<Provider, { cartId: string; data: Record<string, unknown> }>
      for (const provider of order) carts[provider] = await prepare(PROVIDER_IDS[provider], provider === "toss" ? { method: "CARD" } : {})
      for (const provider of order) {
        const sample: Sample = { steps: new Map(), calls: 0 }
        const answer = reply(sample)
        const scope = timedScope(container)
        const paid =
          provider === "toss"
            ? sandbox.authenticate({ orderId: carts.toss.data.orderId as string, amount: carts.toss.data.amount as number, method: "CARD" })
            : null
        pending.push(sample)
        const started = performance.now()
        await current.run({ sample, step: IN_ROUTE }, () =>
          paid
            ? completeWithToss({ validatedBody: { cart_id: carts.toss.cartId, ...paid }, scope }, answer)
            : completeCart({ params: { id: carts[provider].cartId }, scope, queryConfig: { fields: defaultStoreRetrieveOrderFields } }, answer)
        )
        stepOf(sample, TOTAL).ms = (sample.answeredAt ?? performance.now()) - started
        pending.splice(pending.indexOf(sample), 1)
        if (answer.body?.type !== "order") throw new Error(`The ${provider} completion failed: ${JSON.stringify(answer.body).slice(0, 500)}`)
        if (round >= WARMUP) samples[provider].push(sample)
      }
    }
    console.log(`BENCH_PROFILE ${JSON.stringify(summarise(samples))}`)
  } finally {
    await toss.close()
    await sandbox.close()
  }
}

/** Carts as the benchmark's shopper makes them, through the same workflows as the store API. */
async function cartPreparer(container: MedusaContainer) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const one = async (entity: string, fields: string[], filters: Record<string, unknown>) => (await query.graph({ entity, fields, filters })).data[0]
  const region = await one("region", ["id"], { currency_code: "krw" })
  const product = await one("product", ["variants.id"], { handle: "jeju-tangerine-5kg" })
  const channel = await one("sales_channel", ["id"], { name: "Default Sales Channel" })
  const option = await one("shipping_option", ["id"], { name: "일반배송" })
  const address = { first_name: "길동", last_name: "홍", address_1: "송파구 올림픽로 300", city: "서울특별시", postal_code: "05551", country_code: "kr" }

  return async (providerId: string, data: Record<string, unknown> = {}) => {
    const { result: cart } = await createCartWorkflow(container).run({
      input: {
        region_id: region.id,
        sales_channel_id: channel.id,
        email: "shopper@example.com",
        items: [{ variant_id: product.variants[0].id, quantity: 1 }],
        shipping_address: address,
        billing_address: address,
      },
    })
    await addShippingMethodToCartWorkflow(container).run({ input: { cart_id: cart.id, options: [{ id: option.id }] } })
    const { result: collection } = await createPaymentCollectionForCartWorkflow(container).run({ input: { cart_id: cart.id } })
    const { result: session } = await createPaymentSessionsWorkflow(container).run({
      input: { payment_collection_id: collection.id, provider_id: providerId, data },
    })
    return { cartId: cart.id, data: session.data as Record<string, unknown> }
  }
}

/**
 * The request scope the routes get: the container itself, except that every
 * call on a service it resolves is a step, named after it
 * (`query.graph`, `workflows.run` …). Workflows given this scope copy the
 * container, so their own steps are not split up.
 */
function timedScope(container: MedusaContainer): MedusaContainer {
  return new Proxy(container, {
    get(target, property, receiver) {
      if (property !== "resolve") return Reflect.get(target, property, receiver)
      return (name: string) => {
        const service = target.resolve(name) as Record<string | symbol, unknown>
        return new Proxy(service, {
          get(service, method) {
            const value = service[method]
            if (typeof value !== "function") return value
            return (...args: unknown[]) => timed(`${name}.${String(method)}`, () => value.apply(service, args))
          },
        })
      }
    },
  })
}

interface Reply {
  body: null | { type: string; order: { id: string } }
  status(code: number): Reply
  json(body: Reply["body"]): Reply
}

/** Just enough of an express response for the routes; notes when the answer went out. */
function reply(sample: Sample): Reply {
  const answer: Reply = {
    body: null,
    status: () => answer,
    json: (body) => {
      sample.answeredAt = performance.now()
      answer.body = body
      return answer
    },
  }
  return answer
}

/**
 * Per step, medians over the completions. The total (until the answer) has
 * the SQL of every step before the answer; the route's own time is the
 * total less its timed calls before the answer (waiting for Toss happens
 * inside one of them).
 */
function summarise(samples: Record<Provider, Sample[]>): CheckoutProfile {
  for (const sample of Object.values(samples).flat()) {
    const calls = [...sample.steps].filter(([name, step]) => /^\d+\. /.test(name) && !step.afterAnswer).map(([, step]) => step)
    const total = sample.steps.get(TOTAL)!
    stepOf(sample, IN_ROUTE).ms = total.ms - calls.reduce((sum, step) => sum + step.ms, 0)
    for (const [name, step] of sample.steps) {
      if (name === TOTAL || step.afterAnswer) continue
      total.sqlMs += step.sqlMs
      for (const [kind, count] of Object.entries(step.statements)) total.statements[kind] = (total.statements[kind] ?? 0) + count
    }
  }
  const of = (list: Sample[]): StepProfile[] => {
    const names = [...new Set(list.flatMap((sample) => [...sample.steps.keys()]))]
    const order = (name: string) => (name === TOTAL ? -1 : name === IN_ROUTE ? 1e6 : name === WAITING_FOR_TOSS ? 1e6 + 1 : Number.parseInt(name))
    return names
      .sort((a, b) => order(a) - order(b))
      .map((step) => {
        const mine = list.map((sample) => sample.steps.get(step) ?? { ms: 0, sqlMs: 0, statements: {} })
        const kinds = new Set(mine.flatMap((entry) => Object.keys(entry.statements)))
        const statementsByKind = Object.fromEntries(
          [...kinds].map((kind) => [kind, mine.reduce((sum, entry) => sum + (entry.statements[kind] ?? 0), 0) / list.length])
        )
        return {
          step,
          afterAnswer: mine.some((entry) => entry.afterAnswer),
          medianMs: median(mine.map((entry) => entry.ms)),
          statements: Object.values(statementsByKind).reduce((sum, count) => sum + count, 0),
          sqlMs: median(mine.map((entry) => entry.sqlMs)),
          statementsByKind,
        }
      })
  }
  return { toss: of(samples.toss), floor: of(samples.floor), system: of(samples.system) }
}
