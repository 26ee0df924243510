#!/usr/bin/env node
/**
 * `npm run test:package`: what a storefront gets from `npm install
 * medusa-payment-toss`. Packs this package (build it first), installs the
 * tarball with no flags into a fresh storefront that pins `@medusajs/js-sdk`
 * and `@medusajs/icons` at 2.18.0 as Medusa's DTC starter does, with React 19,
 * then type-checks an import of the storefront entries under
 * `moduleResolution` node (the starter's tsconfig), node16 (ESM and CJS) and
 * bundler, and loads them in Node as ESM and CJS. Needs the npm
 * registry.
 */
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc")

// What the DTC starter's storefront (apps/storefront/package.json) pins.
const STOREFRONT_DEPENDENCIES = {
  "@medusajs/icons": "2.18.0",
  "@medusajs/js-sdk": "2.18.0",
  "@medusajs/types": "2.18.0", // a devDependency of the starter
  react: "19.0.5",
  "react-dom": "19.0.5",
  "@types/react": "19.0.5",
}

// Uses every public function and type of both entries. Checked with
// skipLibCheck off, so an import our declarations cannot resolve is an error.
const OWN_TYPES = `
import {
  completeTossPayment,
  createTossCheckout,
  describeFailure,
  TOSS_PROVIDER_ID,
  TossCheckoutError,
  tossSessionData,
  type CheckoutCart,
  type MedusaStoreSdk,
  type TossCompletion,
} from "medusa-payment-toss/storefront"
import { TossPaymentWidget, usePortOneCheckout, useTossCheckout, type TossPaymentWidgetProps } from "medusa-payment-toss/storefront/react"
import {
  completePortOnePayment,
  createPortOneCheckout,
  PORTONE_PROVIDER_ID,
  portOneSessionData,
  setPortOneJsSdkUrl,
  type PortOneCompletion,
} from "medusa-payment-toss/storefront/portone"

declare const sdk: MedusaStoreSdk
const checkout = createTossCheckout({ sdk, successUrl: "/kr/checkout/toss/success", failUrl: "/kr/checkout/toss/fail" })

export async function pay(cart: CheckoutCart): Promise<void> {
  await sdk.store.payment.initiatePaymentSession(cart, { provider_id: TOSS_PROVIDER_ID, data: tossSessionData(cart, { method: "CARD" }) })
  await checkout.requestPayment(cart.id, { method: "EASY_PAY", easyPay: "TOSSPAY", headers: { authorization: "Bearer token" } })
  const widget = await checkout.mountWidget(cart.id, { methods: "#methods", agreement: "#agreement" })
  await widget.requestPayment()
}

export async function complete(searchParams: Promise<{ [key: string]: string | string[] | undefined }>): Promise<string> {
  const result: TossCompletion = await completeTossPayment({ sdk, searchParams, headers: {} })
  return result.type === "order" ? result.order.id : result.failure.message + result.failure.titleEn
}

export const closed: boolean = describeFailure(new URLSearchParams("code=PAY_PROCESS_CANCELED")).canceledByShopper
export const isCheckoutError = (error: unknown): boolean => error instanceof TossCheckoutError
export const widget: (props: TossPaymentWidgetProps) => unknown = TossPaymentWidget
export const hook = useTossCheckout

export async function payWithPortOne(cart: CheckoutCart): Promise<string> {
  setPortOneJsSdkUrl("http://localhost:9020/v2/browser-sdk.js")
  await sdk.store.payment.initiatePaymentSession(cart, { provider_id: PORTONE_PROVIDER_ID, data: portOneSessionData(cart) })
  const portone = createPortOneCheckout({ sdk, redirectUrl: "/kr/checkout/portone" })
  const order = await portone.requestPayment(cart.id, { payMethod: "EASY_PAY", channelKey: "channel-key-…" })
  const result: PortOneCompletion = await completePortOnePayment({ sdk, searchParams: Promise.resolve({ paymentId: "x" }) })
  return (order?.id ?? "") + (result.type === "order" ? result.order.id : result.failure.titleEn)
}
export const portOneHook = usePortOneCheckout
`

// What the starter passes in: js-sdk 2.18's client and store (a \`Medusa\`
// instance, whose default export is mistyped for node16 ES modules by
// js-sdk itself), its \`HttpTypes.StoreCart\`, and its auth headers. Checked
// with skipLibCheck on, as the starter's tsconfig has it: @medusajs/types is
// not clean on its own.
const STARTER_TYPES = `
import type { Client, Store } from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"
import { completeTossPayment, createTossCheckout, TOSS_PROVIDER_ID, tossSessionData } from "medusa-payment-toss/storefront"
import { useTossCheckout } from "medusa-payment-toss/storefront/react"

declare const sdk: { client: Client; store: Store }

export async function pay(cart: HttpTypes.StoreCart, headers: { authorization: string } | Record<string, never>): Promise<string> {
  const checkout = createTossCheckout({ sdk, successUrl: "/kr/checkout/toss/success", failUrl: "/kr/checkout/toss/fail" })
  await sdk.store.payment.initiatePaymentSession(cart, { provider_id: TOSS_PROVIDER_ID, data: tossSessionData(cart, { method: "CARD" }) }, {}, headers)
  await checkout.requestPayment(cart.id, { method: "CARD", headers })
  const result = await completeTossPayment({ sdk, searchParams: Promise.resolve({}), headers })
  useTossCheckout({ sdk, successUrl: "/kr/checkout/toss/success", failUrl: "/kr/checkout/toss/fail" })
  return result.type === "order" ? result.order.id : result.failure.code
}
`

