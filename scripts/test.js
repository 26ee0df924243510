#!/usr/bin/env node
// `npm test`: unit tests, then integration tests against a real Medusa on a
// real Postgres. Uses DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD when set;
// otherwise starts an embedded Postgres for the run and stops it afterwards.
const { spawnSync } = require("child_process")
const fs = require("fs")
const path = require("path")
const { startPostgres } = require("./postgres")

const root = path.join(__dirname, "..")
const suites = process.argv.slice(2).length ? process.argv.slice(2) : ["unit", "integration"]
const jest = require.resolve("jest/bin/jest")

function runJest(testType) {
  const result = spawnSync(process.execPath, [jest, "--runInBand", "--forceExit"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TEST_TYPE: testType, NODE_ENV: "test" },
  })
  return result.status === 0
}

async function main() {
  let ok = true
  if (suites.includes("unit")) {
    ok = runJest("unit") && ok
  }
  if (suites.includes("integration")) {
    let postgres
    const dataDir = path.join(root, ".cache", `test-postgres-${process.pid}`)
    if (!process.env.DB_HOST) {
      postgres = await startPostgres({ dataDir, reset: true })
      Object.assign(process.env, {
        DB_HOST: postgres.host,
        DB_PORT: String(postgres.port),
        DB_USERNAME: postgres.user,
        DB_PASSWORD: postgres.password,
      })
      console.log(`embedded Postgres on port ${postgres.port}`)
    }
    try {
      ok = runJest("integration:http") && ok
    } finally {
      if (postgres) {
        await postgres.stop()
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    }
  }
  process.exit(ok ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
