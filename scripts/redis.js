// Starts a throwaway redis-server (Debian's package) on a free loopback port,
// for the cluster tests and `npm run demo -- --cluster`: nothing is saved to
// disk, and it stops with the run.
const { spawn } = require("child_process")
const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")
const { freePort } = require("./free-port")

const READY_TIMEOUT_MS = 10_000

function findExecutable(name) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name)
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return null
}

/**
 * The caller must keep its event loop running while Redis runs: its output
 * is piped into this process.
 *
 * @param {{ needs: string }} options what needs Redis, for the message when it is not installed
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function startRedis({ needs }) {
  const executable = findExecutable("redis-server")
  if (!executable) {
    throw new Error(`${needs} needs Redis: redis-server is not installed (Debian/Ubuntu: \`apt-get install redis-server\`).`)
  }
  const port = await freePort()
  const child = spawn(
    executable,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir()],
    // Its own process group: a signal to the run's group (Ctrl-C, SIGTERM)
    // reaches it through stop(), after the Medusa instances that need it to
    // shut down, not before.
    { stdio: ["ignore", "pipe", "pipe"], detached: true }
  )
  let output = ""
  const keep = (chunk) => (output = (output + chunk).slice(-4000))
  child.stdout.on("data", keep)
  child.stderr.on("data", keep)
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)))
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!(await answersPing(port))) {
    const ended = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(null), 100))])
    if (ended || Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`redis-server did not start (${ended ?? "no answer"}):\n${output}`)
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM")
        await exited
      }
    },
  }
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.setTimeout(1000)
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => {
      socket.destroy()
      resolve(data.toString().startsWith("+PONG"))
    })
    socket.once("timeout", () => socket.destroy())
    socket.once("error", () => resolve(false))
    socket.once("close", () => resolve(false))
  })
}

module.exports = { startRedis }
