#!/usr/bin/env node
/**
 * `npm run test:install`: the package as a store gets it (build it first).
 *
 * 1. The tarball (`npm pack`): what it holds and nothing of ours, its size,
 *    a CHANGELOG entry for its version.
 * 2. A fresh Medusa application laid out as `create-medusa-app`'s default
 *    starter lays it out (its dependencies at our Medusa version, from the
 *    npm registry), then `npm install` of the tarball with no flags, and a
 *    `medusa-config.ts` whose plugin entries are the README's own block.
 * 3. Upgrades keep data: `medusa db:migrate` with only the module's first
 *    migration (a store on the first release), rows written, `db:migrate`
 *    with all of them, the rows still there, the five `toss_*` tables; a
 *    third `db:migrate` changes nothing.
 * 4. `medusa build` with the admin (the Toss panel compiled into the store's
 *    admin), `medusa start` from the build output, Toss being the SHIPPED
 *    sandbox (`medusa-toss-sandbox` from the installed package), and the
 *    store walked over HTTP: a card checkout to a captured order, a virtual
 *    account paid by a deposit webhook, an admin refund reaching the sandbox,
 *    a reconciliation run (`medusa exec` of the `medusa-payment-toss/workflows`
 *    export), a saved card through `/store/toss/billing/…`; and a PortOne
 *    card checkout (the README's block registers PortOne too) through the
 *    shipped PortOne sandbox (`startPortOneSandbox` of
 *    `medusa-payment-toss/sandbox`).
 * Fails on any error line in the store's output that names the plugin.
 * Needs the npm registry (or an npm cache holding Medusa's packages).
 */
import { spawn } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import os from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(import.meta.url)
const { startPostgres, freePort } = require("./postgres")
const { Client } = require("pg")
const semver = require("semver")

const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"))
const LOCK = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"))
const MEDUSA_VERSION = PKG.devDependencies["@medusajs/medusa"]
const locked = (name) => LOCK.packages[`node_modules/${name}`].version

/** The default starter's package.json, at our Medusa version (the tools at the versions this repository locks). */
const STARTER_PACKAGE = {
  name: "scratch-store",
  version: "0.0.1",
  private: true,
  scripts: { build: "medusa build", seed: "medusa exec ./src/scripts/seed.ts", start: "medusa start", dev: "medusa develop" },
  dependencies: {
    "@medusajs/admin-sdk": MEDUSA_VERSION,
    "@medusajs/cli": MEDUSA_VERSION,
    "@medusajs/framework": MEDUSA_VERSION,
    "@medusajs/medusa": MEDUSA_VERSION,
  },
  devDependencies: Object.fromEntries(
    ["@swc/core", "@types/node", "@types/react", "@types/react-dom", "react", "react-dom", "ts-node", "typescript"].map((name) => [name, locked(name)])
  ),
  engines: { node: ">=20" },
}

/** The starter's tsconfig.json. */
const STARTER_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strict: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

/** The starter's medusa-config.ts; `// …` in the README's block stands for its projectConfig. */
const STARTER_PROJECT_CONFIG = `projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },`

/** What the tarball must hold, and must not. */
const REQUIRED_FILES = [
  "package.json",
  "CHANGELOG.md",
  ".medusa/server/src/modules/toss/index.js",
  ".medusa/server/src/providers/toss/index.js",
  ".medusa/server/src/providers/portone/index.js",
  ".medusa/server/src/workflows/index.js",
  ".medusa/server/src/admin/index.js",
  "dist/storefront/index.mjs",
  "dist/storefront/portone.mjs",
  "dist/sandbox/index.js",
  "dist/sandbox/cli.js",
  "dist/sandbox/sdk-standard.js",
  "dist/sandbox/types/sandbox/index.d.ts",
]
const FORBIDDEN = /(^|\/)(__tests__|integration-tests|e2e|fixtures|demo|bench|examples|scripts|\.cache|test-artifacts)(\/|$)|\.(spec|test)\.[cm]?[jt]sx?$|(^|\/)\.env/
/** The tarball's budget: a regression (a folder of ours swept in) shows as a jump. */
const MAX_PACKED_BYTES = 600 * 1024

const TEST_KEYS = {
  TOSS_CLIENT_KEY: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
  TOSS_SECRET_KEY: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
  TOSS_WIDGET_CLIENT_KEY: "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm",
  TOSS_WIDGET_SECRET_KEY: "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6",
}

