#!/usr/bin/env node
// `npm test`: unit tests, then integration tests against a real Medusa on a
// real Postgres. Uses DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set;
// otherwise starts an embedded Postgres for the run and stops it afterwards.
//
//   node scripts/test.js                    all suites
//   node scripts/test.js typecheck          the types of the code and of every test, sandbox, demo and benchmark file
//   node scripts/test.js unit               unit tests only
//   node scripts/test.js integration [file] integration tests (or one spec)
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { startPostgres } = require("./postgres")

const root = path.join(__dirname, "..")
const [suite, ...files] = process.argv.slice(2)
const jest = require.resolve("jest/bin/jest")

const totals = { passed: 0, failed: 0 }
let runs = 0

/**
 * Runs jest once; resolves whether it passed, and what its report says.
 * Asynchronous on purpose: this process must keep reading the embedded
 * Postgres's output meanwhile, or Postgres blocks writing its log.
 */
async function runJest(testType, args = []) {
  const report = path.join(root, ".cache", `jest-report-${process.pid}-${runs++}.json`)
  fs.mkdirSync(path.dirname(report), { recursive: true })
  const child = spawn(process.execPath, [jest, "--runInBand", "--forceExit", "--json", `--outputFile=${report}`, ...args], {
    cwd: root,
    stdio: "inherit",
    // Medusa loads medusa-config.ts with a dynamic import, which jest runs only with vm modules.
    env: { ...process.env, TEST_TYPE: testType, NODE_ENV: "test", NODE_OPTIONS: "--experimental-vm-modules", MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  const status = await new Promise((resolve) => child.on("exit", (code) => resolve(code)))
  const run = { ok: status === 0, passed: 0, failed: 0 }
  if (fs.existsSync(report)) {
    const { numPassedTests, numFailedTests } = JSON.parse(fs.readFileSync(report, "utf8"))
    Object.assign(run, { passed: numPassedTests, failed: numFailedTests })
    fs.rmSync(report)
  }
  return run
}

function count(run) {
  totals.passed += run.passed
  totals.failed += run.failed
  return run.ok
}

/** Each spec boots its own Medusa application, in a process of its own. */
function integrationSpecs() {
  if (files.length) {
    return files
  }
  const dir = path.join(root, "integration-tests", "http")
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".spec.ts"))
    .sort()
    .map((name) => path.join("integration-tests", "http", name))
}

async function runIntegration() {
  let postgres
  const dataDir = path.join(root, ".cache", `test-postgres-${process.pid}`)
  if (!process.env.DB_HOST) {
    postgres = await startPostgres({ dataDir, reset: true, throwaway: true })
    Object.assign(process.env, {
      DB_HOST: postgres.host,
      DB_PORT: String(postgres.port),
      DB_USERNAME: postgres.user,
      DB_PASSWORD: postgres.password,
    })
    console.log(`embedded Postgres on port ${postgres.port}`)
  }
  const failed = []
  try {
    for (const spec of integrationSpecs()) {
      if (!count(await runJest("integration:http", [spec]))) {
        failed.push(spec)
      }
    }
  } finally {
    if (postgres) {
      await postgres.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  if (failed.length) {
    console.error(`\nFailed integration specs:\n  ${failed.join("\n  ")}`)
  }
  return failed.length === 0
}

/**
 * tsc over the plugin (tsconfig.json), over what jest runs without
 * checking types (tsconfig.tests.json: the specs, the sandbox, the demo,
 * the benchmark), and over the demo's browser code with the storefront
 * module it bundles (demo/storefront/tsconfig.json: a bundler's resolution,
 * which PortOne's ESM-only browser SDK types need), so that a stale name
 * fails here, not halfway through an integration run.
 */
async function typecheck() {
  const tsc = require.resolve("typescript/bin/tsc")
  for (const project of ["tsconfig.json", "tsconfig.tests.json", "demo/storefront/tsconfig.json"]) {
    const child = spawn(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, stdio: "inherit" })
    const status = await new Promise((resolve) => child.on("exit", (code) => resolve(code)))
    if (status !== 0) {
      console.error(`typecheck: ${project} has type errors`)
      return false
    }
  }
  return true
}

async function main() {
  let ok = true
  if (!suite || suite === "typecheck") {
    ok = (await typecheck()) && ok
  }
  if (!suite || suite === "unit") {
    ok = count(await runJest("unit")) && ok
  }
  if (!suite || suite === "integration") {
    ok = (await runIntegration()) && ok
  }
  // One closing line for the whole run (each jest process prints its own).
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`)
  process.exit(ok ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