const CHECKS = [
  { name: "own", source: OWN_TYPES, skipLibCheck: false },
  { name: "starter", source: STARTER_TYPES, skipLibCheck: true },
]
const COMPILER_OPTIONS = { strict: true, noEmit: true, esModuleInterop: true, target: "es2020", lib: ["dom", "es2022"], types: [] }
const MODES = [
  // The DTC starter's own settings.
  { name: "node (module esnext)", ext: "ts", options: { module: "esnext", moduleResolution: "node" } },
  {
    name: "node16, ES module",
    ext: "mts",
    options: { module: "node16", moduleResolution: "node16" },
    // Declarations read as CommonJS ("masquerading") would allow this import, which fails in Node.
    extra: {
      own: `
// @ts-expect-error: the ES module build has no default export
import noDefault from "medusa-payment-toss/storefront"
`,
    },
  },
  { name: "node16, CommonJS", ext: "cts", options: { module: "node16", moduleResolution: "node16" } },
  { name: "bundler", ext: "ts", options: { module: "esnext", moduleResolution: "bundler" } },
]

function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" })
  if (result.status !== 0) {
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`)
  }
  return { stdout: result.stdout, printed: result.stdout + result.stderr }
}

/** npm as a storefront developer runs it: none of the flags or settings `npm run` passes on. */
function cleanNpmEnv() {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"])
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_") || keep.has(name)))
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toss-storefront-"))
  try {
    if (!fs.existsSync(path.join(ROOT, "dist", "storefront", "index.mjs"))) {
      throw new Error("dist/storefront is missing: run `npm run build` first.")
    }
    const tarball = run("npm", ["pack", "--silent", "--pack-destination", dir], ROOT).stdout.trim().split("\n").pop()
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "scratch-storefront", private: true, dependencies: STOREFRONT_DEPENDENCIES }, null, 2)
    )
    const env = cleanNpmEnv()
    run("npm", ["install", "--no-audit", "--no-fund"], dir, env)
    const { printed } = run("npm", ["install", "--no-audit", "--no-fund", `./${tarball}`], dir, env)
    const pins = Object.entries(STOREFRONT_DEPENDENCIES).map(([name, version]) => `${name}@${version}`)
    console.log(`✔ npm install ${tarball} (no flags) into a storefront with ${pins.join(", ")}`)

    const installed = fs.readdirSync(path.join(dir, "node_modules", "@medusajs"))
    const backend = installed.filter((name) => ["framework", "medusa", "admin-sdk", "ui"].includes(name))
    if (backend.length || /ERESOLVE|peer dep/i.test(printed)) {
      throw new Error(`The install brought backend packages (${backend.join(", ")}) or peer warnings:\n${printed}`)
    }

    const failures = []
    for (const mode of MODES) {
      const modeDir = path.join(dir, mode.name.replace(/\W+/g, "-"))
      fs.mkdirSync(modeDir)
      const problems = []
      for (const check of CHECKS) {
        const file = `${check.name}.${mode.ext}`
        fs.writeFileSync(path.join(modeDir, file), check.source + (mode.extra?.[check.name] ?? ""))
        const compilerOptions = { ...COMPILER_OPTIONS, ...mode.options, skipLibCheck: check.skipLibCheck }
        fs.writeFileSync(path.join(modeDir, `tsconfig.${check.name}.json`), JSON.stringify({ compilerOptions, files: [file] }, null, 2))
        try {
          run(process.execPath, [TSC, "-p", path.join(modeDir, `tsconfig.${check.name}.json`)], dir)
        } catch (error) {
          problems.push(`moduleResolution ${mode.name}, ${check.name} types: ${error.message}`)
        }
      }
      failures.push(...problems)
      if (!problems.length) console.log(`✔ types resolve and check under moduleResolution ${mode.name}`)
    }

    const entries = [
      "medusa-payment-toss/storefront",
      "medusa-payment-toss/storefront/react",
      "medusa-payment-toss/storefront/orders",
      "medusa-payment-toss/storefront/portone",
    ]
    const exportsOf = `[${entries.map((entry) => JSON.stringify(entry)).join(", ")}]`
    const loaded = {
      CommonJS: run(process.execPath, ["-e", `console.log(${exportsOf}.map((e) => Object.keys(require(e)).sort().join(",")).join(" | "))`], dir).stdout,
      "ES module": run(
        process.execPath,
        ["--input-type=module", "-e", `const m = await Promise.all(${exportsOf}.map((e) => import(e))); console.log(m.map((x) => Object.keys(x).sort().join(",")).join(" | "))`],
        dir
      ).stdout,
    }
    if (loaded.CommonJS !== loaded["ES module"] || !loaded.CommonJS.includes("completeTossPayment")) {
      failures.push(`The CommonJS and ES module builds export different names:\n${JSON.stringify(loaded, null, 2)}`)
    } else {
      console.log(`✔ the entries load in Node as ESM and CJS: ${loaded.CommonJS.trim()}`)
    }

    if (failures.length) {
      throw new Error(failures.join("\n\n"))
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

try {
  main()
} catch (error) {
  console.error(`✘ ${error.message}`)
  process.exit(1)
}