/** Every line any store process printed, for the final scan. */
const storeOutput = []
const started = Date.now()
const step = (message) => console.log(`✔ ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`)

function assert(condition, message) {
  if (!condition) throw new Error(message)
}

/** npm as a store developer runs it: none of the flags or settings `npm run` passes on. */
function cleanEnv(extra = {}) {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"])
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_") || keep.has(name)))
  for (const name of ["NODE_OPTIONS", "TEST_TYPE", "NODE_ENV"]) delete env[name]
  return { ...env, ...extra }
}

/** Runs a command to its end, without blocking this process (Postgres's log is piped into it). */
function run(command, args, { cwd, env = cleanEnv(), store = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let printed = ""
    child.stdout.on("data", (chunk) => (printed += chunk))
    child.stderr.on("data", (chunk) => (printed += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      if (store) storeOutput.push(...printed.split("\n"))
      if (code === 0) resolve(printed)
      else reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with ${code}:\n${printed}`))
    })
  })
}

/** A long-running process; resolves once `ready` matches its output. */
function startProcess(command, args, { cwd, env, ready, timeoutMs = 120_000, log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let printed = ""
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} did not start in ${timeoutMs / 1000} s:\n${printed}`)), timeoutMs)
    const onData = (chunk) => {
      printed += chunk
      log?.push(...String(chunk).split("\n"))
      const match = ready.exec(printed)
      if (match) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${printed}`))
    })
  })
}

function stopProcess(child) {
  if (!child || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.removeAllListeners("exit")
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref()
  })
}

/** The README's `medusa-config.ts` block, so the test runs what a store is told to write. */
function readmeConfig() {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8")
  const block = /`medusa-config\.ts`:\s*\n\s*```ts\n([\s\S]*?)\n```/.exec(readme)
  assert(block, 'README.md has no ```ts block after "`medusa-config.ts`:"')
  assert(block[1].includes("// …"), "README's medusa-config.ts block lost its `// …` (the store's projectConfig)")
  return `import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

${block[1].replace("// …", STARTER_PROJECT_CONFIG)}
`
}

/** The README's install command. */
function readmeInstallCommand() {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8")
  const section = readme.slice(readme.indexOf("## Installing into a Medusa store"))
  const command = /```bash\n(npm install [^\n]+)\n```/.exec(section)?.[1]
  assert(command === `npm install ${PKG.name}`, `README's install command is "${command}", not "npm install ${PKG.name}"`)
  return command
}

// The store's own scripts, run with `medusa exec`: a Korean region offering
// Toss, a publishable key, an admin user, two carts.
const SEED_SCRIPT = `
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCartWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import fs from "node:fs"

export default async function seed({ container }: ExecArgs) {
  const { result: [channel] } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Korea web" }] } })
  const { result: [region] } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "Korea", currency_code: "krw", countries: ["kr"], payment_providers: ["pp_toss_toss", "pp_portone_portone"] }] },
  })
  const { result: [key] } = await createApiKeysWorkflow(container).run({ input: { api_keys: [{ title: "Korea web", type: "publishable", created_by: "" }] } })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [channel.id] } })
  const email = "operator@store.test"
  const password = "operator-password"
  const { authIdentity, error } = await container.resolve(Modules.AUTH).register("emailpass", { body: { email, password } })
  if (!authIdentity) throw new Error(error)
  await createUserAccountWorkflow(container).run({ input: { authIdentityId: authIdentity.id, userData: { email } } })
  const cart = async (amount: number) => {
    const { result } = await createCartWorkflow(container).run({
      input: {
        region_id: region.id,
        sales_channel_id: channel.id,
        email: "shopper@store.test",
        items: [{ title: "제주 감귤 5kg", quantity: 1, unit_price: amount, requires_shipping: false }],
      },
    })
    return result.id
  }
  const seeded = { publishableKey: key.token, admin: { email, password }, cardCart: await cart(15000), virtualAccountCart: await cart(32000), portOneCart: await cart(21000) }
  fs.writeFileSync(process.env.SEED_OUT as string, JSON.stringify(seeded))
}
`

const RECONCILE_SCRIPT = `
import type { ExecArgs } from "@medusajs/framework/types"
import { reconcileTossPaymentsWorkflow } from "medusa-payment-toss/workflows"
import fs from "node:fs"

export default async function reconcile({ container }: ExecArgs) {
  const { result } = await reconcileTossPaymentsWorkflow(container).run({ input: { pauseMs: 0 } })
  fs.writeFileSync(process.env.RECONCILE_OUT as string, JSON.stringify(result))
}
`

// A store's own test against the shipped sandbox, type-checked in the store.
const SANDBOX_TYPES = `
import { startPortOneSandbox, startTossSandbox, type PortOneSandbox, type TossPayment, type TossSandbox } from "medusa-payment-toss/sandbox"

export async function payWithPortOne(paymentId: string): Promise<string | undefined> {
  const portOne: PortOneSandbox = await startPortOneSandbox({ port: 0, webhooks: false })
  const answer = portOne.pay({ paymentId, totalAmount: 15000 })
  await portOne.close()
  return answer.code
}

export async function payByCard(orderId: string): Promise<TossPayment | undefined> {
  const toss: TossSandbox = await startTossSandbox({ port: 0, webhooks: false })
  toss.failNext({ code: "PROVIDER_ERROR", path: "/v1/payments/confirm" })
  const { paymentKey } = toss.authenticate({ orderId, amount: 15000, method: "CARD" })
  const payment = toss.getPayment(paymentKey)
  await toss.close()
  return payment
}
`

function checkTarball(dir, packed) {
  const [info] = JSON.parse(packed)
  const files = info.files.map((file) => file.path)
  const missing = REQUIRED_FILES.filter((file) => !files.includes(file))
  assert(missing.length === 0, `The tarball lacks ${missing.join(", ")}`)
  const ours = files.filter((file) => FORBIDDEN.test(file))
  assert(ours.length === 0, `The tarball holds files a store has no use for: ${ours.slice(0, 20).join(", ")}`)
  assert(info.size <= MAX_PACKED_BYTES, `The tarball is ${info.size} bytes, over its ${MAX_PACKED_BYTES} budget`)
  const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8")
  assert(new RegExp(`^## ${PKG.version.replace(/\./g, "\\.")}\\b`, "m").test(changelog), `CHANGELOG.md has no "## ${PKG.version}" entry`)
  assert(/^\d+\.\d+\.\d+$/.test(PKG.version), `version ${PKG.version} is not semver x.y.z`)
  assert(PKG.scripts.prepublishOnly === "npm run build", "prepublishOnly must build the package")
  // The peer ranges start at the Medusa version this test installs (what it proves).
  for (const name of ["@medusajs/medusa", "@medusajs/framework", "@medusajs/admin-sdk"]) {
    const range = PKG.peerDependencies[name]
    assert(semver.minVersion(range)?.version === MEDUSA_VERSION, `peerDependencies ${name} ${range} should start at ${MEDUSA_VERSION}, the version test:install proves`)
  }
  step(`npm pack: ${info.filename}, ${(info.size / 1024).toFixed(0)} KB packed, ${(info.unpackedSize / 1024).toFixed(0)} KB unpacked, ${files.length} files; nothing of ours in it`)
  return path.join(dir, info.filename)
}

async function http(base, method, url, { body, headers = {}, expect = 200 } = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  assert(response.status === expect, `${method} ${url} answered ${response.status}, not ${expect}: ${text}`)
  return data
}

async function waitFor(check, what, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const result = await check()
    if (result) return result
    assert(Date.now() < deadline, `Waited ${timeoutMs / 1000} s for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

async function main() {
  for (const built of [".medusa/server/src/modules/toss/index.js", "dist/storefront/index.mjs", "dist/sandbox/index.js"]) {
    assert(fs.existsSync(path.join(ROOT, built)), `${built} is missing: run \`npm run build\` first.`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "toss-store-"))
  // Postgres runs as its own user (we may be root), and must reach its data folder in here.
  fs.chmodSync(dir, 0o755)
  const app = path.join(dir, "store")
  const children = []
  let postgres
  let db
  let ok = false
  try {
    const tarball = checkTarball(dir, await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: ROOT }))

    // The store, as create-medusa-app lays it out.
    fs.mkdirSync(path.join(app, "src", "scripts"), { recursive: true })
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(STARTER_PACKAGE, null, 2))
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify(STARTER_TSCONFIG, null, 2))
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: app })
    step(`A Medusa ${MEDUSA_VERSION} store laid out as create-medusa-app's default starter`)
    const command = readmeInstallCommand()
    const installed = await run("npm", ["install", "--prefer-offline", tarball], { cwd: app })
    assert(!/ERESOLVE|peer dep|invalid|WARN deprecated medusa-payment-toss/i.test(installed), `The install warned:\n${installed}`)
    const pkgDir = path.join(app, "node_modules", PKG.name)
    assert(JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8")).dependencies[PKG.name], "The tarball is not in the store's dependencies")
    // Every peer the store has (the admin brings @medusajs/ui and js-sdk) is in the package's range.
    for (const [name, range] of Object.entries(PKG.peerDependencies)) {
      const manifest = path.join(app, "node_modules", name, "package.json")
      if (!fs.existsSync(manifest)) continue
      const { version } = JSON.parse(fs.readFileSync(manifest, "utf8"))
      assert(semver.satisfies(version, range), `The store has ${name} ${version}, outside the peer range ${range}`)
    }
    step(`\`${command}\` (the tarball, no flags)`)
    fs.writeFileSync(path.join(app, "medusa-config.ts"), readmeConfig())
    fs.writeFileSync(path.join(app, "src", "scripts", "seed.ts"), SEED_SCRIPT)
    fs.writeFileSync(path.join(app, "src", "scripts", "reconcile.ts"), RECONCILE_SCRIPT)

    postgres = await startPostgres({ dataDir: path.join(dir, "postgres"), throwaway: true })
    const pg = new Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: "postgres" })
    await pg.connect()
    await pg.query("CREATE DATABASE store")
    await pg.end()
    db = new Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: "store" })
    db.on("error", () => {}) // Postgres stopping under it, after a failure
    await db.connect()
    // The starter's .env, with the keys Toss publishes and the shipped PortOne sandbox's; ports are added just before use.
    const portOneKeys = createRequire(path.join(app, "package.json"))("medusa-payment-toss/sandbox")
    const env = cleanEnv({
      ...TEST_KEYS,
      PORTONE_STORE_ID: portOneKeys.PORTONE_TEST_STORE_ID,
      PORTONE_API_SECRET: portOneKeys.PORTONE_TEST_API_SECRET,
      PORTONE_WEBHOOK_SECRET: portOneKeys.PORTONE_TEST_WEBHOOK_SECRET,
      PORTONE_CHANNEL_KEYS: portOneKeys.PORTONE_TEST_CHANNELS.filter((channel) => !channel.manualConfirm).map((channel) => channel.key).join(","),
      DATABASE_URL: `postgres://${postgres.user}:${postgres.password}@${postgres.host}:${postgres.port}/store`,
      STORE_CORS: "http://localhost:8000",
      ADMIN_CORS: "http://localhost:5173,http://localhost:9000",
      AUTH_CORS: "http://localhost:5173,http://localhost:9000,http://localhost:8000",
      TOSS_BILLING: "true",
      MEDUSA_DISABLE_TELEMETRY: "true",
    })
    const medusa = (args, extra = {}) => run(path.join(app, "node_modules", ".bin", "medusa"), args, { cwd: app, env: { ...env, ...extra }, store: true })

    // Upgrades keep data: the first release's module, rows, then the rest.
    const migrationsDir = path.join(pkgDir, ".medusa", "server", "src", "modules", "toss", "migrations")
    const [first, ...later] = fs.readdirSync(migrationsDir).filter((name) => /^Migration\d+\.js$/.test(name)).sort()
    assert(first && later.length > 0, `Expected several migrations in ${migrationsDir}`)
    for (const name of later) fs.renameSync(path.join(migrationsDir, name), path.join(migrationsDir, `${name}.later`))
    try {
      await medusa(["db:migrate"])
    } finally {
      for (const name of later) fs.renameSync(path.join(migrationsDir, `${name}.later`), path.join(migrationsDir, name))
    }
    const earlyRows = {
      toss_tracked_payment: `INSERT INTO toss_tracked_payment (id, order_id, payment_key, integration, cart_id, status, due_at, next_check_at)
        VALUES ('tosstp_upgrade', 'payses_upgrade', 'tgen_upgrade', 'payment', 'cart_upgrade', 'WAITING_FOR_DEPOSIT', now() + interval '3 days', now() + interval '1 hour')`,
      toss_transaction: `INSERT INTO toss_transaction (id, transaction_key, payment_key, order_id, amount) VALUES ('tosstx_upgrade', 'txkey_upgrade', 'tgen_upgrade', 'payses_upgrade', 32000)`,
      toss_refund_account: `INSERT INTO toss_refund_account (id, bank, account_number, holder_name) VALUES ('tossra_upgrade', '88', '110123456789', '홍길동')`,
      toss_ledger_cursor: `INSERT INTO toss_ledger_cursor (id, read_until) VALUES ('tosslc_upgrade', '2026-12-01T00:00:00+09:00')`,
    }
    for (const sql of Object.values(earlyRows)) await db.query(sql)
    // What later migrations renamed (the rows kept under the new names).
    const renamed = {
      toss_tracked_payment: { table: "toss_tracked_payment", columns: { order_id: "payment_session_id" } },
      toss_transaction: { table: "toss_recorded_cancel", columns: { order_id: "payment_session_id" } },
    }
    const snapshot = async (upgraded) => {
      const rows = {}
      for (const table of Object.keys(earlyRows)) {
        const name = upgraded ? renamed[table]?.table ?? table : table
        rows[table] = (await db.query(`SELECT * FROM ${name} WHERE id LIKE '%_upgrade' ORDER BY id`)).rows
      }
      return rows
    }
    const before = await snapshot(false)
    step(`db:migrate with the first migration only (${first}), rows written`)

    await medusa(["db:migrate"])
    const tables = (await db.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'toss\\_%' ORDER BY 1")).rows.map((row) => row.tablename)
    const expected = ["toss_billing_key", "toss_ledger_cursor", "toss_recorded_cancel", "toss_refund_account", "toss_tracked_payment"]
    assert(expected.every((table) => tables.includes(table)), `After db:migrate the toss tables are ${tables.join(", ")}`)
    const after = await snapshot(true)
    for (const [table, rows] of Object.entries(before)) {
      assert(after[table].length === rows.length, `${table}: ${rows.length} rows before the upgrade, ${after[table].length} after`)
      for (const [i, row] of rows.entries()) {
        for (const [column, value] of Object.entries(row)) {
          const now = renamed[table]?.columns[column] ?? column
          assert(JSON.stringify(after[table][i][now]) === JSON.stringify(value), `${table}.${column} of ${row.id} changed in the upgrade`)
        }
      }
    }
    step(`db:migrate with ${later.join(", ")}: ${tables.join(", ")}; the rows written before kept`)
    for (const table of Object.keys(earlyRows)) await db.query(`DELETE FROM ${renamed[table]?.table ?? table} WHERE id LIKE '%_upgrade'`)

    const schema = async () =>
      (
        await db.query(
          "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"
        )
      ).rows
    const migrationRows = async () => (await db.query("SELECT count(*)::int AS n FROM mikro_orm_migrations")).rows[0].n
    const [schemaBefore, migrationsBefore] = [await schema(), await migrationRows()]
    await medusa(["db:migrate"])
    assert(JSON.stringify(await schema()) === JSON.stringify(schemaBefore), "A second db:migrate changed the schema")
    assert((await migrationRows()) === migrationsBefore, "A second db:migrate recorded migrations")
    step("db:migrate again: nothing changed")

    const seedOut = path.join(dir, "seed.json")
    await medusa(["exec", "./src/scripts/seed.ts"], { SEED_OUT: seedOut })
    const seeded = JSON.parse(fs.readFileSync(seedOut, "utf8"))
    step("medusa exec: a KRW region offering pp_toss_toss and pp_portone_portone, a publishable key, an operator, three carts")

    await medusa(["build"])
    const adminAssets = path.join(app, ".medusa", "server", "public", "admin", "assets")
    const bundles = fs.readdirSync(adminAssets).filter((name) => name.endsWith(".js"))
    assert(
      bundles.some((name) => fs.readFileSync(path.join(adminAssets, name), "utf8").includes("토스페이먼츠 결제 · Toss payment")),
      "The store's admin build does not hold the plugin's Toss panel"
    )
    // `cd .medusa/server && npm install` installs what the store has: link it.
    fs.symlinkSync(path.join(app, "node_modules"), path.join(app, ".medusa", "server", "node_modules"), "dir")
    step("medusa build with the admin: the Toss panel is in the store's admin bundle")

    // Taken now, not minutes earlier: other processes on this machine take free ports too.
    const port = await freePort()
    const base = `http://localhost:${port}`
    const sandboxPort = await freePort()
    Object.assign(env, { PORT: String(port), TOSS_API_BASE_URL: `http://127.0.0.1:${sandboxPort}` })

    // The sandbox the package ships, through its bin.
    const sandboxLog = []
    const { child: sandbox } = await startProcess(
      path.join(app, "node_modules", ".bin", "medusa-toss-sandbox"),
      ["--port", String(sandboxPort), "--webhook-url", `${base}/hooks/payment/toss_toss`],
      { cwd: app, env, ready: /listening on (http:\S+)/, log: sandboxLog }
    )
    children.push(sandbox)
    const toss = `http://127.0.0.1:${sandboxPort}`
    const sandboxModule = await run(process.execPath, ["-e", 'const s = require("medusa-payment-toss/sandbox"); console.log(typeof s.startTossSandbox, typeof s.startPortOneSandbox)'], { cwd: app })
    assert(sandboxModule.trim() === "function function", `require("medusa-payment-toss/sandbox") in the store: ${sandboxModule}`)
    // PortOne's sandbox, as the package ships it (an export, no bin): in its own process, as a store's test would run it.
    const portOnePort = await freePort()
    const { child: portOneSandbox, match: portOneListening } = await startProcess(
      process.execPath,
      [
        "-e",
        `const { startPortOneSandbox, PORTONE_TEST_API_SECRET: apiSecret } = require("medusa-payment-toss/sandbox")
        startPortOneSandbox({ port: ${portOnePort}, webhookUrl: ${JSON.stringify(`${base}/hooks/payment/portone_portone`)} })
          .then((s) => console.log("portone listening on " + s.url + " " + JSON.stringify({ storeId: s.storeId, apiSecret, webhookSecret: s.webhookSecret })))`,
      ],
      { cwd: app, env, ready: /portone listening on (http:\S+) (\{.*\})\n/, log: sandboxLog }
    )
    children.push(portOneSandbox)
    const portOne = portOneListening[1]
    const portOneInfo = JSON.parse(portOneListening[2])
    for (const [name, value] of Object.entries({ PORTONE_STORE_ID: portOneInfo.storeId, PORTONE_API_SECRET: portOneInfo.apiSecret, PORTONE_WEBHOOK_SECRET: portOneInfo.webhookSecret })) {
      assert(env[name] === value, `The shipped PortOne sandbox's ${name} is not the one its constants name`)
    }
    env.PORTONE_API_BASE_URL = portOne
    // Its types, as a store's own test (the starter's tsconfig: Node16) imports them.
    fs.writeFileSync(path.join(app, "sandbox-types.ts"), SANDBOX_TYPES)
    fs.writeFileSync(
      path.join(app, "tsconfig.sandbox.json"),
      // ES2022's lib: @portone/server-sdk's own declarations (which the PortOne sandbox's types name) use its ErrorOptions.
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true, skipLibCheck: false, lib: ["ES2022"], types: ["node"] }, include: [], files: ["sandbox-types.ts"] })
    )
    await run(path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.sandbox.json"], { cwd: app })
    step(`medusa-toss-sandbox (the installed package's) on ${toss}; medusa-payment-toss/sandbox loads and type-checks in the store`)

    const { child: server } = await startProcess(path.join(app, "node_modules", ".bin", "medusa"), ["start"], {
      cwd: path.join(app, ".medusa", "server"),
      env: { ...env, NODE_ENV: "production" },
      ready: /Server is ready on port/,
      log: storeOutput,
    })
    children.push(server)
    const adminPage = await fetch(`${base}/app`)
    assert(adminPage.status === 200, `GET /app answered ${adminPage.status}`)
    step("medusa start from .medusa/server")

    const store = { "x-publishable-api-key": seeded.publishableKey }
    const { token } = await http(base, "POST", "/auth/user/emailpass", { body: seeded.admin })
    const admin = { authorization: `Bearer ${token}` }
    const tossRequests = () => http(toss, "GET", "/sandbox/requests")
    const orderOf = async (id) =>
      (await http(base, "GET", `/admin/orders/${id}?fields=id,payment_status,payment_collections.payments.id,payment_collections.payments.data`, { headers: admin })).order
    const checkout = async (cartId, amount, method) => {
      const { payment_collection: collection } = await http(base, "POST", "/store/payment-collections", { body: { cart_id: cartId }, headers: store })
      const { payment_collection: withSession } = await http(base, "POST", `/store/payment-collections/${collection.id}/payment-sessions`, {
        body: { provider_id: "pp_toss_toss", data: { method } },
        headers: store,
      })
      const session = withSession.payment_sessions.find((s) => s.provider_id === "pp_toss_toss")
      // The shopper in Toss's window.
      const paid = await http(toss, "POST", "/sandbox/authenticate", { body: { orderId: session.data.orderId, amount, method, ...(method === "VIRTUAL_ACCOUNT" ? { customerName: "홍길동" } : {}) } })
      const completed = await http(base, "POST", "/store/toss/complete", { body: { cart_id: cartId, ...paid }, headers: store })
      assert(completed.type === "order", `POST /store/toss/complete: ${JSON.stringify(completed)}`)
      return { order: completed.order, paymentKey: paid.paymentKey }
    }

    // A card checkout to a captured order.
    const card = await checkout(seeded.cardCart, 15000, "CARD")
    const confirms = (await tossRequests()).filter((r) => r.method === "POST" && r.path === "/v1/payments/confirm" && r.status === 200)
    assert(confirms.length === 1 && confirms[0].body.amount === 15000, `The sandbox's confirms: ${JSON.stringify(confirms.map((r) => r.body))}`)
    const cardOrder = await orderOf(card.order.id)
    assert(cardOrder.payment_status === "captured", `The card order is ${cardOrder.payment_status}, not captured`)
    step(`Card checkout: order ${cardOrder.id} captured, one confirm of 15,000 KRW at the sandbox`)

    // A virtual account, paid by a deposit the sandbox reports by webhook.
    const va = await checkout(seeded.virtualAccountCart, 32000, "VIRTUAL_ACCOUNT")
    const waiting = await orderOf(va.order.id)
    assert(waiting.payment_status !== "captured", "The virtual-account order was captured before its deposit")
    await http(toss, "POST", `/sandbox/payments/${va.paymentKey}/deposit`)
    const paid = await waitFor(async () => {
      const order = await orderOf(va.order.id)
      return order.payment_status === "captured" && order
    }, "the virtual-account order to be paid by the deposit webhook")
    const deliveries = await http(toss, "GET", "/sandbox/webhooks")
    assert(deliveries.some((d) => d.state === "delivered" && d.status === 200), `The sandbox's webhooks: ${JSON.stringify(deliveries)}`)
    step(`Virtual account: deposit → webhook → order ${paid.id} captured`)

    // The operator's refund from Medusa's admin reaches Toss.
    const paymentId = cardOrder.payment_collections[0].payments[0].id
    await http(base, "POST", `/admin/payments/${paymentId}/refund`, { body: { amount: 5000, note: "부분 환불" }, headers: admin })
    const cancels = (await tossRequests()).filter((r) => r.method === "POST" && r.path === `/v1/payments/${card.paymentKey}/cancel` && r.status === 200)
    assert(cancels.length === 1 && cancels[0].body.cancelAmount === 5000, `The sandbox's cancels: ${JSON.stringify(cancels.map((r) => r.body))}`)
    const refunded = await orderOf(card.order.id)
    assert(refunded.payment_status === "partially_refunded", `After the refund the order is ${refunded.payment_status}`)
    step("Admin refund of 5,000 KRW: one cancel at the sandbox, the order partially refunded")

    // One reconciliation run, through the package's workflows export.
    const seen = (await tossRequests()).length
    const reconcileOut = path.join(dir, "reconcile.json")
    await medusa(["exec", "./src/scripts/reconcile.ts"], { RECONCILE_OUT: reconcileOut })
    const summary = JSON.parse(fs.readFileSync(reconcileOut, "utf8"))
    const ledgerReads = (await tossRequests()).slice(seen).filter((r) => r.method === "GET" && r.path === "/v1/transactions" && r.status === 200)
    assert(summary.ran === true && ledgerReads.length > 0, `Reconciliation: ${JSON.stringify(summary)}, ${ledgerReads.length} ledger reads`)
    step(`Reconciliation (medusa exec, medusa-payment-toss/workflows): ${summary.ledgerRows} ledger rows, ${summary.checked} looked up`)

    // A customer saves a card through the account-holder routes.
    const email = "customer@store.test"
    const password = "customer-password"
    const registered = await http(base, "POST", "/auth/customer/emailpass/register", { body: { email, password } })
    await http(base, "POST", "/store/customers", { body: { email, first_name: "길동", last_name: "홍" }, headers: { ...store, authorization: `Bearer ${registered.token}` } })
    const login = await http(base, "POST", "/auth/customer/emailpass", { body: { email, password } })
    const customer = { ...store, authorization: `Bearer ${login.token}` }
    const holder = await http(base, "POST", "/store/toss/billing/account-holders", { headers: customer })
    const again = await http(base, "POST", "/store/toss/billing/account-holders", { headers: customer })
    assert(holder.account_holder.id === again.account_holder.id, "A second call made a second account holder")
    assert(holder.clientKey === TEST_KEYS.TOSS_CLIENT_KEY, `The account holder's client key: ${holder.clientKey}`)
    const { customerKey } = holder.account_holder.data
    const auth = await http(toss, "POST", "/sandbox/billing/authorize", { body: { customerKey } })
    await http(base, "POST", `/store/toss/billing/account-holders/${holder.account_holder.id}/payment-methods`, { body: auth, headers: customer })
    const { payment_methods: methods } = await http(base, "GET", `/store/toss/billing/account-holders/${holder.account_holder.id}/payment-methods`, { headers: customer })
    const issued = (await tossRequests()).filter((r) => r.method === "POST" && r.path === "/v1/billing/authorizations/issue" && r.status === 200)
    assert(methods.length === 1 && issued.length === 1, `Saved cards: ${JSON.stringify(methods)}; billing keys issued: ${issued.length}`)
    assert(!JSON.stringify(methods).includes("billingKey"), "The saved card's answer holds the billing key")
    step("Saved card: one account holder, one billing key issued, one card listed without its key")

    // A PortOne card checkout through the shipped PortOne sandbox.
    const { payment_collection: portOneCollection } = await http(base, "POST", "/store/payment-collections", { body: { cart_id: seeded.portOneCart }, headers: store })
    const { payment_collection: withPortOne } = await http(base, "POST", `/store/payment-collections/${portOneCollection.id}/payment-sessions`, {
      body: { provider_id: "pp_portone_portone", data: { orderName: "제주 감귤 5kg" } },
      headers: store,
    })
    const portOneSession = withPortOne.payment_sessions.find((s) => s.provider_id === "pp_portone_portone")
    const portOnePaymentId = portOneSession.data.portone.paymentId
    // The shopper in PortOne's window.
    const windowAnswer = await http(portOne, "POST", "/sandbox/pay", { body: { paymentId: portOnePaymentId, totalAmount: 21000, payMethod: "CARD" } })
    assert(!windowAnswer.code, `PortOne's window: ${JSON.stringify(windowAnswer)}`)
    const portOneCompleted = await http(base, "POST", "/store/portone/complete", { body: { paymentId: portOnePaymentId }, headers: store })
    assert(portOneCompleted.type === "order", `POST /store/portone/complete: ${JSON.stringify(portOneCompleted)}`)
    const portOneOrder = await orderOf(portOneCompleted.order.id)
    assert(portOneOrder.payment_status === "captured", `The PortOne order is ${portOneOrder.payment_status}, not captured`)
    const portOneRequests = await http(portOne, "GET", "/sandbox/requests")
    const preRegistered = portOneRequests.filter((r) => r.method === "POST" && r.path === `/payments/${encodeURIComponent(portOnePaymentId)}/pre-register` && r.status === 200)
    assert(preRegistered.length === 1 && preRegistered[0].body.totalAmount === 21000, `PortOne's pre-registrations: ${JSON.stringify(preRegistered.map((r) => r.body))}`)
    step(`PortOne card checkout: order ${portOneOrder.id} captured, 21,000 KRW pre-registered at the shipped PortOne sandbox`)

    await stopProcess(server)
    const errors = storeOutput.filter((line) => /error/i.test(line) && /toss|portone/i.test(line))
    assert(errors.length === 0, `The store's output has errors naming the plugin:\n${errors.join("\n")}`)
    step("No error naming the plugin in the store's output")
    ok = true
  } finally {
    for (const child of children.reverse()) await stopProcess(child)
    await db?.end().catch(() => {})
    await postgres?.stop()
    if (ok) fs.rmSync(dir, { recursive: true, force: true })
    else console.error(`The store is kept in ${app}`)
  }
  console.log(`test:install passed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

main().catch((error) => {
  console.error(`✘ ${error.stack ?? error}`)
  process.exit(1)
})
