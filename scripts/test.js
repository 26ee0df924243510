#!/usr/bin/env node
// `npm test`: unit tests, then integration tests against a real Medusa on a
// real Postgres. Uses DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set;
// otherwise starts an embedded Postgres for the run and stops it afterwards.
//
//   node scripts/test.js                    all suites
//   node scripts/test.js unit               unit tests only
//   node scripts/test.js integration [file] integration tests (or one spec)
const { spawnSync } = require("child_process")
const fs = require("fs")
const path = require("path")
const { startPostgres } = require("./postgres")

const root = path.join(__dirname, "..")
const [suite, ...files] = process.argv.slice(2)
const jest = require.resolve("jest/bin/jest")

const totals = { passed: 0, failed: 0 }
let runs = 0

function runJest(testType, args = [], env = process.env) {
  const report = path.join(root, ".cache", `jest-report-${process.pid}-${runs++}.json`)
  fs.mkdirSync(path.dirname(report), { recursive: true })
  const result = spawnSync(process.execPath, [jest, "--runInBand", "--forceExit", "--json", `--outputFile=${report}`, ...args], {
    cwd: root,
    stdio: "inherit",
    // Medusa loads medusa-config.ts with a dynamic import, which jest runs only with vm modules.
    env: { ...env, TEST_TYPE: testType, NODE_ENV: "test", NODE_OPTIONS: "--experimental-vm-modules", MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  if (fs.existsSync(report)) {
    const { numPassedTests, numFailedTests } = JSON.parse(fs.readFileSync(report, "utf8"))
    totals.passed += numPassedTests
    totals.failed += numFailedTests
    fs.rmSync(report)
  }
  return result.status === 0
}

/**
 * Each spec boots its own Medusa application, in a process of its own and,
 * unless a database server is configured, on a Postgres of its own: a second
 * application migrating in a cluster that already served one has been seen
 * to hang in its migrations, and a fresh embedded cluster costs 2–3 s.
 */
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

async function withDatabase(run) {
  if (process.env.DB_HOST) {
    return run(process.env)
  }
  const dataDir = path.join(root, ".cache", `test-postgres-${process.pid}`)
  const postgres = await startPostgres({ dataDir, reset: true })
  try {
    return run({
      ...process.env,
      DB_HOST: postgres.host,
      DB_PORT: String(postgres.port),
      DB_USERNAME: postgres.user,
      DB_PASSWORD: postgres.password,
    })
  } finally {
    await postgres.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function runIntegration() {
  const failed = []
  for (const spec of integrationSpecs()) {
    const ok = await withDatabase((env) => runJest("integration:http", [spec], env))
    if (!ok) {
      failed.push(spec)
    }
  }
  if (failed.length) {
    console.error(`\nFailed integration specs:\n  ${failed.join("\n  ")}`)
  }
  return failed.length === 0
}

async function main() {
  let ok = true
  if (!suite || suite === "unit") {
    ok = runJest("unit") && ok
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
