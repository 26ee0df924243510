/**
 * Where a checkout completion spends its time (`npm run bench -- --profile`
 * runs this with `medusa exec` on the bench store). The plugin's hand-off
 * route and Medusa's own `POST /store/carts/:id/complete` are called
 * in-process, without HTTP, on carts prepared alike and alternately; every
 * service call a route makes is timed, with the SQL statements sent meanwhile
 * and the time spent waiting for Toss (a timing proxy in front of the
 * sandbox). For `pp_system_default` it also times capturing the payment
 * afterwards, which Toss's confirm does at once.
 *
 * Environment: TOSS_API_BASE_URL (where the timing proxy listens),
 * BENCH_SANDBOX_PORT, BENCH_PROFILE_ROUNDS. Prints one line:
 * `BENCH_PROFILE {json}`.
 */
import http from "node:http"
import path from "node:path"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  addShippingMethodToCartWorkflow,
  createCartWorkflow,
  createPaymentCollectionForCartWorkflow,
  createPaymentSessionsWorkflow,
} from "@medusajs/medusa/core-flows"
import { startTossSandbox } from "../sandbox"
import { POST as completeWithToss } from "../src/api/store/toss/complete/route"
import { SYSTEM_PROVIDER_ID, TOSS_PROVIDER_ID } from "./shop"
import { median } from "./stats"
/* eslint-disable @typescript-eslint/no-require-imports */
const { POST: completeCart } = require("@medusajs/medusa/api/store/carts/[id]/complete/route")
const { defaultStoreRetrieveOrderFields } = require("@medusajs/medusa/api/store/orders/query-config")
/* eslint-enable @typescript-eslint/no-require-imports */

const WARMUP = 5

/** Per completion: each step's time and SQL statements, keyed `1. query.graph`, `2. payment.updatePaymentSession` … */
type Sample = Record<string, { ms: number; statements: number }>
export type CheckoutProfile = Record<"toss" | "system" | "systemCaptureAfterwards", Record<string, { medianMs: number; statements: number }>>

let counting: { statements: number } | null = null

/** Counts the statements Medusa sends, through every copy of `pg` its ORM may load. */
function countStatements() {
  const copies = new Set(
    ["knex", "@mikro-orm/postgresql"].map((from) => require.resolve("pg", { paths: [path.dirname(require.resolve(from))] }))
  )
  for (const copy of copies) {
    const { Client } = require(copy)
    const query = Client.prototype.query
    Client.prototype.query = function (...args: unknown[]) {
      if (counting) counting.statements++
      return query.apply(this, args)
    }
  }
}

/** Forwards to the sandbox, adding up how long each Toss request took. */
async function timingProxy(port: number, sandboxPort: number): Promise<{ elapsedMs: () => number; close: () => Promise<void> }> {
  let total = 0
  const server = http.createServer((req, res) => {
    const started = performance.now()
    const upstream = http.request({ host: "127.0.0.1", port: sandboxPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
      answer.on("end", () => (total += performance.now() - started))
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return { elapsedMs: () => total, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

export default async function profileCheckout({ container }: ExecArgs) {
  countStatements()
  const rounds = Number(process.env.BENCH_PROFILE_ROUNDS ?? 30)
  const sandbox = await startTossSandbox({ port: Number(process.env.BENCH_SANDBOX_PORT), webhookUrl: null })
  const toss = await timingProxy(Number(new URL(process.env.TOSS_API_BASE_URL!).port), Number(process.env.BENCH_SANDBOX_PORT))
  try {
    const prepare = await cartPreparer(container)
    const samples: Record<keyof CheckoutProfile, Sample[]> = { toss: [], system: [], systemCaptureAfterwards: [] }
    for (let round = 0; round < WARMUP + rounds; round++) {
      const carts = { toss: await prepare(TOSS_PROVIDER_ID, { method: "CARD" }), system: await prepare(SYSTEM_PROVIDER_ID) }
      for (const provider of round % 2 === 0 ? (["toss", "system"] as const) : (["system", "toss"] as const)) {
        const sample: Sample = {}
        const tossBefore = toss.elapsedMs()
        const started = performance.now()
        const answer = reply()
        const scope = timedScope(container, sample)
        if (provider === "toss") {
          const { orderId, amount } = carts.toss.data as { orderId: string; amount: number }
          const paid = sandbox.authenticate({ orderId, amount, method: "CARD" })
          await completeWithToss({ validatedBody: { cart_id: carts.toss.cartId, ...paid }, scope } as never, answer as never)
        } else {
          const queryConfig = { fields: defaultStoreRetrieveOrderFields }
          await completeCart({ params: { id: carts.system.cartId }, scope, queryConfig }, answer)
        }
        sample["total"] = { ms: performance.now() - started, statements: 0 }
        sample["  waiting for Toss"] = { ms: toss.elapsedMs() - tossBefore, statements: 0 }
        if (answer.body?.type !== "order") throw new Error(`The ${provider} completion failed: ${JSON.stringify(answer.body).slice(0, 500)}`)
        if (round < WARMUP) continue
        samples[provider].push(sample)
        if (provider === "system") samples.systemCaptureAfterwards.push(await captureAfterwards(container, answer.body.order.id))
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

/** A request scope whose services time every call the route makes. */
function timedScope(container: MedusaContainer, sample: Sample) {
  let calls = 0
  return {
    resolve(name: string) {
      const service = container.resolve(name) as Record<string | symbol, unknown>
      return new Proxy(service, {
        get(target, property) {
          const value = target[property]
          if (typeof value !== "function") return value
          return async (...args: unknown[]) => {
            const step = `${++calls}. ${name}.${String(property)}`
            counting = { statements: 0 }
            const started = performance.now()
            try {
              return await value.apply(target, args)
            } finally {
              sample[step] = { ms: performance.now() - started, statements: counting.statements }
              counting = null
            }
          }
        },
      })
    },
  }
}

interface Reply {
  body: null | { type: string; order: { id: string } }
  status(code: number): Reply
  json(body: Reply["body"]): Reply
}

/** Just enough of an express response for the routes. */
function reply(): Reply {
  const answer: Reply = {
    body: null,
    status: () => answer,
    json: (body) => {
      answer.body = body
      return answer
    },
  }
  return answer
}

async function captureAfterwards(container: MedusaContainer, orderId: string): Promise<Sample> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["payment_collections.payments.id"], filters: { id: orderId } })
  counting = { statements: 0 }
  const started = performance.now()
  await container.resolve(Modules.PAYMENT).capturePayment({ payment_id: order.payment_collections[0].payments[0].id })
  const sample = { "payment.capturePayment": { ms: performance.now() - started, statements: counting.statements } }
  counting = null
  return sample
}

function summarise(samples: Record<keyof CheckoutProfile, Sample[]>): CheckoutProfile {
  const of = (list: Sample[]) =>
    Object.fromEntries(
      Object.keys(list[0]).map((step) => [
        step,
        {
          medianMs: median(list.map((sample) => sample[step]?.ms ?? 0)),
          statements: list.reduce((sum, sample) => sum + (sample[step]?.statements ?? 0), 0) / list.length,
        },
      ])
    )
  return { toss: of(samples.toss), system: of(samples.system), systemCaptureAfterwards: of(samples.systemCaptureAfterwards) }
}
